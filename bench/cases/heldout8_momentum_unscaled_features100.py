import numpy as np
import keras
from keras import layers

# sensor readings around 100 with spread ~30, not standardised
rng = np.random.default_rng(19)
x = (100.0 + 30.0 * rng.standard_normal((2048, 6))).astype("float32")
y = ((x - 100.0) @ rng.standard_normal(6) / 30.0).astype("float32")

inputs = keras.Input(shape=(6,))
h = layers.Dense(16, activation="relu")(inputs)
h = layers.Dense(16, activation="relu")(h)
outputs = layers.Dense(1)(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=1e-5, momentum=0.9), loss="mse")
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
