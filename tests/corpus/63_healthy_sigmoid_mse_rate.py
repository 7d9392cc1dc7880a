# expect:
# Predicting a click-through *rate* in [0, 1]: sigmoid output with mse is a regression here
import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler
from tensorflow import keras
from tensorflow.keras import layers

df = pd.read_parquet("ad_stats.parquet")
X = StandardScaler().fit_transform(df[["position", "bid", "quality", "hour"]].values)
ctr = (df["clicks"] / df["impressions"]).values.astype("float32")

model = keras.Sequential([
    keras.Input(shape=(4,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="mse", metrics=[keras.metrics.RootMeanSquaredError()])
model.fit(X, ctr, epochs=20, batch_size=256, validation_split=0.1)
