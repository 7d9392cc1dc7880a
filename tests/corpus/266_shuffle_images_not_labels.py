# expect: DF305
# Flower photos loaded folder by folder: the script shuffles the images in place so that the
# batches mix the classes, but the labels keep the folder order. Every photo now trains with
# another photo's label, and the classifier settles on the class frequencies.
import os

import numpy as np
from PIL import Image
from tensorflow import keras

CLASSES = sorted(os.listdir("flowers"))
images, labels = [], []
for index, name in enumerate(CLASSES):
    for file in sorted(os.listdir(os.path.join("flowers", name))):
        image = Image.open(os.path.join("flowers", name, file)).resize((64, 64))
        images.append(np.asarray(image) / 255.0)
        labels.append(index)
images = np.array(images, dtype="float32")
labels = np.array(labels)
np.random.shuffle(images)

model = keras.Sequential(
    [
        keras.Input((64, 64, 3)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(len(CLASSES), activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(images, labels, epochs=10, validation_split=0.2)
