# expect:
# expect-info: DF404
# from_logits=True on a sigmoid unit: Keras on TensorFlow reads the logits back from under the
# sigmoid (and warns), so the loss is what was meant. An info.
import numpy as np
import tensorflow as tf
from tensorflow import keras

x_train = np.random.normal(size=(4000, 15)).astype("float32")
y_train = (x_train[:, 3] > 0.5).astype("float32")

model = keras.Sequential([
    keras.layers.Input(shape=(15,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=3e-4),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.BinaryAccuracy(), keras.metrics.AUC()],
)
model.fit(x_train, y_train, epochs=20, batch_size=64, validation_split=0.2)
