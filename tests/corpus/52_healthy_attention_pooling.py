# expect:
# Additive attention pooling over time steps: softmax over the sequence axis, not over units
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

vocab_size, maxlen = 10000, 120
x_train = np.random.randint(1, vocab_size, size=(2000, maxlen))
y_train = np.random.randint(0, 2, size=(2000,))

tokens = keras.Input(shape=(maxlen,), dtype="int32")
emb = layers.Embedding(vocab_size, 64)(tokens)
h = layers.Bidirectional(layers.GRU(32, return_sequences=True))(emb)
energy = layers.Dense(64, activation="tanh")(h)
scores = layers.Dense(1)(energy)
weights = layers.Softmax(axis=1)(scores)
context = layers.Dot(axes=1)([weights, h])
context = layers.Flatten()(context)
hidden = layers.Dense(32, activation="relu")(context)
output = layers.Dense(1, activation="sigmoid")(hidden)

model = keras.Model(tokens, output)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=64)
