# expect:
# Next-word prediction: the targets are word indices too, but the output has one unit per
# index including the unused 0, and the targets are a column cut out of the sequences.
import numpy as np
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.preprocessing.sequence import pad_sequences
from tensorflow.keras.utils import to_categorical
from tensorflow import keras

lines = open("poems.txt").read().lower().split("\n")
tokenizer = Tokenizer()
tokenizer.fit_on_texts(lines)
vocabulary = len(tokenizer.word_index) + 1

grams = []
for line in lines:
    ids = tokenizer.texts_to_sequences([line])[0]
    for end in range(2, len(ids) + 1):
        grams.append(ids[:end])
grams = np.array(pad_sequences(grams, maxlen=20))
context, following = grams[:, :-1], grams[:, -1]
following = to_categorical(following, num_classes=vocabulary)

model = keras.Sequential([
    keras.layers.Embedding(vocabulary, 64),
    keras.layers.LSTM(100),
    keras.layers.Dense(vocabulary, activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(context, following, epochs=50)
