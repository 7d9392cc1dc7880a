import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
x = rng.standard_normal((2048, 8)).astype("float32")
y = x @ rng.standard_normal(8)

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(64, activation="tanh"),
    layers.Dense(64, activation="tanh"),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(x * 100.0, y, epochs=20, batch_size=32, verbose=0)
