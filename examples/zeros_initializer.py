"""A regression network whose hidden layers all start at zero.

With every weight equal, every unit in a layer computes the same thing and receives
the same gradient, so the units never become different; under ReLU they are all dead
from the first step and the output is the bias alone. Defib reports DF601
(constant-initializer) as an error on each hidden layer.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras

rng = np.random.default_rng(1)
x_train = rng.uniform(-1.0, 1.0, size=(512, 4)).astype("float32")
y_train = (x_train @ np.array([1.5, -2.0, 0.5, 1.0], dtype="float32")).reshape(-1, 1)

model = keras.Sequential([
    keras.Input(shape=(4,)),
    keras.layers.Dense(64, activation="relu", kernel_initializer="zeros"),
    keras.layers.Dense(64, activation="relu", kernel_initializer="zeros"),
    keras.layers.Dense(1),
])

model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse")
model.fit(x_train, y_train, epochs=2, batch_size=64, verbose=0)

print(model.predict(x_train[:5], verbose=0).ravel())
