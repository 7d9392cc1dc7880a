import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(16)
x = rng.standard_normal((2048, 16)).astype("float32")
y = (x @ rng.standard_normal(16) + np.sin(x[:, 0])).astype("float32")

dead = keras.initializers.Constant(-10.0)
model = keras.Sequential([
    keras.Input(shape=(16,)),
    layers.Dense(64, activation="relu", bias_initializer=dead),
    layers.Dense(64, activation="relu", bias_initializer=dead),
    layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
