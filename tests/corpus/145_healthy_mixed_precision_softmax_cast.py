# expect:
# Mixed precision: the softmax runs in float16 and a linear Activation with dtype float32
# casts the probabilities back before the loss.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers, mixed_precision

mixed_precision.set_global_policy("mixed_float16")

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(60000, 784).astype("float32") / 255
x_test = x_test.reshape(10000, 784).astype("float32") / 255

inputs = keras.Input(shape=(784,), name="digits")
x = layers.Dense(4096, activation="relu", name="dense_1")(inputs)
x = layers.Dense(4096, activation="relu", name="dense_2")(x)
x = layers.Dense(10, name="dense_logits")(x)
x = layers.Activation("softmax")(x)
outputs = layers.Activation("linear", dtype="float32")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.RMSprop(),
              metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=8192, epochs=5, validation_split=0.2)
