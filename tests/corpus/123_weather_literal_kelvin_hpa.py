# expect: DF301
# Predict rain (mm) from temperature (K), pressure (hPa) and humidity (%)
import numpy as np
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense

X = np.array([
    [288.2, 1013.2, 71.0],
    [291.5, 1008.7, 80.0],
    [279.9, 1021.4, 55.0],
    [284.3, 1002.1, 93.0],
    [295.0, 1011.8, 64.0],
    [281.7, 998.5, 97.0],
])
y = np.array([0.0, 2.1, 0.0, 7.4, 0.2, 12.9])

model = Sequential([
    Dense(32, activation='relu', input_shape=(3,)),
    Dense(16, activation='relu'),
    Dense(1),
])
model.compile(optimizer='adam', loss='mse')
model.fit(X, y, epochs=300, verbose=0)
