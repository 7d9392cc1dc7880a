# expect:
# Multi-variable linear regression on columns of a CSV file, standardised before training.
import pandas as pd
from sklearn.preprocessing import StandardScaler
from tensorflow import keras

frame = pd.read_csv("exam_scores.csv")
features = StandardScaler().fit_transform(frame[["quiz1", "quiz2", "midterm"]].values)
final = frame[["final"]].values

model = keras.models.Sequential()
model.add(keras.layers.Dense(1, input_dim=3))
model.compile(loss="mse", optimizer="sgd")
model.fit(features, final, epochs=500, verbose=0)
