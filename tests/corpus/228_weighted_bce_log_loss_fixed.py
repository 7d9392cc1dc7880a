# expect:
# "loss is nan after the second epoch" with a hand-written weighted cross-entropy
import tensorflow as tf
from tensorflow import keras

POSITIVE_WEIGHT = 4.0


def weighted_bce(truth, guess):
    guess = tf.clip_by_value(guess, 1e-7, 1.0 - 1e-7)
    on = truth * tf.math.log(guess) * POSITIVE_WEIGHT
    off = (1.0 - truth) * tf.math.log(1.0 - guess)
    return -tf.reduce_mean(on + off)


(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
is_zero = (y_train == 0).astype("float32")

clf = keras.Sequential([
    keras.Input(shape=(784,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
clf.compile(optimizer="adam", loss=weighted_bce, metrics=["accuracy"])
clf.fit(x_train, is_zero, epochs=10, batch_size=128)
