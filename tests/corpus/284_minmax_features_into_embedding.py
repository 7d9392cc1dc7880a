# expect: DF312
# ECG features scaled to [0, 1] are fed to an Embedding, which casts them to integer ids:
# nearly every value becomes id 0, and the model predicts one class for every beat.
import numpy as np
from sklearn.preprocessing import MinMaxScaler
from tensorflow import keras

features = np.loadtxt("ecg_features.csv", delimiter=",")
labels = np.loadtxt("ecg_labels.csv", delimiter=",")
scaled = MinMaxScaler(feature_range=(0, 1)).fit_transform(features)

model = keras.Sequential(
    [
        keras.layers.Embedding(200000, 250),
        keras.layers.LSTM(250, recurrent_dropout=0.2),
        keras.layers.Dense(3, activation="softmax"),
    ]
)
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(scaled, labels, epochs=10, batch_size=100)
