# expect: DF301
# Photos read one by one with OpenCV and Pillow, stacked into arrays and fed to a convnet
import glob

import cv2
import numpy as np
from PIL import Image
from tensorflow import keras

images, labels = [], []
for label, folder in enumerate(["cats", "dogs"]):
    for path in glob.glob(f"data/{folder}/*.jpg"):
        image = cv2.imread(path)
        image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        images.append(cv2.resize(image, (64, 64)))
        labels.append(label)
X = np.array(images)
y = np.array(labels)

extra = np.array([np.asarray(Image.open(p).convert("RGB").resize((64, 64))) for p in glob.glob("data/extra/*.jpg")])

model = keras.Sequential([
    keras.layers.Conv2D(32, 3, activation="relu", input_shape=(64, 64, 3)),
    keras.layers.MaxPooling2D(),
    keras.layers.Flatten(),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=10, validation_split=0.2)
