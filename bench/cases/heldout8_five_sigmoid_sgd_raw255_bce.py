import numpy as np
import keras

# five sigmoid layers, plain SGD, raw 0-255 inputs, binary cross-entropy
rng = np.random.default_rng(10)
x = rng.integers(0, 256, size=(2048, 32)).astype("float32")
y = (x[:, :16].mean(axis=1) > x[:, 16:].mean(axis=1)).astype("float32")

model = keras.Sequential()
model.add(keras.Input(shape=(32,)))
model.add(keras.layers.Dense(64, activation="sigmoid"))
model.add(keras.layers.Dense(64, activation="sigmoid"))
model.add(keras.layers.Dense(64, activation="sigmoid"))
model.add(keras.layers.Dense(64, activation="sigmoid"))
model.add(keras.layers.Dense(64, activation="sigmoid"))
model.add(keras.layers.Dense(1, activation="sigmoid"))
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="binary_crossentropy",
              metrics=["accuracy"])
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
