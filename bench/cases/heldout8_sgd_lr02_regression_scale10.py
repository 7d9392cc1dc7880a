import numpy as np
import keras
from keras import layers

# house-price-like target in tens, standardised features, SGD at a brisk rate
rng = np.random.default_rng(17)
x = rng.standard_normal((2048, 8)).astype("float32")
y = (30.0 + 8.0 * (x @ rng.standard_normal(8)) / np.sqrt(8)).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(16, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.02), loss="mse")
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
