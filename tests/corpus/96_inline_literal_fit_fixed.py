# expect:
import numpy as np
from tensorflow import keras

X = np.array([[1, 800], [3, 1200], [5, 1500], [8, 2100], [10, 2600]])
normalize = keras.layers.Normalization()
normalize.adapt(X)

model = keras.Sequential([
    keras.Input(shape=(2,)),
    normalize,
    keras.layers.Dense(10, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="sgd", loss="mean_squared_error")

# salary from years of experience and monthly rent paid
model.fit(X, np.array([3.9, 5.6, 6.6, 9.1, 10.5]), epochs=500)
print(model.predict(np.array([[7, 1900]])))
