# expect:
# "My Keras regression model predicts the same value for every input" (Keras 2.x)
import numpy as np
import pandas as pd
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import Adam

df = pd.read_csv("data/train.csv")
X = df.drop(columns=["target"]).values
Y = df["target"].values

model = Sequential()
model.add(Dense(64, input_dim=X.shape[1], activation='relu'))
model.add(Dense(32, activation='relu'))
model.add(Dense(1))

adam = Adam(lr=0.001)
model.compile(loss='mean_squared_error', optimizer=adam)
model.fit(X, Y, nb_epoch=100, batch_size=32, verbose=2)

preds = model.predict(X[:10])
print(preds)
