# expect:
import numpy as np
import tensorflow as tf

features = np.random.rand(4000, 20).astype("float32")
labels = (features.sum(axis=1) > 10).astype("float32")

net = tf.keras.models.Sequential([
    tf.keras.layers.Dense(64, activation="relu", input_shape=(20,)),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
net.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.01), loss="binary_crossentropy", metrics=["accuracy"])
net.fit(features, labels, epochs=20, batch_size=32)
