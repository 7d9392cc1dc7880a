# expect: DF101
import numpy as np
from tensorflow import keras
from tensorflow.keras.optimizers import RMSprop

timesteps, features = 30, 4
x_train = np.random.normal(size=(2000, timesteps, features)).astype("float32")
y_train = np.random.normal(size=(2000, 1)).astype("float32")

model = keras.Sequential([
    keras.layers.GRU(32, input_shape=(timesteps, features)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer=RMSprop(1.0), loss="mse", metrics=["mae"])
model.fit(x_train, y_train, epochs=20, batch_size=64, validation_split=0.2)
