import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(13)
x = rng.standard_normal((2048, 16)).astype("float32")
y = (x @ rng.standard_normal(16)).astype("float32")

model = keras.Sequential([keras.Input(shape=(16,))])
for _ in range(8):
    model.add(layers.Dense(32))
    model.add(layers.Activation("sigmoid"))
model.add(layers.Dense(1))
model.compile(optimizer=keras.optimizers.SGD(learning_rate=1e-5), loss="mse")
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
