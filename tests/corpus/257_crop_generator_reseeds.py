# expect: DF304
# Blood-cell patches: a balanced generator takes random crops through a helper written to be
# reproducible; passing seed=42 for every crop resets numpy's generator, so every batch holds
# the same cells, cropped the same way, and the classifier memorises them.
import glob
import os

import numpy as np
from tensorflow import keras

CLASSES = ["basophil", "eosinophil", "lymphocyte", "monocyte", "neutrophil"]
PATCH = 64


def load_paths(root):
    paths, labels = [], []
    for label, name in enumerate(CLASSES):
        for path in sorted(glob.glob(os.path.join(root, name, "*.npy"))):
            paths.append(path)
            labels.append(label)
    return np.array(paths), np.array(labels)


def random_crop(image, size, seed=None):
    """Crop a size x size window at a random place, flipped half of the time."""
    if seed is not None:
        np.random.seed(seed)
    top = np.random.randint(0, image.shape[0] - size + 1)
    left = np.random.randint(0, image.shape[1] - size + 1)
    crop = image[top:top + size, left:left + size]
    if np.random.rand() < 0.5:
        crop = crop[:, ::-1]
    return crop


def balanced_batches(paths, labels, per_class=8):
    by_class = [np.flatnonzero(labels == c) for c in range(len(CLASSES))]
    while True:
        images, targets = [], []
        for label, members in enumerate(by_class):
            for _ in range(per_class):
                path = paths[np.random.choice(members)]
                image = np.load(path).astype("float32") / 255.0
                images.append(random_crop(image, PATCH, seed=42))
                targets.append(label)
        yield np.stack(images), keras.utils.to_categorical(targets, len(CLASSES))


train_paths, train_labels = load_paths("cells/train")

model = keras.Sequential([
    keras.Input((PATCH, PATCH, 3)),
    keras.layers.Conv2D(32, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Conv2D(64, 3, activation="relu"),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(len(CLASSES), activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(balanced_batches(train_paths, train_labels), steps_per_epoch=300, epochs=20)
