# expect:
# Transfer learning in two phases: train the head, then unfreeze and recompile at 1e-5.
from tensorflow import keras

train_ds = keras.utils.image_dataset_from_directory("flowers/train", image_size=(224, 224))
val_ds = keras.utils.image_dataset_from_directory("flowers/val", image_size=(224, 224))

base = keras.applications.EfficientNetB0(include_top=False, weights="imagenet",
                                         input_shape=(224, 224, 3))
base.trainable = False

inputs = keras.Input(shape=(224, 224, 3))
x = base(inputs, training=False)
x = keras.layers.GlobalAveragePooling2D()(x)
x = keras.layers.Dropout(0.2)(x)
outputs = keras.layers.Dense(5, activation="softmax")(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(train_ds, epochs=5, validation_data=val_ds)

base.trainable = True
model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(train_ds, epochs=10, validation_data=val_ds)
