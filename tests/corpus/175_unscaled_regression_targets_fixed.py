# expect:
# The same model trained on standardised prices (predictions are scaled back with the mean and
# standard deviation).
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(7)
features = rng.normal(size=(2000, 8))
prices = rng.uniform(50_000, 750_000, size=(2000, 1))
scaled_prices = (prices - prices.mean()) / prices.std()

model = keras.Sequential([
    keras.layers.Dense(32, activation="relu", input_shape=(8,)),
    keras.layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse")
model.fit(features, scaled_prices, epochs=50, batch_size=32)
