# expect:
# The same regression with a linear output, which can reach the prices.
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
features = rng.normal(size=(1000, 8))
prices = 50 + rng.random(1000) * 450

model = keras.Sequential(
    [
        keras.Input((8,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1),
    ]
)
model.compile(optimizer="adam", loss="mse")
model.fit(features, prices, epochs=30, batch_size=32)
