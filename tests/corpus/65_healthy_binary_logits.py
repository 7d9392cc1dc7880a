# expect:
import numpy as np
import tensorflow as tf

x_train = np.random.normal(size=(2000, 9)).astype("float32")
y_train = (x_train[:, 0] - x_train[:, 5] > 0).astype("float32")

inputs = tf.keras.Input(shape=(9,))
x = tf.keras.layers.Dense(32, activation=tf.nn.relu)(inputs)
x = tf.keras.layers.Dense(32, activation=tf.nn.relu)(x)
logits = tf.keras.layers.Dense(1)(x)
model = tf.keras.Model(inputs, logits)

model.compile(
    optimizer=tf.keras.optimizers.Adam(1e-3),
    loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0.0)],
)
model.fit(x_train, y_train, epochs=10, batch_size=32)
