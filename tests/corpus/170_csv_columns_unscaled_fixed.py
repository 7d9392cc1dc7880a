# expect:
import pandas as pd
from sklearn.preprocessing import StandardScaler
from tensorflow import keras

frame = pd.read_csv("houses.csv")
frame = frame.dropna()
labels = frame.pop("price")
features = StandardScaler().fit_transform(frame.drop(columns=["id"]).values)

model = keras.Sequential([
    keras.Input(shape=(features.shape[1],)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(features, labels, epochs=50, validation_split=0.2)
