# expect:
# The default is a placeholder from an old sweep; every call passes its own rate.
import numpy as np
from tensorflow import keras


def build_model(input_dim, lr=10.0):
    model = keras.Sequential([
        keras.Input(shape=(input_dim,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr), loss="mse")
    return model


x_train = np.random.normal(size=(2000, 8)).astype("float32")
y_train = np.random.normal(size=(2000,)).astype("float32")

model = build_model(8, lr=1e-3)
model.fit(x_train, y_train, epochs=10, batch_size=32)
