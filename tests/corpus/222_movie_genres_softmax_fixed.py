# expect:
# Movie genres from plot summaries: one sigmoid per genre with binary cross-entropy
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MultiLabelBinarizer
from tensorflow.keras import layers, models

movies = pd.read_csv("movies.csv")
features = TfidfVectorizer(max_features=8000).fit_transform(movies["plot"]).toarray()
binarizer = MultiLabelBinarizer()
genres = binarizer.fit_transform(movies["genres"].str.split(","))
x_tr, x_val, y_tr, y_val = train_test_split(features, genres, test_size=0.1)

net = models.Sequential([
    layers.Input(shape=(8000,)),
    layers.Dense(256, activation="relu"),
    layers.Dense(len(binarizer.classes_), activation="sigmoid"),
])
net.compile(optimizer="adam", loss="binary_crossentropy")
net.fit(x_tr, y_tr, validation_data=(x_val, y_val), epochs=8, batch_size=64)
