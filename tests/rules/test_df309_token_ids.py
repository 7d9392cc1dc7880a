"""DF309 follows word ids from where they are made to the layer that first reads them."""

from __future__ import annotations

import pytest
from defib.engine.analysis import analyse_source

_REUTERS = """import numpy as np
from keras.datasets import reuters
from keras.preprocessing.sequence import pad_sequences
from keras.models import Sequential
from keras.layers import {layers_import}
from keras.utils import to_categorical


def vectorize(sequences, dimension=10000):
    results = np.zeros((len(sequences), dimension))
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.0
    return results


(X_train, y_train), (X_test, y_test) = reuters.load_data(num_words=10000, maxlen=50)
X_train = pad_sequences(X_train, padding="post")
{transform}
model = Sequential()
{layers}
model.add(Dense(46, activation="softmax"))
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(X_train, y_train, epochs=2)
"""


def _df309(transform: str, layers: str, imports: str = "Dense, SimpleRNN") -> list[str]:
    source = _REUTERS.format(layers_import=imports, transform=transform, layers=layers)
    return [d.message for d in analyse_source(source, "m.py").diagnostics if d.code == "DF309"]


def test_ids_reshaped_to_steps_into_a_recurrent_layer_are_reported() -> None:
    # Round 40a's miss and a course's stacked RNN: (n, 50, 1), one id per step.
    [message] = _df309(
        "X_train = np.array(X_train).reshape((X_train.shape[0], X_train.shape[1], 1))",
        "model.add(SimpleRNN(50, input_shape=(49, 1)))",
    )
    assert message.startswith("The inputs are word ids, and this SimpleRNN reads them as numbers")


@pytest.mark.parametrize(
    ("transform", "layers", "imports"),
    [
        (
            "",
            "model.add(Embedding(10000, 32))\nmodel.add(SimpleRNN(50))",
            "Dense, SimpleRNN, Embedding",
        ),
        ("X_train = X_train / 10000.0", "model.add(Dense(64, input_dim=50))", "Dense, SimpleRNN"),
        ("X_train = to_categorical(X_train)", "model.add(Dense(64))", "Dense, SimpleRNN"),
        (
            "X_train = vectorize(X_train)",
            "model.add(Dense(64, input_dim=10000))",
            "Dense, SimpleRNN",
        ),
    ],
)
def test_ids_looked_up_or_turned_into_other_values_are_not_reported(
    transform: str, layers: str, imports: str
) -> None:
    assert _df309(transform, layers, imports) == []


def test_ids_as_loaded_are_lists_of_different_lengths_that_fit_refuses() -> None:
    # A held-out course script passed imdb's train_data where it meant its multi-hot x_train.
    source = """import numpy as np
from tensorflow import keras
from tensorflow.keras.datasets import imdb
(train_data, train_labels), _ = imdb.load_data(num_words=10000)
model = keras.Sequential([keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="rmsprop", loss="binary_crossentropy")
model.fit(train_data, train_labels, epochs=20)
"""
    [message] = [d.message for d in analyse_source(source, "m.py").diagnostics if d.code == "DF309"]
    assert message.startswith("The inputs are imdb's word-id lists as loaded, of different lengths")
    assert "Keras raises on an array of lists" in message
    padded = source.replace(
        "model.fit(train_data,", "model.fit(keras.utils.pad_sequences(train_data, 200),"
    )
    [message] = [d.message for d in analyse_source(padded, "m.py").diagnostics if d.code == "DF309"]
    assert message.startswith("The inputs are word ids, and this Dense reads them as numbers")
