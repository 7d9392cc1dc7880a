import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
x = rng.uniform(0, 1000, size=(2048, 8)).astype("float32")
y = x @ rng.uniform(0, 10, 8)
model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0), loss="mse")
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
