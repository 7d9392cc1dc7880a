import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(6)
x = rng.standard_normal((3000, 12)).astype("float32")
y = (np.tanh(x[:, :6] @ rng.standard_normal(6)) + 0.3 * (x[:, 6:] ** 2).sum(axis=1)).astype("float32")

inputs = keras.Input(shape=(12,))
deep = layers.Dense(32, activation="relu")(inputs)
deep = layers.Dense(32, activation="relu")(deep)
wide = layers.Dense(8)(inputs)
merged = layers.Concatenate()([deep, wide])
outputs = layers.Dense(1)(merged)
model = keras.Model(inputs, outputs)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3),
              loss=keras.losses.MeanSquaredError(), metrics=["mae"])
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
