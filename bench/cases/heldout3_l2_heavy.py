import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
x = rng.standard_normal((2048, 8)).astype("float32")
y = x @ rng.standard_normal(8)

heavy = keras.regularizers.L2(10.0)
model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(32, activation="relu", kernel_regularizer=heavy),
    layers.Dense(32, activation="relu", kernel_regularizer=heavy),
    layers.Dense(1, kernel_regularizer=heavy),
])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
