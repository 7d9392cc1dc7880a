# expect:
# A Keras 1 snippet from 2016, still written for Python 2
import numpy as np
from keras.models import Sequential
from keras.layers import Dense

X = np.random.rand(1000, 8)
y = np.random.randint(2, size=(1000, 1))

model = Sequential()
model.add(Dense(12, input_dim=8, activation='relu'))
model.add(Dense(8, activation='relu'))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X, y, nb_epoch=150, batch_size=10)

scores = model.evaluate(X, y)
print("%s: %.2f%%" % (model.metrics_names[1], scores[1] * 100))
