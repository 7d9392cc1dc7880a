"""A healthy control: scaled inputs, ReLU hidden layers, linear output, Adam at 1e-3.

Defib reports nothing for this file; the probe's verdict should be "healthy".
"""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(2)
x_train = rng.normal(size=(512, 10)).astype("float32")
true_w = rng.normal(size=(10, 1)).astype("float32")
y_train = np.tanh(x_train @ true_w) + 0.05 * rng.normal(size=(512, 1)).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(32, activation="relu"),
    layers.Dense(1),
])

model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse", metrics=["mae"])
model.fit(x_train, y_train, epochs=2, batch_size=32, validation_split=0.1, verbose=0)

print(model.evaluate(x_train, y_train, verbose=0))
