# expect: DF401
# A subclassed churn classifier applies softmax to its one-unit output inside call():
# the prediction is 1.0 for every customer.
import numpy as np
import tensorflow as tf


class ChurnModel(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = tf.keras.layers.Dense(32, activation="relu")
        self.score = tf.keras.layers.Dense(1)

    def call(self, inputs):
        x = self.hidden(inputs)
        return tf.nn.softmax(self.score(x))


x_train = np.random.normal(size=(4000, 12)).astype("float32")
y_train = np.random.randint(0, 2, size=(4000, 1)).astype("float32")
model = ChurnModel()
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=64)
