# The shape of Keras's "Simple MNIST convnet" example: 60,000 28x28 grey images of 10 classes
# (shifted noisy strokes here), two conv + pool blocks, dropout, 15 epochs of batch 128.
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
prototypes = (rng.uniform(size=(10, 28, 28)) > 0.8).astype("float32")
y_train = rng.integers(0, 10, size=60_000)
shifts = rng.integers(-2, 3, size=(60_000, 2))
x_train = np.stack([np.roll(prototypes[c], tuple(s), axis=(0, 1)) for c, s in zip(y_train, shifts)])
x_train = np.clip(x_train + 0.3 * rng.standard_normal(x_train.shape, dtype=np.float32), 0.0, 1.0)
x_train = x_train[..., None].astype("float32")
y_train = keras.utils.to_categorical(y_train, 10)

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
    layers.MaxPooling2D(pool_size=(2, 2)),
    layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
    layers.MaxPooling2D(pool_size=(2, 2)),
    layers.Flatten(),
    layers.Dropout(0.5),
    layers.Dense(10, activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=15, validation_split=0.1, verbose=0)
