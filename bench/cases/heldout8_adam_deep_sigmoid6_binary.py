import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(18)
x = rng.standard_normal((2048, 10)).astype("float32")
y = (x[:, 0] * x[:, 1] > 0).astype("float32")  # XOR-like quadrants

model = keras.Sequential([keras.Input(shape=(10,))])
for _ in range(6):
    model.add(layers.Dense(32, activation="sigmoid"))
model.add(layers.Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
