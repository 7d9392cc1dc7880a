# expect:
# expect-info: DF501
import numpy as np
import tensorflow as tf
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.preprocessing.sequence import pad_sequences

texts = open("reviews.txt").read().splitlines()
labels = np.array([int(l) for l in open("labels.txt").read().split()])

tokenizer = Tokenizer(num_words=10000)
tokenizer.fit_on_texts(texts)
sequences = pad_sequences(tokenizer.texts_to_sequences(texts), maxlen=200)

model = tf.keras.Sequential([
    tf.keras.layers.Embedding(10000, 32, input_length=200),
    tf.keras.layers.GlobalAveragePooling1D(),
    tf.keras.layers.Dense(16, activation=tf.nn.relu),
    tf.keras.layers.Dense(1, activation=tf.nn.sigmoid),
])
model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
model.fit(sequences, labels, epochs=10, batch_size=512, validation_split=0.2)
