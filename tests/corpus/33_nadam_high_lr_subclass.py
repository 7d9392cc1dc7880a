# expect: DF101
import numpy as np
import tensorflow as tf


class MLP(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden1 = tf.keras.layers.Dense(128, activation="relu")
        self.hidden2 = tf.keras.layers.Dense(64, activation="relu")
        self.head = tf.keras.layers.Dense(10, activation="softmax")

    def call(self, x):
        return self.head(self.hidden2(self.hidden1(x)))


(x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784) / 255.0

model = MLP()
model.compile(optimizer=tf.keras.optimizers.Nadam(learning_rate=0.8),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3, batch_size=128)
