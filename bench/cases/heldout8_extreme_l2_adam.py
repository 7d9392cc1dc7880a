import numpy as np
import keras
from keras import layers, regularizers

rng = np.random.default_rng(14)
x = rng.standard_normal((3000, 20)).astype("float32")
y = (x[:, :10].sum(axis=1) > 0).astype("float32")

reg = regularizers.l2(10.0)  # meant 1e-4
model = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64, activation="relu", kernel_regularizer=reg),
    layers.Dense(64, activation="relu", kernel_regularizer=reg),
    layers.Dense(1, activation="sigmoid", kernel_regularizer=reg),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
