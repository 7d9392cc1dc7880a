# expect:
# "accuracy stays at 0.5 and the loss is 0.0000 from the first epoch"
import numpy as np
import pandas as pd
from tensorflow import keras

frame = pd.read_csv("sensor_windows.csv")
signals = frame.drop(columns=["faulty"]).to_numpy(dtype="float32")
signals = (signals - signals.mean(axis=0)) / signals.std(axis=0)
faulty = frame["faulty"].to_numpy().reshape(-1, 1)

net = keras.Sequential([
    keras.Input(shape=(signals.shape[1],)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(faulty.shape[1], activation="sigmoid"),
])
net.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
net.fit(signals, faulty, epochs=30, batch_size=64)
