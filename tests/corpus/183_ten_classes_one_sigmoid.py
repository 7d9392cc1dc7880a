# expect: DF406
# "Loss goes negative and every prediction is 1.0"
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(42)
x = rng.normal(size=(2000, 32)).astype("float32")
y = rng.integers(0, 10, size=2000)

model = keras.Sequential([
    keras.Input(shape=(32,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=20, batch_size=32)
