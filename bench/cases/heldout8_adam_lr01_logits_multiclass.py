import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(24)
n, classes = 4000, 8
x = rng.standard_normal((n, 16)).astype("float32")
labels = np.argmax(x @ rng.standard_normal((16, classes)), axis=1)
y = keras.utils.to_categorical(labels, classes)

inputs = keras.Input(shape=(16,))
h = layers.Dense(128, activation="relu")(inputs)
h = layers.Dense(128, activation="relu")(h)
h = layers.Dense(128, activation="relu")(h)
logits = layers.Dense(classes)(h)
model = keras.Model(inputs, logits)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1),
              loss=keras.losses.CategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
model.fit(x, y, epochs=20, batch_size=64, verbose=0)
