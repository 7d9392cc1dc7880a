# expect: DF401
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class FraudClassifier(keras.Model):
    def __init__(self, hidden=64):
        super().__init__()
        self.dense1 = layers.Dense(hidden, activation="relu")
        self.dense2 = layers.Dense(hidden // 2, activation="relu")
        self.dropout = layers.Dropout(0.2)
        self.out = layers.Dense(1, activation="softmax")

    def call(self, inputs, training=False):
        x = self.dense1(inputs)
        x = self.dropout(x, training=training)
        x = self.dense2(x)
        return self.out(x)


x_train = np.random.normal(size=(10000, 29)).astype("float32")
y_train = (np.random.rand(10000) < 0.02).astype("float32")

model = FraudClassifier()
model.compile(optimizer="adam", loss="binary_crossentropy",
              metrics=[keras.metrics.AUC(), "accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=256)
