# expect: DF405
# Genre columns from get_dummies, loss copied from a tutorial that used integer labels
import pandas as pd
from sklearn.preprocessing import MinMaxScaler
import tensorflow as tf

songs = pd.read_csv("songs.csv")
X = MinMaxScaler().fit_transform(songs.drop(columns=["genre"]))
Y = pd.get_dummies(songs["genre"]).values

inputs = tf.keras.Input(shape=(X.shape[1],))
hidden = tf.keras.layers.Dense(64, activation="relu")(inputs)
outputs = tf.keras.layers.Dense(Y.shape[1], activation="softmax")(hidden)
model = tf.keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, Y, epochs=40, batch_size=32, validation_split=0.1)
