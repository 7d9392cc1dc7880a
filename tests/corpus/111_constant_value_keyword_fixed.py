# expect:
import numpy as np
import keras

x = np.random.normal(size=(3000, 6)).astype("float32")
y = np.random.normal(size=(3000, 1)).astype("float32")

model = keras.Sequential()
model.add(keras.Input(shape=(6,)))
model.add(keras.layers.Dense(32, activation="relu",
                             kernel_initializer=keras.initializers.HeNormal()))
model.add(keras.layers.Dense(32, activation="relu",
                             kernel_initializer=keras.initializers.HeNormal()))
model.add(keras.layers.Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=30, batch_size=32)
