# expect: DF403
import numpy as np
import tensorflow as tf

CONFIG = {
    "hidden": 64,
    "loss": "categorical_crossentropy",
    "optimizer": "adam",
    "epochs": 25,
}

x_train = np.random.normal(size=(2000, 9)).astype("float32")
y_train = np.random.randint(0, 2, size=(2000, 1)).astype("float32")

model = tf.keras.Sequential([
    tf.keras.Input(shape=(9,)),
    tf.keras.layers.Dense(CONFIG["hidden"], activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=CONFIG["optimizer"], loss=CONFIG["loss"], metrics=["accuracy"])
model.fit(x_train, y_train, epochs=CONFIG["epochs"])
