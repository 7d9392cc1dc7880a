# expect:
import numpy as np
from keras.models import Sequential
from keras.layers import Dense

X = np.random.rand(800, 4)
y = (X[:, 0] > 0.5).astype(int)

model = Sequential()
model.add(Dense(16, 'relu', input_shape=(4,)))
model.add(Dense(8, 'relu'))
model.add(Dense(1, 'sigmoid'))
model.compile('adam', 'binary_crossentropy', metrics=['accuracy'])
model.fit(X, y, epochs=50, batch_size=16)
