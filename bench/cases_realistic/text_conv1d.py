# The shape of Keras's "Text classification from scratch" example: 25,000 reviews of 500 word
# ids from a 20,000-word vocabulary (the label set by which of two word groups is more frequent),
# an embedding, two strided 1-D convolutions, 3 epochs of batch 32.
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
max_features, length = 20_000, 500
x_train = rng.integers(1, max_features, size=(25_000, length))
positive, negative = np.arange(1, 201), np.arange(201, 401)
score = np.isin(x_train, positive).sum(axis=1) - np.isin(x_train, negative).sum(axis=1)
y_train = (score + rng.normal(0.0, 1.0, size=25_000) > 0).astype("float32")

inputs = keras.Input(shape=(length,), dtype="int64")
x = layers.Embedding(max_features, 128)(inputs)
x = layers.Dropout(0.5)(x)
x = layers.Conv1D(128, 7, padding="valid", activation="relu", strides=3)(x)
x = layers.Conv1D(128, 7, padding="valid", activation="relu", strides=3)(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dense(128, activation="relu")(x)
x = layers.Dropout(0.5)(x)
outputs = layers.Dense(1, activation="sigmoid", name="predictions")(x)
model = keras.Model(inputs, outputs)
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=3, verbose=0)
