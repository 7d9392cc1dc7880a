# expect:
# Reproducible training the usual ways: global seeds set once at the top, a generator that
# seeds before its loop, a validation generator that reseeds each pass (it must see the same
# batches every time), and a Sequence that draws from a generator object seeded per batch
# index. None of them repeats the training batches.
import random

import numpy as np
import tensorflow as tf
from tensorflow import keras

SEED = 1234
random.seed(SEED)
np.random.seed(SEED)
tf.random.set_seed(SEED)

x_train = np.load("features_train.npy")
y_train = np.load("labels_train.npy")
x_val = np.load("features_val.npy")
y_val = np.load("labels_val.npy")


def shuffled_batches(x, y, batch_size=64, seed=SEED):
    np.random.seed(seed)  # once per generator: a reproducible stream
    while True:
        order = np.random.permutation(len(x))
        for start in range(0, len(x) - batch_size + 1, batch_size):
            idx = order[start:start + batch_size]
            noise = np.random.normal(0.0, 0.05, x[idx].shape)
            yield x[idx] + noise, y[idx]


def fixed_validation(x, y, batch_size=64):
    while True:
        np.random.seed(0)
        idx = np.random.choice(len(x), batch_size, replace=False)
        yield x[idx], y[idx]


class JitteredRows(keras.utils.Sequence):
    def __init__(self, x, y, batch_size=64):
        super().__init__()
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return len(self.x) // self.batch_size

    def __getitem__(self, index):
        rng = np.random.RandomState(SEED + index)
        idx = rng.choice(len(self.x), self.batch_size, replace=False)
        return self.x[idx] * rng.uniform(0.95, 1.05), self.y[idx]


model = keras.Sequential([
    keras.Input((x_train.shape[1],)),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(
    shuffled_batches(x_train, y_train),
    steps_per_epoch=len(x_train) // 64,
    validation_data=fixed_validation(x_val, y_val),
    validation_steps=10,
    epochs=30,
)
model.fit(JitteredRows(x_train, y_train), epochs=5)
