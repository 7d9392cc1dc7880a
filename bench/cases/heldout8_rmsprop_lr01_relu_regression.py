import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(21)
x = rng.uniform(-3, 3, size=(2048, 4)).astype("float32")
y = (np.sin(x[:, 0]) * x[:, 1] + 0.5 * x[:, 2] - x[:, 3] ** 2 / 3).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(4,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.1), loss="mse")
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
