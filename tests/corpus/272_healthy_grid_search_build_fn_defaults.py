# expect:
# A build function handed to KerasClassifier for a grid search: its parameter defaults are
# placeholders, since the search passes every rate and unit count it tries.
import numpy as np
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from keras.models import Sequential
from keras.layers import Conv1D, MaxPooling1D, Flatten, Dense, Dropout
from keras.optimizers import Adam
from keras.utils import to_categorical
from keras.wrappers.scikit_learn import KerasClassifier

signals = np.load("beats.npy")  # heartbeats, already standardised per recording
labels = np.load("beat_labels.npy")
signals = signals.reshape((signals.shape[0], signals.shape[1], 1))
targets = to_categorical(labels, 4)


def build_network(learning_rate=0, filters=0):
    net = Sequential()
    net.add(Conv1D(filters, 5, activation="relu", input_shape=(signals.shape[1], 1)))
    net.add(MaxPooling1D(2))
    net.add(Conv1D(2 * filters, 5, activation="relu"))
    net.add(MaxPooling1D(2))
    net.add(Flatten())
    net.add(Dense(64, activation="relu"))
    net.add(Dropout(0.3))
    net.add(Dense(4, activation="softmax"))
    net.compile(optimizer=Adam(lr=learning_rate), loss="categorical_crossentropy",
                metrics=["accuracy"])
    return net


grid = {"learning_rate": [1e-4, 3e-4, 1e-3], "filters": [16, 32], "batch_size": [32, 64]}
search = GridSearchCV(KerasClassifier(build_fn=build_network, epochs=30, verbose=0),
                      param_grid=grid, cv=StratifiedKFold(n_splits=4, shuffle=True))
found = search.fit(signals, targets)
print(found.best_params_, found.best_score_)
