# expect: DF401
import numpy as np
import tensorflow as tf

x_train = np.random.normal(size=(1200, 7)).astype("float32")
y_train = np.random.randint(0, 2, size=(1200,)).astype("float32")

model = tf.keras.Sequential([
    tf.keras.layers.InputLayer(input_shape=(7,)),
    tf.keras.layers.Dense(units=24, activation=tf.nn.relu),
    tf.keras.layers.Dense(units=12, activation=tf.nn.relu),
    tf.keras.layers.Dense(units=1, activation=tf.nn.softmax),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=15, batch_size=32, validation_split=0.2)
