# Tabular regression: 50,000 rows of 20 standardised features, a nonlinear target, 5 epochs.
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
x_train = rng.standard_normal((50_000, 20)).astype("float32")
w = rng.standard_normal(20)
y_train = (np.tanh(x_train @ w / 4.0) * 3.0 + 0.5 * x_train[:, 0] * x_train[:, 1]).astype("float32")
y_train += rng.normal(0.0, 0.1, size=50_000).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(x_train, y_train, epochs=5, batch_size=64, verbose=0)
