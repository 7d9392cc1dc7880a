# expect:
# "Transfer learning on my speaker classifier: accuracy stays near chance". The new head's first
# layer was given softmax like the output layer under it.
import numpy as np
from tensorflow.keras.layers import Dense, Dropout
from tensorflow.keras.models import Sequential

features = np.load("embeddings.npy")
labels = np.load("speakers_onehot.npy")

head = Sequential()
head.add(Dense(256, activation="relu", input_shape=(features.shape[1],)))
head.add(Dropout(0.3))
head.add(Dense(128, activation="relu", name="transfer_dense_1"))
head.add(Dense(labels.shape[1], activation="softmax", name="output_1"))
head.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
head.fit(features, labels, epochs=15, batch_size=16, validation_split=0.2)
