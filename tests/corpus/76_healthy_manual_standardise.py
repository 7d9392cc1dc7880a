# expect:
import numpy as np
from tensorflow import keras

# engine size (cc), horsepower, weight (kg), year -> fuel consumption (l/100km)
X = np.array([
    [1598, 110, 1205, 2012],
    [1995, 150, 1480, 2015],
    [2987, 258, 1790, 2018],
    [999, 75, 1010, 2019],
    [1498, 130, 1320, 2020],
], dtype="float32")
y = np.array([5.9, 6.8, 8.9, 4.7, 5.6], dtype="float32")

X = (X - X.mean(axis=0)) / X.std(axis=0)

model = keras.Sequential([
    keras.Input(shape=(4,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=300, verbose=0)
