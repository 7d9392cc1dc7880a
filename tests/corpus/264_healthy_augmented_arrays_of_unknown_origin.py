# expect:
# Arrays from the project's own loader (which scales them), augmented in memory: nothing in
# this file says they hold raw pixels.
from keras.layers import Conv2D, Dense, Flatten, MaxPooling2D
from keras.models import Sequential
from keras.preprocessing.image import ImageDataGenerator

from dataset import load_training_images

images, labels = load_training_images("data/train")

model = Sequential([
    Conv2D(32, (3, 3), activation="relu", input_shape=(64, 64, 3)),
    MaxPooling2D(),
    Flatten(),
    Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
augment = ImageDataGenerator(rotation_range=40, horizontal_flip=True)
model.fit(augment.flow(images, labels, batch_size=32), epochs=20)
