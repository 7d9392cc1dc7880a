"""DF203 points at the layer that makes a softmax hidden: a course script builds an output
layer, then keeps adding to the same model thirty lines further down."""

from __future__ import annotations

from defib.engine.analysis import analyse_source

_SCRIPT = """import numpy as np
from tensorflow import keras

x, y = np.random.rand(256, 8), np.random.randint(0, 3, 256)
model = keras.Sequential()
model.add(keras.layers.Dense(32, activation="softmax", input_shape=(8,)))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
print("an output layer, so far")
model.add(keras.layers.Dense(3, activation="softmax"))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=5)
"""


def test_the_layer_added_after_the_softmax_is_named() -> None:
    [finding] = [d for d in analyse_source(_SCRIPT, "m.py").diagnostics if d.code == "DF203"]
    assert finding.range.start.line == 6
    [note] = finding.related
    assert note.message == "the next layer with weights" and note.range.start.line == 9
