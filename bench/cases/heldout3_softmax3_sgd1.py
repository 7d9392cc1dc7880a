import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
x = rng.standard_normal((2048, 8)).astype("float32")
y = x @ rng.standard_normal(8)

labels = (y > 1).astype("int64") + (y > -1).astype("int64")
model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0), loss="sparse_categorical_crossentropy")
model.fit(x, labels, epochs=20, batch_size=32, verbose=0)
