# expect:
# Tiny house-price example: square feet, bedrooms, year built
import numpy as np
from tensorflow import keras
from tensorflow.keras.layers import Dense
from sklearn.preprocessing import StandardScaler

X = np.array([
    [2104, 3, 1995],
    [1600, 3, 1987],
    [2400, 3, 2001],
    [1416, 2, 1979],
    [3000, 4, 2010],
    [1985, 4, 1990],
])
y = np.array([3.999, 3.299, 3.690, 2.320, 5.399, 2.999])
X = StandardScaler().fit_transform(X)

model = keras.Sequential([
    Dense(16, activation='relu', input_shape=(3,)),
    Dense(8, activation='relu'),
    Dense(1),
])
model.compile(optimizer='adam', loss='mse')
model.fit(X, y, epochs=500, verbose=0)
print(model.predict(X))
