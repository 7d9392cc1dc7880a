# expect:
# A denoising convolutional autoencoder: the targets are clean images scaled to [0, 1], so a
# ReLU output cannot be pushed below zero by the targets.
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

(x_train, _), (x_test, _) = tf.keras.datasets.mnist.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
x_train = x_train[..., np.newaxis]
x_test = x_test[..., np.newaxis]
noisy_train = np.clip(x_train + 0.3 * np.random.normal(size=x_train.shape), 0.0, 1.0)
noisy_test = np.clip(x_test + 0.3 * np.random.normal(size=x_test.shape), 0.0, 1.0)

inputs = tf.keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 3, activation="relu", padding="same")(inputs)
x = layers.MaxPooling2D(2, padding="same")(x)
x = layers.Conv2D(32, 3, activation="relu", padding="same")(x)
x = layers.UpSampling2D(2)(x)
outputs = layers.Conv2D(1, 3, activation="relu", padding="same")(x)
denoiser = tf.keras.Model(inputs, outputs)
denoiser.compile(optimizer="adam", loss="mse")
denoiser.fit(noisy_train, x_train, epochs=10, batch_size=128,
             validation_data=(noisy_test, x_test))
