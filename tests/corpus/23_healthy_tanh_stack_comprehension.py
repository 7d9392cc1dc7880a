# expect:
import numpy as np
import keras
from keras import layers

DEPTH = 6
WIDTH = 64

x = np.random.uniform(-1, 1, size=(2000, 3)).astype("float32")
y = np.sin(3 * x[:, 0]) * np.cos(2 * x[:, 1]) + x[:, 2]

model = keras.Sequential(
    [keras.Input(shape=(3,))]
    + [layers.Dense(WIDTH, activation="tanh") for _ in range(DEPTH)]
    + [layers.Dense(1)]
)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse")
model.fit(x, y, epochs=100, batch_size=128)
