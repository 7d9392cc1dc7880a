# expect:
# The shared encoder ends in Dropout; it is a feature extractor, not the model's output.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x_a = np.random.normal(size=(3000, 32)).astype("float32")
x_b = np.random.normal(size=(3000, 32)).astype("float32")
same = np.random.randint(0, 2, size=(3000,)).astype("float32")

encoder = keras.Sequential([
    keras.Input(shape=(32,)),
    layers.Dense(128, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dropout(0.3),
], name="encoder")

in_a = keras.Input(shape=(32,))
in_b = keras.Input(shape=(32,))
distance = layers.Subtract()([encoder(in_a), encoder(in_b)])
distance = layers.Lambda(lambda t: keras.ops.abs(t))(distance)
output = layers.Dense(1, activation="sigmoid")(distance)
siamese = keras.Model([in_a, in_b], output)

siamese.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
siamese.fit([x_a, x_b], same, epochs=10, batch_size=64)
