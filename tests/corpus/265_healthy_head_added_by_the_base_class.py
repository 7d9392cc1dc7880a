# expect:
# A speech-emotion project's class hierarchy: each subclass adds its hidden layers to the model
# the base class made, and the base class adds the softmax head after calling it. The dropout
# closing a subclass's method sits between hidden layers, not after the output.
import sys

from keras.layers import Activation, BatchNormalization, Conv2D, Dense, Dropout, Flatten
from keras.models import Sequential


class Network:
    def __init__(self, input_shape, num_classes):
        self.input_shape = input_shape
        self.model = Sequential()
        self.make_default_model()
        self.model.add(Dense(num_classes, activation="softmax"))
        self.model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
        print(self.model.summary(), file=sys.stderr)

    def make_default_model(self):
        raise NotImplementedError


class ConvNetwork(Network):
    def make_default_model(self):
        self.model.add(Conv2D(8, (13, 13), input_shape=self.input_shape))
        self.model.add(BatchNormalization(axis=-1))
        self.model.add(Activation("relu"))
        self.model.add(Flatten())
        self.model.add(Dense(64))
        self.model.add(BatchNormalization())
        self.model.add(Activation("relu"))
        self.model.add(Dropout(0.2))
