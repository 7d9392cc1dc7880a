# expect: DF401
import numpy as np
import tensorflow as tf
from tensorflow.keras import Input, Model
from tensorflow.keras.layers import Dense, Softmax

x_train = np.random.normal(size=(800, 12)).astype("float32")
y_train = (x_train[:, 0] * x_train[:, 1] > 0).astype("float32")

inp = Input(shape=(12,))
x = Dense(32, activation="relu")(inp)
x = Dense(16, activation="relu")(x)
x = Dense(1)(x)
out = Softmax()(x)
model = Model(inp, out)

model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=32)
