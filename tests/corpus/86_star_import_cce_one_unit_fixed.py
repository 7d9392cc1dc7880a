# expect:
# "Keras binary classification: accuracy always 50%, loss stays at 0"
import numpy as np
from keras.models import *
from keras.layers import *
from keras.optimizers import *

train_x = np.load('train_x.npy')
train_y = np.load('train_y.npy')

model = Sequential()
model.add(Conv1D(64, 3, activation='relu', input_shape=(train_x.shape[1], 1)))
model.add(GlobalMaxPooling1D())
model.add(Dense(32, activation='relu'))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer=Adam(lr=0.001), metrics=['accuracy'])
model.fit(train_x, train_y, batch_size=32, epochs=20, validation_split=0.2)
