# expect:
# A notebook exported to a script: a classifier first, then a regressor on other data.
import numpy as np
import tensorflow as tf
from tensorflow import keras

x_cls = np.random.normal(size=(1000, 8)).astype("float32")
y_cls = np.random.randint(0, 3, size=(1000,))

model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_cls, y_cls, epochs=5)

x_reg = np.random.normal(size=(1000, 4)).astype("float32")
y_reg = x_reg.sum(axis=1) - 2.0

model = keras.Sequential([
    keras.Input(shape=(4,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(x_reg, y_reg, epochs=5)
