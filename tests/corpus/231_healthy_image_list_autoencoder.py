# expect:
# An image-to-image autoencoder whose images are read from files into a list and shaped with
# np.reshape: the targets are pixels, never negative, so its ReLU output cannot die.
import os

import cv2
import numpy as np
from tensorflow.keras.layers import Conv2D, MaxPooling2D, UpSampling2D
from tensorflow.keras.models import Sequential

SIZE = 128
noisy, clean = [], []
for name in os.listdir("noisy"):
    noisy.append(cv2.resize(cv2.imread(os.path.join("noisy", name), 0), (SIZE, SIZE)))
    clean.append(cv2.resize(cv2.imread(os.path.join("clean", name), 0), (SIZE, SIZE)))

x = np.reshape(noisy, (len(noisy), SIZE, SIZE, 1)).astype("float32") / 255.0
y = np.reshape(clean, (len(clean), SIZE, SIZE, 1)).astype("float32") / 255.0

model = Sequential()
model.add(Conv2D(32, (3, 3), activation="relu", padding="same", input_shape=(SIZE, SIZE, 1)))
model.add(MaxPooling2D((2, 2), padding="same"))
model.add(Conv2D(8, (3, 3), activation="relu", padding="same"))
model.add(UpSampling2D((2, 2)))
model.add(Conv2D(1, (3, 3), activation="relu", padding="same"))
model.compile(optimizer="adam", loss="mean_squared_error")
model.fit(x, y, epochs=10, batch_size=8)
