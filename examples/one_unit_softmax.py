"""A binary classifier whose single output unit goes through softmax.

Softmax over one unit is always exactly 1.0, so every prediction is the same and
the loss never moves. Defib reports DF401 (softmax-on-single-unit) and DF403
(categorical_crossentropy on a one-unit output).
"""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x_train = rng.normal(size=(256, 8)).astype("float32")
y_train = (x_train[:, 0] + x_train[:, 1] > 0).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="softmax"),
])

model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=2, batch_size=32, verbose=0)

print(model.predict(x_train[:5], verbose=0).ravel())  # [1. 1. 1. 1. 1.]
