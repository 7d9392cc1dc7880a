# expect: DF601
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, initializers

x = np.random.normal(size=(2500, 14)).astype("float32")
y = np.random.normal(size=(2500, 1)).astype("float32")

init = initializers.Zeros()

inputs = tf.keras.Input(shape=(14,))
h = layers.Dense(64, activation="relu", kernel_initializer=init)(inputs)
h = layers.Dense(64, activation="relu", kernel_initializer=init)(h)
outputs = layers.Dense(1)(h)
model = tf.keras.Model(inputs, outputs)

model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=20, batch_size=64)
