# expect:
# expect-info:
# The same, with the word counts floored at 1: an empty document stays all zeros.
import numpy as np
from tensorflow import keras

counts = np.loadtxt("term_counts.csv", delimiter=",")
topics = np.loadtxt("topics.csv", dtype=int)

frequencies = counts.astype("float32")
frequencies /= np.maximum(frequencies.sum(1).reshape(-1, 1), 1.0)

model = keras.models.Sequential()
model.add(keras.layers.Dense(128, activation="relu", input_shape=(frequencies.shape[1],)))
model.add(keras.layers.Dropout(0.3))
model.add(keras.layers.Dense(20, activation="softmax"))
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(frequencies, topics, epochs=10, batch_size=64, validation_split=0.1)
