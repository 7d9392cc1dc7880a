# expect:
# A super-resolution network trained from a generator of (low, high) resolution patches that
# the checker cannot read. Its output is an image: each ReLU output channel is a map over
# every pixel of every patch, so it would have to be negative everywhere to die.
import glob

import numpy as np
from PIL import Image
from tensorflow import keras
from tensorflow.keras import layers


def patches(folder, batch_size=16, size=33, scale=2):
    files = sorted(glob.glob(folder + "/*.png"))
    while True:
        np.random.shuffle(files)
        for start in range(0, len(files) - batch_size + 1, batch_size):
            high, low = [], []
            for name in files[start:start + batch_size]:
                image = Image.open(name).convert("RGB").resize((size, size))
                small = image.resize((size // scale, size // scale)).resize((size, size))
                high.append(np.asarray(image, dtype="float32") / 255.0)
                low.append(np.asarray(small, dtype="float32") / 255.0)
            yield np.stack(low), np.stack(high)


def build(channels=3, f1=9, f2=1, f3=5):
    inputs = keras.Input((None, None, channels))
    x = layers.Conv2D(64, (f1, f1), activation="relu", padding="same")(inputs)
    x = layers.Conv2D(32, (f2, f2), activation="relu", padding="same")(x)
    out = layers.Conv2D(channels, (f3, f3), activation="relu", padding="same", name="output")(x)
    return keras.Model(inputs, out)


model = build()
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
model.fit(patches("train"), steps_per_epoch=200, epochs=50,
          validation_data=patches("val"), validation_steps=20)
model.save("srcnn.keras")
