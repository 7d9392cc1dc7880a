# expect:
# A policy network whose mean layer starts at zero (every action equally likely at first) and
# feeds a sampling layer of the file, which holds no kernel of its own.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

ACTION_DIM = 2


class GaussianSample(layers.Layer):
    def __init__(self, log_std=-0.5, **kwargs):
        super().__init__(**kwargs)
        self.log_std = log_std

    def call(self, mean):
        return mean + tf.exp(self.log_std) * tf.random.normal(tf.shape(mean))


state = keras.Input(shape=(8,), name="state")
x = layers.Dense(64, activation="tanh")(state)
x = layers.Dense(64, activation="tanh")(x)
mean = layers.Dense(ACTION_DIM, kernel_initializer="zeros", name="mean")(x)
action = GaussianSample()(mean)
actor = keras.Model(state, action)
