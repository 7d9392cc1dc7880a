# expect:
# expect-info: DF201
import numpy as np
from tensorflow import keras
from tensorflow.keras.layers import Dense

x_train = np.random.normal(size=(5000, 32)).astype("float32")
y_train = np.random.normal(size=(5000, 1)).astype("float32")

model = keras.Sequential()
model.add(keras.Input(shape=(32,)))
for i in range(5):
    model.add(Dense(100, activation='sigmoid'))
model.add(Dense(1))

model.compile(optimizer='adam', loss='mse')
model.fit(x_train, y_train, epochs=10, batch_size=64)
