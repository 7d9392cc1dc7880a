import numpy as np
import keras
from keras import layers

# raw 0-255 pixel values go straight in, but a BatchNormalization layer comes first
rng = np.random.default_rng(7)
n = 2048
labels = rng.integers(0, 2, size=n)
x = rng.integers(0, 256, size=(n, 64)).astype("float32")
x[labels == 1, :32] = np.clip(x[labels == 1, :32] + 60, 0, 255)

model = keras.Sequential([
    keras.Input(shape=(64,)),
    layers.BatchNormalization(),
    layers.Dense(32),
    layers.BatchNormalization(),
    layers.Activation("relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9),
              loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, labels.astype("float32"), epochs=20, batch_size=64, verbose=0)
