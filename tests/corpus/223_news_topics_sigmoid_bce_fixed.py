# expect:
# News topics, one per article: a softmax over the topics with categorical cross-entropy
import numpy as np
import pandas as pd
from sklearn.preprocessing import LabelEncoder
from keras.layers import Dense, Dropout, Input
from keras.models import Model
from keras.utils import to_categorical


def topic_model(n_inputs, n_topics):
    words = Input(shape=(n_inputs,))
    hidden = Dropout(0.3)(Dense(128, activation="relu")(words))
    topic = Dense(n_topics, activation="softmax", name="topic")(hidden)
    net = Model(inputs=words, outputs=topic)
    net.compile(optimizer="adam", loss={"topic": "categorical_crossentropy"}, metrics=["accuracy"])
    return net


articles = pd.read_csv("articles.csv")
bags = np.load("bags_of_words.npy")
topic_ids = LabelEncoder().fit_transform(articles["topic"])
topics = to_categorical(topic_ids)
net = topic_model(bags.shape[1], 4)
net.fit(bags, topics, epochs=10, batch_size=32)
