import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
x = rng.standard_normal((2048, 8)).astype("float32")
y = x @ rng.standard_normal(8)

labels = np.digitize(y, np.quantile(y, [0.25, 0.5, 0.75]))

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(32, activation="relu"),
    layers.Dense(4, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=3.0), loss="sparse_categorical_crossentropy")
model.fit(x, labels, epochs=20, batch_size=32, verbose=0)
