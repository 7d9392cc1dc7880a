# expect: DF203
# "My fine-tuned audio model stays near chance accuracy". The pretrained network is
# cloned from disk, its top popped, and a new two-layer head added; both head layers got softmax.
import keras
from keras.layers import Dense

from speakers.data import load_clips


class SpeakerTransfer:
    def __init__(self, base_path):
        self.base_path = base_path
        self.model = None

    def train(self, epochs=10):
        x_train, y_train = load_clips("train")
        self.model = keras.models.load_model(self.base_path)
        for layer in self.model.layers[:-1]:
            layer.trainable = False
        self.model.pop()

        hidden = Dense(64, activation="softmax", name="head_hidden")
        output = Dense(y_train.shape[1], activation="softmax", name="head_output")
        self.model.add(hidden)
        self.model.add(output)

        self.model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
        self.model.fit(x_train, y_train, epochs=epochs, batch_size=32, validation_split=0.2)
