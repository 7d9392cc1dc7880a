# expect:
# Goyal et al. linear scaling: 0.1 per 256 examples, SGD with momentum, warm restarts
import numpy as np
import tensorflow as tf

BATCH_SIZE = 1024
BASE_LR = 0.1 * BATCH_SIZE / 256

(x_train, y_train), _ = tf.keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0

schedule = tf.keras.optimizers.schedules.CosineDecayRestarts(
    initial_learning_rate=BASE_LR, first_decay_steps=1000)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(32, 32, 3)),
    tf.keras.layers.Conv2D(64, 3, padding="same", use_bias=False),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.ReLU(),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=schedule, momentum=0.9, nesterov=True),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=30)
