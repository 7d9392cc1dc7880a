# expect:
import tensorflow as tf
from tensorflow.keras import layers

train_ds = tf.keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="training", seed=123, label_mode="categorical",
    image_size=(180, 180), batch_size=32)
val_ds = tf.keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="validation", seed=123, label_mode="categorical",
    image_size=(180, 180), batch_size=32)
class_names = train_ds.class_names
train_ds = train_ds.cache().shuffle(1000).prefetch(buffer_size=tf.data.AUTOTUNE)

model = tf.keras.Sequential([
    layers.Rescaling(1.0 / 255, input_shape=(180, 180, 3)),
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(len(class_names), activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=10)
