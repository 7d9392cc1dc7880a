# expect:
# Two classifiers whose last layer's activation is not written in this file: a head built by
# a helper module, and a layer class of the file. Cross-entropy on them cannot be judged here.
import tensorflow as tf
from tensorflow import keras
from heads import make_head

backbone = keras.applications.MobileNetV2(include_top=False, weights="imagenet",
                                          input_shape=(160, 160, 3))
backbone.trainable = False

classifier = keras.Sequential([
    backbone,
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(128),
    make_head(num_classes=5),
])
classifier.compile(optimizer=keras.optimizers.Adam(1e-4), loss="categorical_crossentropy",
                   metrics=["accuracy"])


class PrototypeHead(keras.layers.Layer):
    def __init__(self, classes, **kwargs):
        super().__init__(**kwargs)
        self.classes = classes

    def build(self, input_shape):
        self.prototypes = self.add_weight(shape=(self.classes, input_shape[-1]))

    def call(self, inputs):
        distances = tf.norm(inputs[:, None, :] - self.prototypes[None], axis=-1)
        return tf.nn.softmax(-distances)


inputs = keras.Input(shape=(160, 160, 3))
x = keras.applications.mobilenet_v2.preprocess_input(inputs)
x = backbone(x, training=False)
x = keras.layers.GlobalAveragePooling2D()(x)
x = keras.layers.Dense(64)(x)
outputs = PrototypeHead(5)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
