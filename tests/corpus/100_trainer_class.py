# expect: DF101
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


class Trainer:
    def __init__(self, n_features, n_classes):
        self.n_features = n_features
        self.n_classes = n_classes
        self.model = None

    def build(self):
        self.model = keras.Sequential([
            keras.Input(shape=(self.n_features,)),
            layers.Dense(64, activation="relu"),
            layers.Dense(64, activation="relu"),
            layers.Dense(self.n_classes, activation="softmax"),
        ])
        self.model.compile(optimizer=keras.optimizers.Adam(learning_rate=10.0),
                           loss="sparse_categorical_crossentropy", metrics=["accuracy"])

    def train(self, x, y, epochs=10):
        return self.model.fit(x, y, epochs=epochs, batch_size=32, validation_split=0.2)


if __name__ == "__main__":
    x = np.random.normal(size=(1000, 12)).astype("float32")
    y = np.random.randint(0, 4, size=(1000,))
    trainer = Trainer(n_features=12, n_classes=4)
    trainer.build()
    trainer.train(x, y)
