# expect:
import numpy as np
import keras
from keras.models import Sequential
from keras.layers import Dense, Dropout, BatchNormalization

np.random.seed(42)
X = np.random.normal(0, 1, (3000, 12))
y = keras.utils.to_categorical(np.random.randint(0, 3, 3000), 3)

model = Sequential()
model.add(Dense(64, input_dim=12, init='he_normal', activation='relu'))
model.add(BatchNormalization())
model.add(Dropout(0.25))
model.add(Dense(32, init='he_normal', activation='relu'))
model.add(Dense(3, activation='softmax'))

model.compile(optimizer=keras.optimizers.Adam(lr=0.01), loss='categorical_crossentropy',
              metrics=['accuracy'])
model.fit(X, y, nb_epoch=30, batch_size=64, validation_split=0.2)
