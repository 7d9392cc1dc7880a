# expect:
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import SGD

X = np.random.rand(500, 6)
y = np.random.randint(0, 2, 500)

model = Sequential()
model.add(Dense(16, input_dim=6, activation='relu'))
model.add(Dense(8, activation='relu'))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer=SGD(lr=0.01, momentum=0.9), metrics=['accuracy'])
model.fit(X, y, nb_epoch=100, batch_size=10)
