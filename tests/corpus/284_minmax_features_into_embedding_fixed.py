# expect:
# The same scaled features read as numbers by a Dense layer.
import numpy as np
from sklearn.preprocessing import MinMaxScaler
from tensorflow import keras

features = np.loadtxt("ecg_features.csv", delimiter=",")
labels = np.loadtxt("ecg_labels.csv", delimiter=",")
scaled = MinMaxScaler(feature_range=(0, 1)).fit_transform(features)

model = keras.Sequential(
    [
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(3, activation="softmax"),
    ]
)
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(scaled, labels, epochs=10, batch_size=100)
