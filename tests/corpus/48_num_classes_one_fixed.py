# expect:
# "Spam classifier: loss is 0 from epoch 1, every prediction is 1.0"
import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers
from sklearn.feature_extraction.text import TfidfVectorizer

NUM_CLASSES = 1
df = pd.read_csv("spam.csv")
vectorizer = TfidfVectorizer(max_features=5000)
X = vectorizer.fit_transform(df["text"]).toarray()
y = (df["label"] == "spam").astype("float32").values

model = keras.Sequential([
    keras.Input(shape=(5000,)),
    layers.Dense(128, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(NUM_CLASSES, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=10, batch_size=64, validation_split=0.2)
