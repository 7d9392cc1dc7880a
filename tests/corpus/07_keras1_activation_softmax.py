# expect: DF401
# "Keras model always predicts 1" -- binary labels, one output unit
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Activation

dataset = np.loadtxt("pima-indians-diabetes.csv", delimiter=",")
X = dataset[:, 0:8]
Y = dataset[:, 8]
X = (X - X.mean(axis=0)) / X.std(axis=0)

model = Sequential()
model.add(Dense(output_dim=12, input_dim=8))
model.add(Activation('relu'))
model.add(Dense(output_dim=8))
model.add(Activation('relu'))
model.add(Dense(output_dim=1))
model.add(Activation('softmax'))

model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X, Y, nb_epoch=150, batch_size=10)

scores = model.evaluate(X, Y)
print("%s: %.2f%%" % (model.metrics_names[1], scores[1] * 100))
