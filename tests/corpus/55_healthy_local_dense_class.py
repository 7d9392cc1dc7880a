# expect:
# A from-scratch numpy network in the style of "Neural Networks and Deep Learning";
# Keras is only used to download MNIST. Dense and SGD here are our own classes.
import numpy as np
from tensorflow import keras


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class Dense:
    def __init__(self, n_in, n_out, activation="sigmoid", kernel_initializer="zeros"):
        self.W = np.random.randn(n_in, n_out) / np.sqrt(n_in)
        self.b = np.zeros(n_out) if kernel_initializer == "zeros" else np.random.randn(n_out)
        self.activation = activation

    def forward(self, x):
        self.x = x
        self.out = sigmoid(x @ self.W + self.b)
        return self.out

    def backward(self, grad):
        grad = grad * self.out * (1 - self.out)
        self.dW = self.x.T @ grad / len(grad)
        self.db = grad.mean(axis=0)
        return grad @ self.W.T


class SGD:
    def __init__(self, learning_rate=3.0):
        self.learning_rate = learning_rate

    def step(self, layers):
        for layer in layers:
            layer.W -= self.learning_rate * layer.dW
            layer.b -= self.learning_rate * layer.db


class Sequential:
    def __init__(self, layers):
        self.layers = layers

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad):
        for layer in reversed(self.layers):
            grad = layer.backward(grad)

    def fit(self, x, y, epochs, optimizer, batch_size=10):
        for _ in range(epochs):
            for i in range(0, len(x), batch_size):
                out = self.forward(x[i:i + batch_size])
                self.backward(out - y[i:i + batch_size])
                optimizer.step(self.layers)


(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784) / 255.0
y_onehot = np.eye(10)[y_train]

net = Sequential([
    Dense(784, 30, activation="sigmoid"),
    Dense(30, 30, activation="sigmoid"),
    Dense(30, 10, activation="sigmoid", kernel_initializer="zeros"),
])
net.fit(x_train, y_onehot, epochs=30, optimizer=SGD(learning_rate=3.0))
print(net.forward(x_train[:5]).argmax(axis=1))
