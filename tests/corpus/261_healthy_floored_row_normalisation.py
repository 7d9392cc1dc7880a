# expect:
# Node features row-normalised with empty rows guarded, a two-input model, and a confusion
# matrix normalised by its row sums after training (never fed to fit()).
import numpy as np
from sklearn.metrics import confusion_matrix
from tensorflow import keras

features = np.load("node_features.npy")
adjacency = np.load("adjacency.npy")
labels = np.load("node_labels.npy")

row_sums = features.sum(axis=1, keepdims=True)
features = features / np.maximum(row_sums, 1e-12)
degree = np.linalg.norm(adjacency, axis=1, keepdims=True) + 1e-8
adjacency = adjacency / degree

node_in = keras.Input(shape=(features.shape[1],))
graph_in = keras.Input(shape=(adjacency.shape[1],))
hidden = keras.layers.Dense(64, activation="relu")(keras.layers.concatenate([node_in, graph_in]))
hidden = keras.layers.Dropout(0.5)(hidden)
output = keras.layers.Dense(6, activation="softmax")(hidden)
model = keras.Model([node_in, graph_in], output)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit([features, adjacency], labels, epochs=200, batch_size=256)

predicted = model.predict([features, adjacency]).argmax(axis=1)
matrix = confusion_matrix(labels, predicted).astype("float")
matrix = matrix / matrix.sum(axis=1)[:, np.newaxis]
print(np.round(matrix, 2))
