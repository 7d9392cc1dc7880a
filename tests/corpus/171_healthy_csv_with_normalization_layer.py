# expect:
# Columns read with np.loadtxt, standardised by a Normalization layer adapted on them.
import numpy as np
import tensorflow as tf

table = np.loadtxt("measurements.txt", delimiter=",", skiprows=1)
x, y = table[:, :-1], table[:, -1]

normalizer = tf.keras.layers.Normalization(axis=-1)
normalizer.adapt(x)
model = tf.keras.Sequential([
    normalizer,
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mae")
model.fit(x, y, epochs=100, verbose=0)
