# expect:
# Zero *biases* are the default and fine; so is a zero-initialised output layer.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x_train = np.random.normal(size=(3000, 20)).astype("float32")
y_train = np.random.randint(0, 2, size=(3000,)).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64, activation="relu", kernel_initializer="he_normal", bias_initializer="zeros"),
    layers.Dense(64, activation="relu", kernel_initializer="he_normal", bias_initializer="zeros"),
    layers.Dense(1, activation="sigmoid", kernel_initializer="zeros"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=32)
