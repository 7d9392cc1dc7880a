# expect: DF408
# A house-price regression kept the sigmoid output of the classifier it was copied from:
# prices in thousands reach 500, which a sigmoid never exceeds, so every prediction is 1.0.
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
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="mse")
model.fit(features, prices, epochs=30, batch_size=32)
