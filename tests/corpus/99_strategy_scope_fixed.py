# expect:
import numpy as np
import tensorflow as tf

strategy = tf.distribute.MirroredStrategy()
print("Number of devices:", strategy.num_replicas_in_sync)

x_train = np.random.normal(size=(20000, 40)).astype("float32")
y_train = np.random.randint(0, 2, size=(20000,)).astype("float32")

with strategy.scope():
    model = tf.keras.Sequential([
        tf.keras.layers.Input(shape=(40,)),
        tf.keras.layers.Dense(256, activation="relu"),
        tf.keras.layers.Dense(128, activation="relu"),
        tf.keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

model.fit(x_train, y_train, epochs=10, batch_size=256 * strategy.num_replicas_in_sync)
