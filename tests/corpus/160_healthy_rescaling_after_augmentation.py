# expect:
# A small residual convnet on cats vs dogs: augmentation, then Rescaling(1/255) at the input
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.utils import image_dataset_from_directory

train_dataset = image_dataset_from_directory("cats_vs_dogs/train", image_size=(180, 180), batch_size=32)
validation_dataset = image_dataset_from_directory(
    "cats_vs_dogs/validation", image_size=(180, 180), batch_size=32
)

data_augmentation = keras.Sequential(
    [layers.RandomFlip("horizontal"), layers.RandomRotation(0.1), layers.RandomZoom(0.2)]
)

inputs = keras.Input(shape=(180, 180, 3))
x = data_augmentation(inputs)
x = layers.Rescaling(1.0 / 255)(x)
x = layers.Conv2D(32, 5, use_bias=False)(x)
for filters in [32, 64, 128]:
    shortcut = x
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    x = layers.SeparableConv2D(filters, 3, padding="same", use_bias=False)(x)
    x = layers.MaxPooling2D(3, strides=2, padding="same")(x)
    shortcut = layers.Conv2D(filters, 1, strides=2, padding="same", use_bias=False)(shortcut)
    x = layers.add([x, shortcut])
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(loss="binary_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
model.fit(train_dataset, epochs=30, validation_data=validation_dataset)
