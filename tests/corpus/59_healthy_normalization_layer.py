# expect:
# Raw, unscaled features go through a Normalization layer adapted on the training data
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

X = np.array([
    [2104, 3, 1995, 0.21],
    [1600, 3, 1987, 0.35],
    [2400, 3, 2001, 0.12],
    [1416, 2, 1979, 0.40],
    [3000, 4, 2010, 0.05],
], dtype="float32")
y = np.array([399.9, 329.9, 369.0, 232.0, 539.9], dtype="float32")

normalizer = layers.Normalization(axis=-1)
normalizer.adapt(X)

model = keras.Sequential([
    keras.Input(shape=(4,)),
    normalizer,
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
])
model.compile(loss="mean_absolute_error", optimizer=tf.keras.optimizers.Adam(0.001))
model.fit(X, y, epochs=100, verbose=0)
