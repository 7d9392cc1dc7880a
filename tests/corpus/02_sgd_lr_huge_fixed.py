# expect:
import numpy as np
import tensorflow as tf

x_train = np.random.rand(1000, 20).astype("float32")
y_train = np.random.randint(0, 2, size=(1000, 1))

model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation="relu", input_shape=(20,)),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])

model.compile(
    optimizer=tf.keras.optimizers.SGD(learning_rate=0.05),
    loss="binary_crossentropy",
    metrics=["accuracy"],
)
history = model.fit(x_train, y_train, epochs=20, batch_size=64, validation_split=0.2)
