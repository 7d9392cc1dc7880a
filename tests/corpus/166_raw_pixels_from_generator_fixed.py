# expect:
# Synthetic 8x8 "images" drawn as raw 0-255 pixel values and fed to a dense classifier
import numpy as np
import keras

rng = np.random.default_rng(42)
n = 2000
images = rng.integers(0, 256, size=(n, 8, 8)) / 255.0
labels = (images.mean(axis=(1, 2)) > 0.5).astype("int32")

model = keras.Sequential([
    keras.Input(shape=(8, 8)),
    keras.layers.Flatten(),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(images, labels, epochs=10, batch_size=32)
