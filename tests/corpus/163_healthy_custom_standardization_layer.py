# expect:
# A standardisation layer written by hand and adapted on a sample, first in the model
import numpy as np
from tensorflow import keras

(X_train_full, y_train_full), (X_test, y_test) = keras.datasets.fashion_mnist.load_data()
X_valid, X_train = X_train_full[:5000], X_train_full[5000:]
y_valid, y_train = y_train_full[:5000], y_train_full[5000:]


class Standardization(keras.layers.Layer):
    def adapt(self, data_sample):
        self.means_ = np.mean(data_sample, axis=0, keepdims=True)
        self.stds_ = np.std(data_sample, axis=0, keepdims=True)

    def call(self, inputs):
        return (inputs - self.means_) / (self.stds_ + keras.backend.epsilon())


standardization = Standardization(input_shape=[28, 28])
standardization.adapt(X_train[:1000].astype(np.float32))
model = keras.models.Sequential([
    standardization,
    keras.layers.Flatten(),
    keras.layers.Dense(100, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="nadam", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=5, validation_data=(X_valid, y_valid))


# A layer without adapt() that standardises with statistics it is given.
class Standardize(keras.layers.Layer):
    def __init__(self, mean, std, **kwargs):
        super().__init__(**kwargs)
        self.mean, self.std = mean, std

    def call(self, inputs):
        return (inputs - self.mean) / self.std


inputs = keras.Input(shape=(28, 28))
x = Standardize(X_train.mean(), X_train.std())(inputs)
x = keras.layers.Flatten()(x)
outputs = keras.layers.Dense(10, activation="softmax")(keras.layers.Dense(64, activation="relu")(x))
functional = keras.Model(inputs, outputs)
functional.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
functional.fit(X_train, y_train, epochs=5)
