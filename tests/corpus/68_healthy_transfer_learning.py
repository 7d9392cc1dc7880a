# expect:
import tensorflow as tf
from tensorflow import keras

IMG_SIZE = (160, 160)
train_ds = keras.utils.image_dataset_from_directory("data/train", image_size=IMG_SIZE, batch_size=32)
val_ds = keras.utils.image_dataset_from_directory("data/val", image_size=IMG_SIZE, batch_size=32)

base_model = keras.applications.MobileNetV2(input_shape=IMG_SIZE + (3,), include_top=False,
                                            weights="imagenet")
base_model.trainable = False
preprocess_input = keras.applications.mobilenet_v2.preprocess_input

inputs = keras.Input(shape=IMG_SIZE + (3,))
x = preprocess_input(inputs)
x = base_model(x, training=False)
x = keras.layers.GlobalAveragePooling2D()(x)
x = keras.layers.Dropout(0.2)(x)
outputs = keras.layers.Dense(1)(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.0001),
              loss=keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=[keras.metrics.BinaryAccuracy(threshold=0.0, name="accuracy")])
model.fit(train_ds, epochs=10, validation_data=val_ds)
