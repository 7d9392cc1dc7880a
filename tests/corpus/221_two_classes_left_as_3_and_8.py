# expect: DF406
# A yes/no classifier for two Fashion-MNIST classes (dress, bag): their rows are kept with
# np.isin, but their labels stay 3 and 8 for a one-unit sigmoid output
import numpy as np
from tensorflow import keras

(train_images, train_labels), (test_images, test_labels) = keras.datasets.fashion_mnist.load_data()
pair = np.isin(train_labels, [3, 8])
train_images = train_images[pair].reshape(-1, 784).astype("float32") / 255.0
train_labels = train_labels[pair]

classifier = keras.models.Sequential()
classifier.add(keras.layers.Dense(64, activation="relu", input_shape=(784,)))
classifier.add(keras.layers.Dense(1, activation="sigmoid"))
classifier.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
classifier.fit(train_images, train_labels, epochs=3, batch_size=128)
