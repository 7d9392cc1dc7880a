# MNIST-sized: 60,000 flattened 28x28 images of 10 classes (noisy prototypes), an MLP, 5 epochs.
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
prototypes = rng.uniform(0.0, 1.0, size=(10, 784)).astype("float32")
y_train = rng.integers(0, 10, size=60_000)
x_train = prototypes[y_train] + 0.6 * rng.standard_normal((60_000, 784), dtype=np.float32)
x_train = np.clip(x_train, 0.0, 1.0)

model = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(128, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)
