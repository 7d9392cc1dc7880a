# expect:
import numpy as np
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Dense, Flatten


def preprocess(images):
    return images.astype("float32") / 255.0


(x_train, y_train), (x_test, y_test) = mnist.load_data()

model = Sequential([
    Flatten(input_shape=(28, 28)),
    Dense(128, activation="relu"),
    Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

x_train = preprocess(x_train)
x_test = preprocess(x_test)
model.fit(x_train, y_train, epochs=5, validation_data=(x_test, y_test))
