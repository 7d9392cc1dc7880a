# expect:
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Activation

X = np.random.normal(size=(2000, 16))
Y = np.random.normal(size=(2000, 1))

model = Sequential()
model.add(Dense(64, input_dim=16))
model.add(Activation('relu'))
model.add(Dense(64))
model.add(Activation('relu'))
model.add(Dense(64))
model.add(Activation('relu'))
model.add(Dense(64))
model.add(Activation('relu'))
model.add(Dense(1))
model.compile(loss='mse', optimizer='adam')
model.fit(X, Y, epochs=50, batch_size=32)
