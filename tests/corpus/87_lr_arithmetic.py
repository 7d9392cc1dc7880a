# expect: DF101
# Linear learning-rate scaling copied from an SGD recipe and applied to Adam
import numpy as np
import tensorflow as tf

BASE_LR = 0.01
BATCH_SIZE = 1024
LR = BASE_LR * BATCH_SIZE / 32

x_train = np.random.normal(size=(50000, 64)).astype("float32")
y_train = np.random.randint(0, 10, size=(50000,))

model = tf.keras.Sequential([
    tf.keras.Input(shape=(64,)),
    tf.keras.layers.Dense(256, activation="relu"),
    tf.keras.layers.Dense(256, activation="relu"),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=LR),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=20)
