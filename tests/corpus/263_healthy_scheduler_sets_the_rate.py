# expect:
# The optimizer's rate is a placeholder: the LearningRateScheduler sets the rate of every
# epoch, from the first one on.
import numpy as np
from keras.callbacks import LearningRateScheduler
from keras.layers import Dense
from keras.models import Sequential
from keras.optimizers import SGD


def step_decay(epoch):
    initial, drop, every = 0.01, 0.5, 10
    return initial * drop ** np.floor((1 + epoch) / every)


features = np.random.rand(2000, 12)
targets = features @ np.random.rand(12)

model = Sequential([Dense(32, activation="relu", input_shape=(12,)), Dense(1)])
model.compile(loss="mse", optimizer=SGD(lr=0.0, momentum=0.9))
model.fit(features, targets, epochs=40, batch_size=32,
          callbacks=[LearningRateScheduler(step_decay)])
