import numpy as np
from tensorflow import keras
from tensorflow.keras.layers import Dense

rng = np.random.default_rng(0)
x = rng.standard_normal((2048, 10)).astype("float32")
y = x @ rng.standard_normal(10)

model = keras.Sequential([
    Dense(128, activation='sigmoid', input_shape=(10,)),
    Dense(128, activation='sigmoid'),
    Dense(128, activation='sigmoid'),
    Dense(128, activation='sigmoid'),
    Dense(1)
])
model.compile(optimizer='adam', loss='mse')
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
