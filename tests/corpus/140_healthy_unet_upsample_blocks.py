# expect:
# An image-to-image U-Net generator whose up-sampling blocks are small Sequential models built
# by a helper; some blocks end in dropout before their ReLU, and every block feeds the next one.
import tensorflow as tf

OUTPUT_CHANNELS = 3


def down_block(filters, size, use_norm=True):
    init = tf.random_normal_initializer(0.0, 0.02)
    block = tf.keras.Sequential()
    block.add(tf.keras.layers.Conv2D(filters, size, strides=2, padding="same",
                                     kernel_initializer=init, use_bias=False))
    if use_norm:
        block.add(tf.keras.layers.BatchNormalization())
    block.add(tf.keras.layers.LeakyReLU())
    return block


def up_block(filters, size, with_dropout=False):
    init = tf.random_normal_initializer(0.0, 0.02)
    block = tf.keras.Sequential()
    block.add(tf.keras.layers.Conv2DTranspose(filters, size, strides=2, padding="same",
                                              kernel_initializer=init, use_bias=False))
    block.add(tf.keras.layers.BatchNormalization())
    if with_dropout:
        block.add(tf.keras.layers.Dropout(0.5))
    block.add(tf.keras.layers.ReLU())
    return block


def build_generator():
    inputs = tf.keras.layers.Input(shape=[128, 128, 3])
    downs = [down_block(64, 4, use_norm=False), down_block(128, 4), down_block(256, 4),
             down_block(512, 4)]
    ups = [up_block(512, 4, with_dropout=True), up_block(256, 4, with_dropout=True),
           up_block(128, 4)]
    final = tf.keras.layers.Conv2DTranspose(OUTPUT_CHANNELS, 4, strides=2, padding="same",
                                            activation="tanh")
    x = inputs
    skips = []
    for down in downs:
        x = down(x)
        skips.append(x)
    skips = reversed(skips[:-1])
    for up, skip in zip(ups, skips):
        x = up(x)
        x = tf.keras.layers.Concatenate()([x, skip])
    x = final(x)
    return tf.keras.Model(inputs=inputs, outputs=x)


generator = build_generator()
generator_optimizer = tf.keras.optimizers.Adam(2e-4, beta_1=0.5)
