"""A model compiled again between two fit() calls is judged as each training meets it: a loss
wrong in both compile() calls is reported at both, so that fixing the last one is not taken
for fixing the first training."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source

_TWICE = """import keras
import numpy as np
x, y = np.random.rand(100, 4), np.eye(3)[np.random.randint(0, 3, 100)]
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(3)])
model.compile(optimizer="sgd", loss={first})
model.fit(x, y, epochs=20)
model.compile(optimizer="adam", loss={second})
model.fit(x, y, epochs=5)
"""
_WRONG = "'categorical_crossentropy'"
_RIGHT = "keras.losses.CategoricalCrossentropy(from_logits=True)"


@pytest.mark.parametrize(
    ("first", "second", "lines"),
    [
        (_WRONG, _WRONG, [6, 8]),
        (_RIGHT, _WRONG, [8]),
        (_WRONG, _RIGHT, [6]),
        (_RIGHT, _RIGHT, []),
    ],
)
def test_each_compile_a_fit_trains_with_is_judged(
    first: str, second: str, lines: list[int]
) -> None:
    found = analyse_source(_TWICE.format(first=first, second=second), "train.py").diagnostics
    assert [d.range.start.line for d in found if d.code == "DF404"] == lines


def test_a_layer_finding_is_reported_once_for_both_trainings() -> None:
    source = _TWICE.format(first=_WRONG, second=_WRONG).replace(
        "keras.layers.Dense(3)]", 'keras.layers.Dense(1, activation="softmax")]'
    )
    found = analyse_source(source, "train.py").diagnostics
    assert [d.code for d in found].count("DF401") == 1
