import numpy as np
import keras
from keras import layers

# 8x8 grey "digits": four stroke patterns with noise, scaled to [0, 1]
rng = np.random.default_rng(5)
patterns = np.zeros((4, 8, 8), dtype="float32")
patterns[0, :, 3:5] = 255
patterns[1, 3:5, :] = 255
patterns[2][np.eye(8, dtype=bool)] = 255
patterns[3][np.fliplr(np.eye(8, dtype=bool))] = 255
labels = rng.integers(0, 4, size=2400)
images = patterns[labels] + rng.uniform(0, 120, size=(2400, 8, 8))
images = np.clip(images, 0, 255)[..., None] / 255.0
y = keras.utils.to_categorical(labels, 4)

model = keras.Sequential([
    keras.Input(shape=(8, 8, 1)),
    layers.Conv2D(8, 3, activation="relu", padding="same"),
    layers.MaxPooling2D(),
    layers.Conv2D(16, 3, activation="relu", padding="same"),
    layers.Flatten(),
    layers.Dense(32, activation="relu"),
    layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(images.astype("float32"), y, epochs=20, batch_size=32, verbose=0)
