# expect:
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models

x_train = np.random.normal(size=(8000, 50)).astype("float32")
y_train = np.random.randint(0, 10, size=(8000,))

model = models.Sequential([
    layers.Input(shape=(50,)),
    layers.Dense(256, activation="tanh"),
    layers.BatchNormalization(),
    layers.Dense(256, activation="tanh"),
    layers.BatchNormalization(),
    layers.Dense(256, activation="tanh"),
    layers.BatchNormalization(),
    layers.Dense(256, activation="tanh"),
    layers.BatchNormalization(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=128)
