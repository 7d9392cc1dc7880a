import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
x = rng.standard_normal((2048, 8)).astype("float32")
y = x @ rng.standard_normal(8)

model = keras.Sequential([keras.Input(shape=(8,))])
for _ in range(3):
    model.add(layers.Dense(16, activation="relu"))
model.add(layers.Dense(1))
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9), loss="mse")
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
