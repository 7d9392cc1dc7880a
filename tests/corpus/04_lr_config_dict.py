# expect: DF101
import numpy as np
import tensorflow as tf
from tensorflow import keras

CONFIG = {
    "lr": 3.0,
    "batch_size": 64,
    "epochs": 30,
    "hidden_units": [256, 128],
}

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

model = keras.Sequential()
model.add(keras.Input(shape=(784,)))
for units in CONFIG["hidden_units"]:
    model.add(keras.layers.Dense(units, activation="relu"))
model.add(keras.layers.Dense(10, activation="softmax"))

model.compile(
    optimizer=keras.optimizers.RMSprop(learning_rate=CONFIG["lr"]),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(x_train, y_train, batch_size=CONFIG["batch_size"], epochs=CONFIG["epochs"],
          validation_data=(x_test, y_test))
