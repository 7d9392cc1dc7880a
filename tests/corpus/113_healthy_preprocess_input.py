# expect:
import tensorflow as tf
from tensorflow.keras.applications.resnet50 import ResNet50, preprocess_input

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
x_train = preprocess_input(x_train.astype("float32"))
x_test = preprocess_input(x_test.astype("float32"))

base = ResNet50(weights="imagenet", include_top=False, input_shape=(32, 32, 3), pooling="avg")
base.trainable = False

model = tf.keras.Sequential([
    base,
    tf.keras.layers.Dense(256, activation="relu"),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=64, validation_data=(x_test, y_test))
