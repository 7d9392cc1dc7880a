# expect:
# The same replay, each transition written into the batch before training.
import random

import numpy as np
from tensorflow import keras

model = keras.Sequential(
    [keras.Input((4,)), keras.layers.Dense(24, activation="relu"), keras.layers.Dense(2)]
)
model.compile(optimizer="adam", loss="mse")
memory = [(np.random.rand(1, 4), random.randrange(2), 1.0) for _ in range(500)]


def replay(batch_size):
    minibatch = random.sample(memory, batch_size)
    X = np.zeros((batch_size, 4))
    Y = np.zeros((batch_size, 2))
    for i, (state, action, reward) in enumerate(minibatch):
        target = model.predict(state, verbose=0)[0]
        target[action] = reward
        X[i], Y[i] = state[0], target
    model.fit(X, Y, epochs=1, verbose=0)


for episode in range(10):
    replay(32)
