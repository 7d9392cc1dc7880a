# A small CNN on 20,000 28x28 grey images of 10 classes (shifted noisy strokes), 3 epochs.
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
prototypes = (rng.uniform(size=(10, 28, 28)) > 0.8).astype("float32")
y_train = rng.integers(0, 10, size=20_000)
shifts = rng.integers(-2, 3, size=(20_000, 2))
x_train = np.stack([np.roll(prototypes[c], tuple(s), axis=(0, 1)) for c, s in zip(y_train, shifts)])
x_train = np.clip(x_train + 0.3 * rng.standard_normal(x_train.shape, dtype=np.float32), 0.0, 1.0)
x_train = x_train[..., None].astype("float32")

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3, batch_size=32, verbose=0)
