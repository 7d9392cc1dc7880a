"""A three-class classifier whose last layer is linear, trained with a loss that
expects probabilities.

The loss treats raw logits as probabilities, clips them into (0, 1) and the
gradients mostly vanish; accuracy sits at chance. Defib reports DF404
(crossentropy-without-probabilities); the safe fix passes `from_logits=True`.
"""
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(3)
x_train = rng.normal(size=(300, 6)).astype("float32")
y_train = np.argmax(x_train[:, :3], axis=1)

inputs = keras.Input(shape=(6,))
x = keras.layers.Dense(32, activation="relu")(inputs)
x = keras.layers.Dense(32, activation="relu")(x)
outputs = keras.layers.Dense(3)(x)
model = keras.Model(inputs, outputs)

model.compile(
    optimizer="adam",
    loss=keras.losses.SparseCategoricalCrossentropy(),
    metrics=["accuracy"],
)
model.fit(x_train, y_train, epochs=2, batch_size=32, verbose=0)

print(model.evaluate(x_train, y_train, verbose=0))
