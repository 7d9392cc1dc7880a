# expect:
# DCGAN-style training loop: the discriminator outputs logits and the loss says so.
import tensorflow as tf
from tensorflow.keras import layers

(train_images, _), (_, _) = tf.keras.datasets.mnist.load_data()
train_images = train_images.reshape(-1, 784).astype("float32")
train_images = (train_images - 127.5) / 127.5
dataset = tf.data.Dataset.from_tensor_slices(train_images).shuffle(60000).batch(256)

generator = tf.keras.Sequential([
    layers.Input(shape=(100,)),
    layers.Dense(256, use_bias=False),
    layers.BatchNormalization(),
    layers.LeakyReLU(),
    layers.Dense(784, activation="tanh"),
])
discriminator = tf.keras.Sequential([
    layers.Input(shape=(784,)),
    layers.Dense(256),
    layers.LeakyReLU(),
    layers.Dropout(0.3),
    layers.Dense(1),
])

cross_entropy = tf.keras.losses.BinaryCrossentropy(from_logits=True)
generator_optimizer = tf.keras.optimizers.Adam(1e-4)
discriminator_optimizer = tf.keras.optimizers.Adam(1e-4)


@tf.function
def train_step(images):
    noise = tf.random.normal([tf.shape(images)[0], 100])
    with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
        generated = generator(noise, training=True)
        real_output = discriminator(images, training=True)
        fake_output = discriminator(generated, training=True)
        gen_loss = cross_entropy(tf.ones_like(fake_output), fake_output)
        disc_loss = (cross_entropy(tf.ones_like(real_output), real_output)
                     + cross_entropy(tf.zeros_like(fake_output), fake_output))
    gen_grads = gen_tape.gradient(gen_loss, generator.trainable_variables)
    disc_grads = disc_tape.gradient(disc_loss, discriminator.trainable_variables)
    generator_optimizer.apply_gradients(zip(gen_grads, generator.trainable_variables))
    discriminator_optimizer.apply_gradients(zip(disc_grads, discriminator.trainable_variables))


for epoch in range(50):
    for batch in dataset:
        train_step(batch)
