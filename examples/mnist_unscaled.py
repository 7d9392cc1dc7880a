"""MNIST loaded from keras.datasets and fed to the network as raw 0-255 pixels.

Not run by the tests (it downloads MNIST). With pixels in the hundreds the first
layer saturates and a large fraction of ReLU units die in the first few updates.
Defib reports DF301 (unscaled-input-features); its fix divides the images by 255
where they are loaded.
"""
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32")
x_test = x_test.reshape(-1, 784).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(256, activation="relu"),
    layers.Dense(128, activation="relu"),
    layers.Dense(10, activation="softmax"),
])

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=128, validation_data=(x_test, y_test))
