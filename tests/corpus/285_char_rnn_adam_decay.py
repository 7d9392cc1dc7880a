# expect: DF102
# A character model under Keras 2 with decay=0.5, taken for a per-epoch factor: Keras 2
# divides the rate by 1 + 0.5 x the batches seen, so training stops within a few dozen
# batches and the model predicts the characters' frequencies for every input.
import numpy as np
from keras.layers import LSTM, Dense
from keras.models import Sequential
from keras.optimizers import Adam

text = open("corpus.txt").read()
chars = sorted(set(text))
x = np.zeros((len(text) - 40, 40, len(chars)), dtype=bool)
y = np.zeros((len(text) - 40, len(chars)), dtype=bool)
index = {c: i for i, c in enumerate(chars)}
for i in range(len(text) - 40):
    for t, char in enumerate(text[i : i + 40]):
        x[i, t, index[char]] = 1
    y[i, index[text[i + 40]]] = 1

model = Sequential()
model.add(LSTM(128, input_shape=(40, len(chars))))
model.add(Dense(len(chars), activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer=Adam(lr=0.001, decay=0.5))
model.fit(x, y, batch_size=128, epochs=20)
