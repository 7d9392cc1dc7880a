# expect:
# Preprocessing kept out of the model: a small Sequential that rescales, mapped over the dataset
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

AUTOTUNE = tf.data.AUTOTUNE
train_ds = keras.utils.image_dataset_from_directory("flowers", subset="training", validation_split=0.2,
                                                    seed=1, image_size=(160, 160))
val_ds = keras.utils.image_dataset_from_directory("flowers", subset="validation", validation_split=0.2,
                                                  seed=1, image_size=(160, 160))

preprocessing = keras.Sequential([layers.Resizing(128, 128), layers.Rescaling(1.0 / 255)])
augment = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomContrast(0.1)])

train_ds = train_ds.map(lambda x, y: (preprocessing(x), y), num_parallel_calls=AUTOTUNE)
train_ds = train_ds.map(lambda x, y: (augment(x, training=True), y)).cache().shuffle(1000)
train_ds = train_ds.prefetch(AUTOTUNE)
val_ds = val_ds.map(lambda x, y: (preprocessing(x), y)).cache().prefetch(AUTOTUNE)

model = keras.Sequential([
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dense(5),
])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(train_ds, validation_data=val_ds, epochs=10)

# Raw pixels for a second model that rescales them itself, in a nested Sequential it calls.
raw_ds = keras.utils.image_dataset_from_directory("flowers", image_size=(160, 160)).prefetch(AUTOTUNE)
inputs = keras.Input(shape=(160, 160, 3))
features = keras.Sequential([layers.RandomFlip("horizontal"), layers.Rescaling(1.0 / 255)])(inputs)
features = layers.Conv2D(16, 3, activation="relu")(features)
features = layers.GlobalAveragePooling2D()(features)
second = keras.Model(inputs, layers.Dense(5)(features))
second.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
second.fit(raw_ds, epochs=10)
