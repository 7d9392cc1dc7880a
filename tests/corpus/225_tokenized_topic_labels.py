# expect:
# expect-info: DF407
# "Received a label value of 4 which is outside the valid range of [0, 4)"
import numpy as np
import pandas as pd
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.preprocessing.sequence import pad_sequences
from tensorflow.keras import layers, models

reviews = pd.read_csv("reviews.csv")
texts = reviews["text"].tolist()
topics = reviews["topic"].tolist()  # one of: food, service, price, place

words = Tokenizer(num_words=5000, oov_token="<unk>")
words.fit_on_texts(texts)
x = pad_sequences(words.texts_to_sequences(texts), maxlen=80)

topic_ids = Tokenizer()
topic_ids.fit_on_texts(topics)
y = np.array(topic_ids.texts_to_sequences(topics))

net = models.Sequential([
    layers.Embedding(5000, 32),
    layers.GlobalAveragePooling1D(),
    layers.Dense(16, activation="relu"),
    layers.Dense(4, activation="softmax"),
])
net.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
net.fit(x, y, epochs=20, validation_split=0.2)
