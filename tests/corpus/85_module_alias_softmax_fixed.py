# expect:
import numpy as np
import tensorflow.keras as tfk

tfkl = tfk.layers

x_train = np.random.normal(size=(3000, 18)).astype("float32")
y_train = np.random.randint(0, 2, size=(3000, 1)).astype("float32")

model = tfk.Sequential([
    tfkl.InputLayer(input_shape=(18,)),
    tfkl.Dense(64, activation="elu"),
    tfkl.Dense(32, activation="elu"),
    tfkl.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=tfk.optimizers.Adam(learning_rate=1e-3),
              loss=tfk.losses.BinaryCrossentropy(),
              metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=64)
