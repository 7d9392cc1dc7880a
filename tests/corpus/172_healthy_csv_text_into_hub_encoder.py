# expect:
# Sentences read from a CSV go to a pretrained sentence encoder: strings, not features.
import pandas as pd
import tensorflow as tf
import tensorflow_hub as hub

tweets = pd.read_csv("train.csv")
sentences = tweets["text"].to_numpy()
targets = tweets["target"].to_numpy()

encoder = hub.KerasLayer("https://tfhub.dev/google/universal-sentence-encoder/4", input_shape=[], dtype=tf.string)
model = tf.keras.Sequential([encoder, tf.keras.layers.Dense(64, activation="relu"), tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(sentences, targets, epochs=5)
