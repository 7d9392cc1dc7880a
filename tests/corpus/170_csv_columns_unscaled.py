# expect:
# expect-info: DF301
# Tabular regression on columns read from a CSV (square metres, year built, price): fed to
# fit() as read, so their scale is whatever the file holds.
import pandas as pd
from tensorflow import keras

frame = pd.read_csv("houses.csv")
frame = frame.dropna()
labels = frame.pop("price")
features = frame.drop(columns=["id"]).values

model = keras.Sequential([
    keras.Input(shape=(features.shape[1],)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(features, labels, epochs=50, validation_split=0.2)
