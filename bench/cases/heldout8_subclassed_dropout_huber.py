import numpy as np
import keras
from keras import layers


class Regressor(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden1 = layers.Dense(64, activation="relu")
        self.drop1 = layers.Dropout(0.3)
        self.hidden2 = layers.Dense(32, activation="relu")
        self.drop2 = layers.Dropout(0.3)
        self.out = layers.Dense(1)

    def call(self, inputs, training=False):
        h = self.drop1(self.hidden1(inputs), training=training)
        h = self.drop2(self.hidden2(h), training=training)
        return self.out(h)


rng = np.random.default_rng(8)
x = rng.uniform(-2, 2, size=(2500, 5)).astype("float32")
y = (x[:, 0] * x[:, 1] + np.cos(x[:, 2]) + 0.1 * rng.standard_normal(2500)).astype("float32")

model = Regressor()
model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3), loss=keras.losses.Huber())
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
