# expect: DF301
from tensorflow import keras
from tensorflow.keras import layers


def load_mnist():
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train = x_train.reshape(-1, 784).astype("float32")
    x_test = x_test.reshape(-1, 784).astype("float32")
    return (x_train, y_train), (x_test, y_test)


def build_model():
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(256, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


if __name__ == "__main__":
    (x_train, y_train), (x_test, y_test) = load_mnist()
    model = build_model()
    model.fit(x_train, y_train, epochs=5, batch_size=128, validation_data=(x_test, y_test))
