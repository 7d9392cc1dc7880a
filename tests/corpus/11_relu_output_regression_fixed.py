# expect:
# Predicting temperature anomalies (can be negative); all predictions come out 0.0
import numpy as np
import pandas as pd
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
from sklearn.preprocessing import StandardScaler

df = pd.read_csv("temperature_anomaly.csv")
features = df[["lat", "lon", "month", "co2"]].values
target = df["anomaly"].values

scaler = StandardScaler()
features = scaler.fit_transform(features)

model = Sequential()
model.add(Dense(64, activation='relu', input_shape=(4,)))
model.add(Dense(64, activation='relu'))
model.add(Dense(1))

model.compile(optimizer='adam', loss='mse', metrics=['mae'])
model.fit(features, target, epochs=100, batch_size=16, validation_split=0.1)
