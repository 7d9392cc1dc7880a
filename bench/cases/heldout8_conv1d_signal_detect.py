import numpy as np
import keras
from keras import layers

# detect whether a short sine burst is hidden in a noisy sequence
rng = np.random.default_rng(4)
n, steps = 2048, 64
x = 0.5 * rng.standard_normal((n, steps, 1)).astype("float32")
y = rng.integers(0, 2, size=n).astype("float32")
t = np.arange(16)
for i in np.where(y == 1)[0]:
    start = rng.integers(0, steps - 16)
    x[i, start:start + 16, 0] += np.sin(t * 0.8)

model = keras.Sequential([
    keras.Input(shape=(steps, 1)),
    layers.Conv1D(16, 5, activation="relu", padding="same"),
    layers.MaxPooling1D(2),
    layers.Conv1D(16, 5, activation="relu", padding="same"),
    layers.GlobalMaxPooling1D(),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=20, batch_size=64, verbose=0)
