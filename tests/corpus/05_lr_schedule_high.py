# expect: DF101
import numpy as np
import keras
from keras import layers

x = np.random.normal(size=(2048, 16)).astype("float32")
y = (x[:, :4].sum(axis=1) > 0).astype("int32")

lr_schedule = keras.optimizers.schedules.ExponentialDecay(
    initial_learning_rate=5.0,
    decay_steps=1000,
    decay_rate=0.96,
    staircase=True,
)
optimizer = keras.optimizers.Adam(learning_rate=lr_schedule)

inputs = keras.Input(shape=(16,))
h = layers.Dense(64, activation="relu")(inputs)
h = layers.Dense(64, activation="relu")(h)
outputs = layers.Dense(2, activation="softmax")(h)
model = keras.Model(inputs=inputs, outputs=outputs)

model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=10, batch_size=128)
