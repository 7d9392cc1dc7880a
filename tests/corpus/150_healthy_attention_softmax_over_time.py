# expect:
# Additive attention as its own subclassed model: one score per time step from a Dense(1),
# normalised by a softmax over the time axis, not over the single unit.
import tensorflow as tf


class AdditiveAttention(tf.keras.Model):
    def __init__(self, units):
        super().__init__()
        self.query_proj = tf.keras.layers.Dense(units)
        self.values_proj = tf.keras.layers.Dense(units)
        self.score = tf.keras.layers.Dense(1)

    def call(self, query, values):
        query_with_time = tf.expand_dims(query, 1)
        energy = self.score(tf.nn.tanh(self.query_proj(query_with_time) + self.values_proj(values)))
        weights = tf.nn.softmax(energy, axis=1)
        context = tf.reduce_sum(weights * values, axis=1)
        return context, weights


attention = AdditiveAttention(10)
