# expect:
import argparse

import numpy as np
from tensorflow import keras

parser = argparse.ArgumentParser()
parser.add_argument("--optimizer", choices=["sgd", "adam"], default="adam")
parser.add_argument("--epochs", type=int, default=20)
args = parser.parse_args()

if args.optimizer == "sgd":
    opt = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)
else:
    opt = keras.optimizers.Adam(learning_rate=0.001)

x_train = np.random.normal(size=(2000, 16)).astype("float32")
y_train = np.random.randint(0, 4, size=(2000,))

model = keras.Sequential([
    keras.Input(shape=(16,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(4, activation="softmax"),
])
model.compile(optimizer=opt, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=args.epochs, batch_size=32)
