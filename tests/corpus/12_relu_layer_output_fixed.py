# expect:
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
X = rng.normal(size=(4000, 8)).astype("float32")
y = X @ rng.normal(size=(8,)) - 1.0

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(64),
    layers.ReLU(),
    layers.Dense(32),
    layers.ReLU(),
    layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=keras.losses.MeanSquaredError())
model.fit(X, y, epochs=20, batch_size=64)
