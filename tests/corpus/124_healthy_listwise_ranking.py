# expect:
# ListNet-style ranking: one score per item, softmax across the items of each query.
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

N_ITEMS, N_FEATURES = 10, 24
x_train = np.random.normal(size=(5000, N_ITEMS, N_FEATURES)).astype("float32")
relevance = np.random.rand(5000, N_ITEMS, 1).astype("float32")
y_train = relevance / relevance.sum(axis=1, keepdims=True)

inputs = tf.keras.Input(shape=(N_ITEMS, N_FEATURES))
h = layers.Dense(64, activation="relu")(inputs)
h = layers.Dense(32, activation="relu")(h)
scores = layers.Dense(1)(h)
outputs = layers.Softmax(axis=1)(scores)
model = tf.keras.Model(inputs, outputs)

model.compile(optimizer="adam", loss=tf.keras.losses.CategoricalCrossentropy(axis=1))
model.fit(x_train, y_train, epochs=10, batch_size=128)
