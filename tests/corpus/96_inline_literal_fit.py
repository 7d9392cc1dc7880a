# expect: DF301
import numpy as np
from tensorflow import keras

model = keras.Sequential([
    keras.layers.Dense(10, activation="relu", input_shape=(2,)),
    keras.layers.Dense(1),
])
model.compile(optimizer="sgd", loss="mean_squared_error")

# salary from years of experience and monthly rent paid
model.fit(np.array([[1, 800], [3, 1200], [5, 1500], [8, 2100], [10, 2600]]),
          np.array([3.9, 5.6, 6.6, 9.1, 10.5]), epochs=500)
print(model.predict(np.array([[7, 1900]])))
