# expect:
# One network, two outputs: a price (regression, linear) and a category (classification)
import numpy as np
import keras
from keras import layers

n = 4000
features = np.random.normal(size=(n, 16)).astype("float32")
price = np.random.normal(size=(n, 1)).astype("float32")
category = np.random.randint(0, 5, size=(n,))

inputs = keras.Input(shape=(16,), name="features")
shared = layers.Dense(128, activation="relu")(inputs)
shared = layers.Dense(64, activation="relu")(shared)
price_out = layers.Dense(1, name="price")(shared)
category_out = layers.Dense(5, activation="softmax", name="category")(shared)

model = keras.Model(inputs=inputs, outputs=[price_out, category_out])
model.compile(
    optimizer=keras.optimizers.Adam(1e-3),
    loss={"price": "mse", "category": "sparse_categorical_crossentropy"},
    loss_weights={"price": 1.0, "category": 0.5},
    metrics={"category": ["accuracy"]},
)
model.fit(features, {"price": price, "category": category}, epochs=10, batch_size=64)
