import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
x = rng.standard_normal((2048, 8)).astype("float32")
y = x @ rng.standard_normal(8)

targets = 1.0 / (1.0 + np.exp(-y))
model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="mse")
model.fit(x, targets, epochs=20, batch_size=32, verbose=0)
