# expect: DF401
# A Lambda layer applies softmax over the single output unit of a subclassed scorer.
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers


class Scorer(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.body = layers.Dense(64, activation="relu")
        self.logit = layers.Dense(1)
        self.prob = layers.Lambda(tf.nn.softmax)

    def call(self, inputs):
        return self.prob(self.logit(self.body(inputs)))


x_train = np.random.normal(size=(2000, 20)).astype("float32")
y_train = np.random.randint(0, 2, size=(2000, 1)).astype("float32")
model = Scorer()
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x_train, y_train, epochs=5)
