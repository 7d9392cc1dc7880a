import numpy as np
import keras


class Classifier(keras.Model):
    def __init__(self):
        super().__init__()
        self.h1 = keras.layers.Dense(32, activation="sigmoid")
        self.h2 = keras.layers.Dense(32, activation="sigmoid")
        self.head = keras.layers.Dense(1, activation="sigmoid")

    def call(self, x):
        return self.head(self.h2(self.h1(x)))


rng = np.random.default_rng(23)
x = rng.standard_normal((2048, 8)).astype("float32")
y = ((x ** 2).sum(axis=1) > 8.0).astype("float32")  # inside / outside a sphere

model = Classifier()
model.compile(optimizer=keras.optimizers.SGD(learning_rate=2.0), loss="binary_crossentropy",
              metrics=["accuracy"])
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
