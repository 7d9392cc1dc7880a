import numpy as np
import keras

rng = np.random.default_rng(2)
x = rng.normal(size=(3000, 6)).astype("float32")
y = (np.sin(x[:, 0]) + x[:, 1] ** 2 - 1.0 > 0).astype("float32")

model = keras.Sequential()
model.add(keras.Input(shape=(6,)))
model.add(keras.layers.Dense(32, activation="tanh"))
model.add(keras.layers.Dense(32, activation="tanh"))
model.add(keras.layers.Dense(1, activation="sigmoid"))
# lr=0.3 is high for SGD but the net is shallow and the inputs are standardised
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.3),
              loss=keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
model.fit(x, y, epochs=20, batch_size=64, verbose=0)
