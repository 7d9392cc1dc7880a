# expect:
# A convolutional VAE on face crops. Its train_step sums the squared error over the 4,096
# pixels of each crop before adding the KL term summed over the 16 latent dimensions, as
# the loss's derivation asks: both terms count every value they cover.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

LATENT = 16


class Sampling(layers.Layer):
    def call(self, inputs):
        mean, log_var = inputs
        return mean + tf.exp(0.5 * log_var) * tf.random.normal(tf.shape(mean))


def encoder():
    inputs = keras.Input((64, 64, 1))
    x = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(inputs)
    x = layers.Conv2D(64, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Flatten()(x)
    mean = layers.Dense(LATENT)(x)
    log_var = layers.Dense(LATENT)(x)
    return keras.Model(inputs, [mean, log_var, Sampling()([mean, log_var])])


def decoder():
    codes = keras.Input((LATENT,))
    x = layers.Dense(16 * 16 * 64, activation="relu")(codes)
    x = layers.Reshape((16, 16, 64))(x)
    x = layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Conv2DTranspose(1, 3, strides=2, padding="same", activation="sigmoid")(x)
    return keras.Model(codes, layers.Flatten()(x))


class FaceVAE(keras.Model):
    def __init__(self):
        super().__init__()
        self.encoder = encoder()
        self.decoder = decoder()

    def train_step(self, images):
        with tf.GradientTape() as tape:
            mean, log_var, z = self.encoder(images)
            decoded = self.decoder(z)
            flat = tf.reshape(images, (-1, 64 * 64))
            reconstruction = 64 * 64 * keras.losses.mse(flat, decoded)
            kl = -0.5 * tf.reduce_sum(1 + log_var - tf.square(mean) - tf.exp(log_var), axis=1)
            loss = tf.reduce_mean(reconstruction + kl)
        grads = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        return {"loss": loss}


faces = np.load("faces_64.npy").astype("float32")[..., None] / 255.0
vae = FaceVAE()
vae.compile(optimizer=keras.optimizers.Adam(1e-3))
vae.fit(faces, epochs=30, batch_size=64)
