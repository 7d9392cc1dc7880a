# expect:
# A forecaster whose layers come from a JSON file, each made by its "type". The checker cannot
# read the file, so it does not know which layer ends the model (here a linear Dense), and
# must not judge the last one written in the loop (a Dropout) as the output.
import json

import numpy as np
from tensorflow.keras.layers import LSTM, Dense, Dropout
from tensorflow.keras.models import Sequential


class Forecaster:
    def __init__(self):
        self.model = Sequential()

    def build(self, configs):
        window = configs["data"]["sequence_length"] - 1
        for layer in configs["model"]["layers"]:
            units = layer.get("neurons")
            rate = layer.get("rate")
            if layer["type"] == "dense":
                self.model.add(Dense(units, activation=layer.get("activation")))
            if layer["type"] == "lstm":
                self.model.add(LSTM(units, input_shape=(window, 2),
                                    return_sequences=layer.get("return_seq", False)))
            if layer["type"] == "dropout":
                self.model.add(Dropout(rate))
        self.model.compile(loss=configs["model"]["loss"], optimizer=configs["model"]["optimizer"])

    def train(self, x, y, epochs, batch_size):
        self.model.fit(x, y, epochs=epochs, batch_size=batch_size)


configs = json.load(open("config.json"))
windows = np.load("windows.npy")
forecaster = Forecaster()
forecaster.build(configs)
forecaster.train(windows[:, :-1], windows[:, -1, :1], epochs=configs["training"]["epochs"],
                 batch_size=configs["training"]["batch_size"])
