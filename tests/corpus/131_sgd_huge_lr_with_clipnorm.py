# expect: DF101
# "I added gradient clipping so the learning rate can be large, right?"
import numpy as np
import tensorflow as tf

x_train = np.random.normal(size=(4000, 10)).astype("float32")
y_train = np.random.normal(size=(4000, 1)).astype("float32")

model = tf.keras.Sequential([
    tf.keras.Input(shape=(10,)),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=50.0, clipnorm=1.0), loss="mse")
model.fit(x_train, y_train, epochs=20, batch_size=32)
