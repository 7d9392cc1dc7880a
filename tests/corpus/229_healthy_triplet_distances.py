# expect:
# Triplet embeddings: squared distances (no square root), and a softplus margin.
import tensorflow as tf
from tensorflow import keras


def squared_distance(pair):
    a, b = pair
    return tf.reduce_sum(tf.square(a - b), axis=-1, keepdims=True)


def soft_margin(_, distances):
    positive, negative = distances[:, 0], distances[:, 1]
    return tf.reduce_mean(tf.math.log(1.0 + tf.exp(positive - negative)))


encoder = keras.Sequential([keras.Input((64,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(16)])
anchor, near, far = keras.Input((64,)), keras.Input((64,)), keras.Input((64,))
d_near = keras.layers.Lambda(squared_distance)([encoder(anchor), encoder(near)])
d_far = keras.layers.Lambda(squared_distance)([encoder(anchor), encoder(far)])
model = keras.Model([anchor, near, far], keras.layers.Concatenate()([d_near, d_far]))
model.compile(optimizer="adam", loss=soft_margin)
