"""DF404 on a cross-entropy over a linear output says what Keras does to the outputs: a
categorical loss divides them by their sum before clipping them to (0, 1), the sparse one
after (Keras 3.15: [0.2, 0.3] for class 0 costs -log(0.4)); the binary one clips them as they
are."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source

_MODEL = """import keras
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense({units})])
model.compile(optimizer="adam", loss="{loss}")
"""


@pytest.mark.parametrize(
    ("units", "loss", "divided"),
    [
        (3, "categorical_crossentropy", True),
        (3, "sparse_categorical_crossentropy", True),
        (1, "binary_crossentropy", False),
    ],
)
def test_the_message_says_what_the_loss_does_to_the_outputs(
    units: int, loss: str, divided: bool
) -> None:
    found = analyse_source(_MODEL.format(units=units, loss=loss), "m.py").diagnostics
    [finding] = [d for d in found if d.code == "DF404"]
    assert ("divided by their sum" in finding.message) is divided
    assert "clipped and get no gradient" in finding.message
