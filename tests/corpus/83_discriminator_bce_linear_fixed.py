# expect:
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

real = np.load("real_samples.npy").astype("float32")
fake = np.random.normal(size=real.shape).astype("float32")
x = np.concatenate([real, fake])
y = np.concatenate([np.ones(len(real)), np.zeros(len(fake))]).astype("float32")

discriminator = tf.keras.Sequential([
    layers.Input(shape=(real.shape[1],)),
    layers.Dense(128),
    layers.LeakyReLU(0.2),
    layers.Dense(64),
    layers.LeakyReLU(0.2),
    layers.Dense(1),
])
discriminator.compile(optimizer=tf.keras.optimizers.Adam(2e-4, beta_1=0.5),
                      loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
                      metrics=["accuracy"])
discriminator.fit(x, y, epochs=5, batch_size=128, shuffle=True)
