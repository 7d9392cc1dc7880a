import numpy as np
import keras
from keras import layers

# 150 samples, 3 classes, 4 features: an iris-sized problem
rng = np.random.default_rng(3)
centers = np.array([[5.0, 3.4, 1.5, 0.2], [5.9, 2.8, 4.3, 1.3], [6.6, 3.0, 5.5, 2.0]])
labels = np.repeat(np.arange(3), 50)
x = (centers[labels] + 0.35 * rng.standard_normal((150, 4))).astype("float32")
perm = rng.permutation(150)
x, labels = x[perm], labels[perm]
x = (x - x.mean(axis=0)) / x.std(axis=0)

model = keras.Sequential([
    keras.Input(shape=(4,)),
    layers.Dense(10, activation="relu"),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(x, labels, epochs=20, batch_size=8, verbose=0)
