# expect: DF601
# Every kernel starts as ones, the output's too: the 32 hidden units feed identical weights,
# get identical gradients and stay identical, so the hidden layer acts as one unit.
import numpy as np
import tensorflow as tf

x_train = np.random.rand(600, 5).astype("float32")
y_train = (x_train.sum(axis=1) > 2.5).astype("float32")

inputs = tf.keras.Input(shape=(5,))
hidden = tf.keras.layers.Dense(32, activation="sigmoid", kernel_initializer="ones")(inputs)
outputs = tf.keras.layers.Dense(1, activation="sigmoid", kernel_initializer="ones")(hidden)
model = tf.keras.Model(inputs=inputs, outputs=outputs)

model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=30, batch_size=16)
