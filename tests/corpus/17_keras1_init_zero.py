# expect: DF601
# "Why does my network output the same prediction for every sample?" (Keras 1.2)
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import SGD

np.random.seed(7)
X = np.random.uniform(-1, 1, (2000, 10))
Y = np.sin(X).sum(axis=1)

model = Sequential()
model.add(Dense(64, input_dim=10, init='zero', activation='relu'))
model.add(Dense(64, init='zero', activation='relu'))
model.add(Dense(1, init='zero'))

sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
model.compile(loss='mse', optimizer=sgd)
model.fit(X, Y, nb_epoch=50, batch_size=32)
