# expect:
# Class counts read off the labels in the usual ways: every pairing here is right
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.reuters.load_data(num_words=10000)
num_classes = np.max(y_train) + 1
x_train = keras.preprocessing.text.Tokenizer(num_words=10000).sequences_to_matrix(x_train)
y_train_one_hot = keras.utils.to_categorical(y_train, num_classes)

model = keras.Sequential([
    layers.Dense(64, activation="relu", input_shape=(10000,)),
    layers.Dense(y_train_one_hot.shape[1], activation="softmax"),
])
model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train_one_hot, epochs=9, batch_size=512)

sparse_model = keras.Sequential([
    layers.Dense(64, activation="relu", input_shape=(10000,)),
    layers.Dense(len(np.unique(y_train)), activation="softmax"),
])
sparse_model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy")
sparse_model.fit(x_train, np.argmax(y_train_one_hot, axis=1), epochs=9, batch_size=512)

rng = np.random.default_rng(0)
features = rng.normal(size=(500, 8))
targets = np.eye(3)[rng.integers(0, 3, size=500)]
small = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(3, activation="softmax")])
small.compile(optimizer="adam", loss="categorical_crossentropy")
small.fit(features, targets, epochs=5)

xor_x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
xor_y = np.array([[0], [1], [1], [0]])
xor = keras.Sequential([layers.Dense(8, activation="tanh"), layers.Dense(1, activation="sigmoid")])
xor.compile(optimizer="adam", loss="binary_crossentropy")
xor.fit(xor_x, xor_y, epochs=500)
