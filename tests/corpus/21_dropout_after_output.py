# expect: DF603
import numpy as np
import tensorflow as tf
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense, Dropout

x_train = np.random.normal(size=(1500, 40)).astype(np.float32)
y_train = np.random.randint(0, 5, size=(1500,))

model = Sequential()
model.add(Dense(256, activation='relu', input_shape=(40,)))
model.add(Dropout(0.4))
model.add(Dense(128, activation='relu'))
model.add(Dense(5, activation='softmax'))
model.add(Dropout(0.4))

model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=25, batch_size=32, validation_split=0.2)
