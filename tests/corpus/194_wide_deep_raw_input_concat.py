# expect: DF301
# "Wide & deep classifier on the breast-cancer data is worse than logistic regression". The deep
# path reads a Normalization layer, but the wide path concatenates the raw measurements
# (areas in the thousands beside ratios below 0.1) straight into the output unit.
import tensorflow as tf
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

features, labels = load_breast_cancer(return_X_y=True)
x_train, x_valid, y_train, y_valid = train_test_split(features, labels, test_size=0.2)

norm = tf.keras.layers.Normalization()
norm.adapt(x_train)

wide_input = tf.keras.Input(shape=(30,), name="measurements")
deep = norm(wide_input)
deep = tf.keras.layers.Dense(64, activation="relu")(deep)
deep = tf.keras.layers.Dense(32, activation="relu")(deep)
both = tf.keras.layers.concatenate([wide_input, deep])
malignant = tf.keras.layers.Dense(1, activation="sigmoid")(both)

model = tf.keras.Model(wide_input, malignant)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=30, validation_data=(x_valid, y_valid))
