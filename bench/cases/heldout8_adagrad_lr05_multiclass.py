import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(20)
n, classes = 3000, 6
centers = 2.0 * rng.standard_normal((classes, 10))
labels = rng.integers(0, classes, size=n)
x = (centers[labels] + rng.standard_normal((n, 10))).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(classes, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adagrad(learning_rate=0.5),
              loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
model.fit(x, labels, epochs=20, batch_size=32, verbose=0)
