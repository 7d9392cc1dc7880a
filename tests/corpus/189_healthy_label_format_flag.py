# expect:
# One script, two label formats chosen on the command line: each loss meets its own labels.
import argparse

from tensorflow import keras

parser = argparse.ArgumentParser()
parser.add_argument("--sparse", action="store_true")
args = parser.parse_args()

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

if args.sparse:
    loss = "sparse_categorical_crossentropy"
else:
    loss = "categorical_crossentropy"
if not args.sparse:
    y_train = keras.utils.to_categorical(y_train, 10)
    y_test = keras.utils.to_categorical(y_test, 10)

model = keras.Sequential([
    keras.layers.Flatten(input_shape=(28, 28)),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, validation_data=(x_test, y_test))
