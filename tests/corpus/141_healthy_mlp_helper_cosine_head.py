# expect:
# A patch-based classifier whose MLP helper ends each of its dense layers with dropout; the
# helper's result feeds a cosine-similarity head, a layer class of the file.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

num_classes = 100
projection_dim = 64


def mlp(x, hidden_units, dropout_rate):
    for units in hidden_units:
        x = layers.Dense(units, activation=tf.nn.gelu)(x)
        x = layers.Dropout(dropout_rate)(x)
    return x


class CosineHead(layers.Layer):
    def __init__(self, classes, scale=16.0, **kwargs):
        super().__init__(**kwargs)
        self.classes = classes
        self.scale = scale

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.classes), initializer="glorot_uniform")

    def call(self, inputs):
        x = tf.math.l2_normalize(inputs, axis=-1)
        w = tf.math.l2_normalize(self.w, axis=0)
        return tf.nn.softmax(self.scale * tf.matmul(x, w))


inputs = keras.Input(shape=(64, projection_dim))
x = layers.LayerNormalization(epsilon=1e-6)(inputs)
x = layers.Flatten()(x)
x = layers.Dropout(0.3)(x)
features = mlp(x, hidden_units=[512, 256], dropout_rate=0.3)
outputs = CosineHead(num_classes)(features)
model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
