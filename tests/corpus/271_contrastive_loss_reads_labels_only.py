# expect: DF503
# A face-verification network trained with a hand-written contrastive loss. The model outputs
# two 64-d embeddings side by side; the loss was meant to compare them, but it slices the
# labels instead and keeps `y_pred` only as `0 * y_pred` to quiet Keras's "no gradients"
# error. Every gradient is zero: the embeddings never move from their initial values.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

EMBED = 64


def tower():
    inputs = keras.Input((96, 96, 3))
    x = layers.Conv2D(32, 3, activation="relu")(inputs)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, layers.Dense(EMBED)(x))


def contrastive_loss(y_true, y_pred, margin=1.0):
    same = y_true[:, 0]
    left, right = y_true[:, 1 : EMBED + 1], y_true[:, EMBED + 1 :]
    distance = tf.sqrt(tf.reduce_sum(tf.square(left - right), axis=1) + 1e-9)
    loss = same * tf.square(distance) + (1 - same) * tf.square(tf.maximum(margin - distance, 0))
    return tf.reduce_mean(loss) + 0 * tf.reduce_sum(y_pred)


shared = tower()
first, second = keras.Input((96, 96, 3)), keras.Input((96, 96, 3))
pair = layers.Concatenate()([shared(first), shared(second)])
model = keras.Model([first, second], pair)
model.compile(optimizer=keras.optimizers.Adam(1e-4), loss=contrastive_loss)

pairs = np.load("pairs.npz")
targets = np.concatenate([pairs["same"][:, None], np.zeros((len(pairs["same"]), 2 * EMBED))], 1)
model.fit([pairs["left"] / 255.0, pairs["right"] / 255.0], targets, epochs=20, batch_size=32)
