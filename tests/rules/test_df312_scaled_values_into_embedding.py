"""DF312: scaled values given to an Embedding, which reads its input as integer ids."""

from __future__ import annotations

from defib.engine import analyse_source
from defib.engine.diagnostics import Diagnostic

_PROGRAM = """import numpy as np
import keras
from keras.utils import pad_sequences
from sklearn.preprocessing import MinMaxScaler

(texts, y), _ = keras.datasets.imdb.load_data(num_words=1000)
ids = pad_sequences(texts, maxlen=100)
counts = MinMaxScaler().fit_transform(np.random.randint(0, 50, size=(25000, 3)))
x = {features}
model = keras.Sequential([{first}keras.layers.Embedding(1000, 16), keras.layers.Flatten(),
    keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=3)
"""


def findings(features: str, first: str = "") -> list[Diagnostic]:
    source = _PROGRAM.format(features=features, first=first)
    return [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF312"]


def test_word_ids_joined_with_scaled_columns_are_told_apart() -> None:
    (finding,) = findings("np.concatenate([ids, counts], axis=1)")
    assert finding.message.startswith("Some of these inputs were scaled (the rest are word ids)")
    assert finding.range.start.line == 13
    assert [r.message for r in finding.related] == ["Embedding, the first layer the values meet"]


def test_scaled_word_ids_are_reported_as_scaled() -> None:
    (finding,) = findings("MinMaxScaler().fit_transform(ids)")
    assert finding.message.startswith("These inputs were scaled, and the Embedding")


def test_word_ids_as_they_are_and_layers_before_the_embedding_are_left_alone() -> None:
    assert findings("ids") == []
    # A Dense layer reads the scaled values as numbers before any Embedding.
    assert findings("counts", first="keras.layers.Dense(8), ") == []
