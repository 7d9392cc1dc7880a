"""DF404 on from_logits=True over an output that is already a probability: the message says
what the loss applies on top (a softmax for categorical losses, a sigmoid for binary ones)."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source

_MODEL = """import keras
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
