import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(1)
x = rng.standard_normal((2000, 10)).astype("float32")
w = rng.standard_normal(10)
y = ((x @ w + 0.5 * x[:, 0] * x[:, 1]) > 0).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(32, activation="sigmoid"),
    layers.Dense(32, activation="sigmoid"),
    layers.Dense(16, activation="sigmoid"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=20, batch_size=32, validation_split=0.1, verbose=0)
