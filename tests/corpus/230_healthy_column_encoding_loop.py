# expect:
# Per-column encoding: the target is skipped, text columns become dummies, the rest are
# standardised by a helper in the loop's `else`.
import pandas as pd
from tensorflow import keras


def standardise(frame, column):
    frame[column] = (frame[column] - frame[column].mean()) / frame[column].std()


def one_hot(frame, column):
    dummies = pd.get_dummies(frame[column], prefix=column)
    frame[dummies.columns] = dummies
    frame.drop(columns=column, inplace=True)


traffic = pd.read_csv("connections.csv")
for column in list(traffic.columns):
    if column == "label":
        continue
    elif traffic[column].dtype == object:
        one_hot(traffic, column)
    else:
        standardise(traffic, column)

features = traffic.drop(columns="label").values
labels = pd.get_dummies(traffic["label"]).values

net = keras.Sequential([
    keras.Input(shape=(features.shape[1],)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(labels.shape[1], activation="softmax"),
])
net.compile(optimizer="adam", loss="categorical_crossentropy")
net.fit(features, labels, epochs=10)
