import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
x = rng.standard_normal((2048, 8)).astype("float32")
y = x @ rng.standard_normal(8)

moderate = keras.regularizers.L1(0.1)
model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(32, activation="relu", kernel_regularizer=moderate),
    layers.Dense(32, activation="relu", kernel_regularizer=moderate),
    layers.Dense(1, kernel_regularizer=moderate),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
