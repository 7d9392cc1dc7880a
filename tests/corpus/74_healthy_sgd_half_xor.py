# expect:
# The classic XOR toy: plain SGD at 0.5 is fine for four points (SGD is flagged only above 1.0)
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import SGD

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")
y = np.array([[0], [1], [1], [0]], dtype="float32")

model = Sequential()
model.add(Dense(8, input_dim=2, activation='tanh'))
model.add(Dense(1, activation='sigmoid'))

model.compile(loss='binary_crossentropy', optimizer=SGD(learning_rate=0.5), metrics=['accuracy'])
model.fit(X, y, batch_size=1, epochs=1000, verbose=0)
print(model.predict(X))
