# expect:
# Residual MLP: the skip connections keep gradients flowing through the sigmoid blocks
import numpy as np
import keras
from keras import layers

x = np.random.normal(size=(4096, 32)).astype("float32")
y = np.random.normal(size=(4096, 1)).astype("float32")

inputs = keras.Input(shape=(32,))
h = layers.Dense(64, activation="relu")(inputs)
for _ in range(4):
    r = layers.Dense(64, activation="sigmoid")(h)
    r = layers.Dense(64, activation="sigmoid")(r)
    h = layers.Add()([h, r])
outputs = layers.Dense(1)(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer=keras.optimizers.AdamW(learning_rate=1e-3, weight_decay=1e-4), loss="mse")
model.fit(x, y, epochs=10, batch_size=128)
