import numpy as np
import keras
from keras import layers

# 8x8 greyscale images fed in as raw 0-255 values (forgot to divide by 255)
rng = np.random.default_rng(9)
n = 3000
labels = rng.integers(0, 5, size=n)
x = rng.integers(0, 256, size=(n, 64)).astype("float32")
for k in range(5):
    x[labels == k, k * 12:(k + 1) * 12] = 255.0
y = keras.utils.to_categorical(labels, 5)

model = keras.Sequential([
    keras.Input(shape=(64,)),
    layers.Dense(128, activation="sigmoid"),
    layers.Dense(64, activation="sigmoid"),
    layers.Dense(32, activation="sigmoid"),
    layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
