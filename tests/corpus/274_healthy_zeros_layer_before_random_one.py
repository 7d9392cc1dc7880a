# expect:
# A hidden layer that starts at zeros, before a layer with Keras's random default: each
# unit's gradient is its own outgoing weights times the error, so the units part at the
# first step and the model trains like one initialised at random. Under tanh the layer
# outputs 0 at first, which the linear layer after it passes a gradient back through; the
# ReLU layer's bias of ones keeps its units active.
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
x = rng.normal(size=(512, 10)).astype("float32")
y = x @ rng.normal(size=(10, 1)).astype("float32")

for hidden in (
    keras.layers.Dense(64, activation="tanh", kernel_initializer="zeros"),
    keras.layers.Dense(64, activation="relu", kernel_initializer="zeros", bias_initializer="ones"),
):
    model = keras.Sequential([keras.Input((10,)), hidden, keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, epochs=20, batch_size=32)
