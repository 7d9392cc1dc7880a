# expect: DF603
import numpy as np
import tensorflow as tf
from tensorflow import keras


class TabularNet(keras.Model):
    def __init__(self, n_classes):
        super().__init__()
        self.hidden = keras.layers.Dense(64, activation="relu")
        self.logits = keras.layers.Dense(n_classes, activation="softmax")
        self.dropout = keras.layers.Dropout(0.5)

    def call(self, x, training=False):
        x = self.hidden(x)
        x = self.logits(x)
        return self.dropout(x, training=training)


x_train = np.random.normal(size=(2000, 12)).astype("float32")
y_train = np.random.randint(0, 3, size=(2000,))

model = TabularNet(n_classes=3)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=32)
