# expect:
# Images read from files into a list and shaped with np.reshape, divided by 255.
import os

import cv2
import numpy as np
from tensorflow.keras.layers import Conv2D, Dense, Flatten, MaxPooling2D
from tensorflow.keras.models import Sequential

SIZE = 64
images, labels = [], []
for label, folder in enumerate(["cats", "dogs"]):
    for name in os.listdir(folder):
        images.append(cv2.resize(cv2.imread(os.path.join(folder, name)), (SIZE, SIZE)))
        labels.append(label)

x = np.reshape(images, (len(images), SIZE, SIZE, 3)).astype("float32") / 255.0
y = np.array(labels)

model = Sequential()
model.add(Conv2D(32, (3, 3), activation="relu", input_shape=(SIZE, SIZE, 3)))
model.add(MaxPooling2D((2, 2)))
model.add(Flatten())
model.add(Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=10, batch_size=32)
