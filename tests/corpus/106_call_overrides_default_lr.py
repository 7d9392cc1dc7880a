# expect: DF101
import numpy as np
from tensorflow import keras


def build_model(input_dim, lr=1e-3, dropout=0.2):
    model = keras.Sequential([
        keras.Input(shape=(input_dim,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr),
                  loss="binary_crossentropy", metrics=["accuracy"])
    return model


x_train = np.random.normal(size=(4000, 20)).astype("float32")
y_train = np.random.randint(0, 2, size=(4000,)).astype("float32")

model = build_model(20, lr=10.0)
model.fit(x_train, y_train, epochs=10, batch_size=64)
