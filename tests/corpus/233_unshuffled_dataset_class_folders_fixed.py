# expect:
# Spectra read folder by folder, so the rows are ordered by class: the Dataset is shuffled
# (over every row) before it is batched.
import glob
import os

import numpy as np
import tensorflow as tf

CLASSES = ["daisy", "rose", "sunflower", "tulip"]


def read_folder(folder):
    paths = sorted(glob.glob(os.path.join(folder, "*.csv")))
    return np.stack([np.loadtxt(path, delimiter=",") for path in paths])


features, targets = [], []
for index, name in enumerate(CLASSES):
    block = read_folder(os.path.join("spectra", name))
    features.append(block)
    targets.append(np.full(len(block), index))
features = np.concatenate(features)
targets = np.concatenate(targets)
features = (features - features.mean(axis=0)) / features.std(axis=0)

train_ds = tf.data.Dataset.from_tensor_slices((features, targets))
train_ds = train_ds.shuffle(len(targets)).batch(64).prefetch(tf.data.AUTOTUNE)

net = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(features.shape[1],)),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(len(CLASSES), activation="softmax"),
])
net.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
net.fit(train_ds, epochs=30)
