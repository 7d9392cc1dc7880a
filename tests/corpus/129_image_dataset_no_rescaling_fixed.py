# expect:
# TensorFlow "Image classification" tutorial, minus the Rescaling layer
import tensorflow as tf
from tensorflow.keras import layers

img_height, img_width = 180, 180
train_ds = tf.keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="training", seed=123,
    image_size=(img_height, img_width), batch_size=32)
val_ds = tf.keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="validation", seed=123,
    image_size=(img_height, img_width), batch_size=32)
num_classes = len(train_ds.class_names)

model = tf.keras.Sequential([
    layers.Input(shape=(img_height, img_width, 3)),
    layers.Rescaling(1. / 255),
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(num_classes, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=10)
