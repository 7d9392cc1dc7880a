# expect: DF403
import numpy as np
import keras
from keras import layers, losses

x_train = np.random.normal(size=(512, 6)).astype("float32")
y_train = np.random.randint(0, 2, size=(512, 1)).astype("float32")

inputs = keras.Input(shape=(6,))
x = layers.Dense(16, activation="relu")(inputs)
x = layers.Dense(8, activation="relu")(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer="adam", loss=losses.sparse_categorical_crossentropy, metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=32)
