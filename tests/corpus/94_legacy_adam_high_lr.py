# expect: DF101
# TF 2.11+ on an M1 Mac: the legacy optimizer, with a learning rate copied from a typo
import numpy as np
import tensorflow as tf

x_train = np.random.normal(size=(6000, 28)).astype("float32")
y_train = np.random.randint(0, 2, size=(6000,)).astype("float32")

model = tf.keras.Sequential([
    tf.keras.layers.Dense(300, activation="selu", kernel_initializer="lecun_normal", input_shape=(28,)),
    tf.keras.layers.Dense(100, activation="selu", kernel_initializer="lecun_normal"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=tf.keras.optimizers.legacy.Adam(learning_rate=2.0),
              loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, validation_split=0.1)
