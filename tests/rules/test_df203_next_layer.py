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


def test_a_softmax_layer_of_unknown_width_is_an_info() -> None:
    # A held-out reader's recurrent model took its width from a list its callers passed (3 to
    # 10 units): how much a softmax slows training depends on that width, which is not known.
    source = """import tensorflow as tf
def build(widths, activation="softmax"):
    model = tf.keras.models.Sequential()
    for width in widths:
        model.add(tf.keras.layers.SimpleRNN(width, activation=activation))
    model.add(tf.keras.layers.Dense(2))
    model.compile(optimizer="adam", loss="mse")
    return model
"""
    [finding] = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF203"]
    assert finding.severity.name == "INFO"
    assert "a number not known here" in finding.message
