"""DF404 on from_logits=True over an output that is already a probability: the message says
what the loss applies on top (a softmax for categorical losses, a sigmoid for binary ones).
Keras's TensorFlow backend reads the logits back from a softmax or sigmoid it can see, so
there it is an info; a warning where nothing undoes it."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source

_MODEL = """import os
os.environ["KERAS_BACKEND"] = "jax"
import keras
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(2, activation="{output}")])
model.compile(optimizer="adam", loss=keras.losses.{loss}(from_logits=True))
"""


@pytest.mark.parametrize(
    ("output", "loss", "said"),
    [
        ("softmax", "SparseCategoricalCrossentropy", "applies softmax twice"),
        ("sigmoid", "BinaryCrossentropy", "applies sigmoid twice"),
        ("sigmoid", "SparseCategoricalCrossentropy", "applies softmax on top of the sigmoid"),
        ("softmax", "BinaryCrossentropy", "applies sigmoid on top of the softmax"),
    ],
)
def test_message_names_what_the_loss_applies(output: str, loss: str, said: str) -> None:
    source = _MODEL.format(output=output, loss=loss)
    [message] = [
        d.message for d in analyse_source(source, "model.py").diagnostics if d.code == "DF404"
    ]
    assert f"from_logits=True on a {output} output {said}" in message


def _df404(source: str) -> list[tuple[str, str]]:
    return [
        (d.severity.value, d.message)
        for d in analyse_source(source, "model.py").diagnostics
        if d.code == "DF404"
    ]


_TENSORFLOW = """import keras
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(2{activation}){after}])
model.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy(from_logits=True))
"""


@pytest.mark.parametrize(
    ("activation", "after"),
    [(', activation="softmax"', ""), ("", ',\n    keras.layers.Activation("softmax")')],
)
def test_the_tensorflow_backend_reads_the_logits_back(activation: str, after: str) -> None:
    [(severity, message)] = _df404(_TENSORFLOW.format(activation=activation, after=after))
    assert severity == "info" and "trains as intended there" in message


def test_a_layer_after_the_softmax_hides_it_from_the_backend() -> None:
    after = ",\n    keras.layers.Reshape((2,))"
    [(severity, message)] = _df404(
        _TENSORFLOW.format(activation=', activation="softmax"', after=after)
    )
    assert severity == "warning" and "applies softmax twice" in message


def test_one_unit_under_a_categorical_loss_is_left_to_df403() -> None:
    # A softmax over one logit is always 1: "trains as intended" would contradict DF403's error.
    source = """import numpy as np
import tensorflow as tf
model = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(np.random.rand(100, 8), np.random.randint(0, 7, 100), epochs=5)
"""
    codes = [d.code for d in analyse_source(source, "m.py").diagnostics]
    assert "DF403" in codes
    assert "DF404" not in codes
