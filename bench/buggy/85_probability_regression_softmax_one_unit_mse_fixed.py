import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import Adam

# X: 2-dimensional array of np.int8, y: 1-dimensional array of np.float64 probabilities in [0, 1]
X = np.load('X.npy').astype(np.int8)
y = np.load('y.npy').astype(np.float64)

input_dims = X.shape[1]
W1_size = 64
batch_size = 128
MAX_EPOCHS = 100

model = Sequential()
model.add(Dense(W1_size, input_shape=(input_dims,), activation='relu'))
model.add(Dense(1, activation='sigmoid'))
# compile model
model.compile(optimizer=Adam(), loss='mse')   # mse is the standard loss for regression
# fit
model.fit(X, y, batch_size=batch_size, epochs=MAX_EPOCHS)
