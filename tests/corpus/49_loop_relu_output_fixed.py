# expect:
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Input

x_train = np.random.normal(size=(5000, 10)).astype("float32")
y_train = (x_train[:, 0] - x_train[:, 1]).astype("float32")

model = Sequential()
model.add(Input(shape=(10,)))
for units in [128, 64, 32]:
    model.add(Dense(units, activation='relu'))
model.add(Dense(1))

model.compile(optimizer='adam', loss='mse')
model.fit(x_train, y_train, epochs=30, batch_size=32, validation_split=0.1)
