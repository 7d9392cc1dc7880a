# expect:
# expect-info: DF101 DF301
# Multi-variable linear regression on columns of a CSV file, compiled with plain SGD at its
# default rate: the columns' scale decides whether the step diverges.
import pandas as pd
from tensorflow import keras

frame = pd.read_csv("exam_scores.csv")
features = frame[["quiz1", "quiz2", "midterm"]].values
final = frame[["final"]].values

model = keras.models.Sequential()
model.add(keras.layers.Dense(1, input_dim=3))
model.compile(loss="mse", optimizer="sgd")
model.fit(features, final, epochs=500, verbose=0)
