# The shape of TensorFlow's "Basic text classification" tutorial: 25,000 reviews of 250 word ids
# from a 10,000-word vocabulary (the label set by which of two word groups is more frequent), an
# embedding averaged over the review, 10 epochs of batch 32.
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
max_features, length = 10_000, 250
x_train = rng.integers(1, max_features, size=(25_000, length))
positive, negative = np.arange(1, 201), np.arange(201, 401)
score = np.isin(x_train, positive).sum(axis=1) - np.isin(x_train, negative).sum(axis=1)
y_train = (score + rng.normal(0.0, 1.0, size=25_000) > 0).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(length,), dtype="int64"),
    layers.Embedding(max_features, 16),
    layers.Dropout(0.2),
    layers.GlobalAveragePooling1D(),
    layers.Dropout(0.2),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["binary_accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=10, verbose=0)
