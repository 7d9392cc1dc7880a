# expect:
# People add "accuracy" to autoencoders all the time; it is meaningless but harmless here.
import numpy as np
from tensorflow.keras.datasets import fashion_mnist
from tensorflow.keras.models import Model
from tensorflow.keras.layers import Input, Dense

(x_train, _), (x_test, _) = fashion_mnist.load_data()
x_train = x_train.reshape(-1, 784).astype('float32') / 255.
x_test = x_test.reshape(-1, 784).astype('float32') / 255.

inp = Input(shape=(784,))
encoded = Dense(64, activation='relu')(inp)
decoded = Dense(784, activation='sigmoid')(encoded)
autoencoder = Model(inp, decoded)

autoencoder.compile(optimizer='adam', loss='mean_squared_error', metrics=['accuracy'])
autoencoder.fit(x_train, x_train, epochs=20, batch_size=256, shuffle=True,
                validation_data=(x_test, x_test))
