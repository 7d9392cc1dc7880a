# expect:
import numpy as np
import tensorflow as tf
from tensorflow import keras

act = keras.activations.relu

x_train = np.random.normal(size=(1000, 10)).astype("float32")
y_train = np.random.normal(size=(1000,)).astype("float32")

inputs = keras.Input(shape=(10,))
x = keras.layers.Dense(128, activation=act)(inputs)
x = keras.layers.Dense(128, activation=act)(x)
x = keras.layers.Dense(128, activation=act)(x)
x = keras.layers.Dense(128, activation=act)(x)
outputs = keras.layers.Dense(1)(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer="adam", loss="mse")
model.fit(x_train, y_train, epochs=20, batch_size=32)
