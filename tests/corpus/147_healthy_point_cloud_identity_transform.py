# expect:
# A point-cloud classifier with a learned input transform: the transform's last Dense starts
# with a zero kernel and an identity bias, so the transform starts as the identity matrix.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

NUM_POINTS = 1024
NUM_CLASSES = 10


def conv_bn(x, filters):
    x = layers.Conv1D(filters, kernel_size=1, padding="valid")(x)
    x = layers.BatchNormalization(momentum=0.0)(x)
    return layers.Activation("relu")(x)


def dense_bn(x, filters):
    x = layers.Dense(filters)(x)
    x = layers.BatchNormalization(momentum=0.0)(x)
    return layers.Activation("relu")(x)


def transform_net(inputs, num_features):
    identity = keras.initializers.Constant(np.eye(num_features).flatten())
    x = conv_bn(inputs, 32)
    x = conv_bn(x, 64)
    x = layers.GlobalMaxPooling1D()(x)
    x = dense_bn(x, 64)
    x = layers.Dense(num_features * num_features, kernel_initializer="zeros",
                     bias_initializer=identity)(x)
    transform = layers.Reshape((num_features, num_features))(x)
    return layers.Dot(axes=(2, 1))([inputs, transform])


inputs = keras.Input(shape=(NUM_POINTS, 3))
x = transform_net(inputs, 3)
x = conv_bn(x, 32)
x = conv_bn(x, 32)
x = transform_net(x, 32)
x = conv_bn(x, 64)
x = layers.GlobalMaxPooling1D()(x)
x = dense_bn(x, 128)
x = layers.Dropout(0.3)(x)
outputs = layers.Dense(NUM_CLASSES, activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.Adam(1e-3),
              metrics=["sparse_categorical_accuracy"])
