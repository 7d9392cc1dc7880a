# expect:
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


def dense_block(x, units, dropout=0.1):
    x = layers.Dense(units)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    return layers.Dropout(dropout)(x)


x_train = np.random.normal(size=(8000, 32)).astype("float32")
y_train = np.random.normal(size=(8000,)).astype("float32")

inputs = keras.Input(shape=(32,))
x = dense_block(inputs, 256)
x = dense_block(x, 128)
x = dense_block(x, 64)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer="adam", loss="huber")
model.fit(x_train, y_train, epochs=20, batch_size=128, validation_split=0.1)
