# expect:
# expect-info: DF308
# Reviews tokenised and padded at their end, read by a one-way LSTM whose last state alone goes
# to the classifier: the LSTM reads the padding last.
import numpy as np
from tensorflow.keras.layers import LSTM, Dense, Embedding
from tensorflow.keras.models import Sequential
from tensorflow.keras.preprocessing.sequence import pad_sequences
from tensorflow.keras.preprocessing.text import Tokenizer

reviews = ["a fine film", "dull and far too long", "loved every minute", "not worth it"] * 50
labels = np.array([1, 0, 1, 0] * 50)
tokenizer = Tokenizer(num_words=1000, oov_token="<OOV>")
tokenizer.fit_on_texts(reviews)
sequences = tokenizer.texts_to_sequences(reviews)
padded = pad_sequences(sequences, maxlen=100, padding="post", truncating="post")

model = Sequential([Embedding(1000, 16), LSTM(32), Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(padded, labels, epochs=5, validation_split=0.2)
