"""An exercise's blank (`[...]` or `...` alone as a statement) stands for code still to write:
the layers a model has before it may not end the model."""

from __future__ import annotations

import pytest
from defib.engine.analysis import analyse_source

_CELL = """from keras.models import Sequential
from keras.layers import Dense, Dropout, Input
from keras.optimizers import RMSprop

mlp = Sequential()
mlp.add(Input(shape=(784,)))
mlp.add(Dense(128, activation="relu"))
mlp.add(Dropout(0.2))
{blank}
mlp.compile(loss="sparse_categorical_crossentropy", optimizer=RMSprop())
"""


def _codes(source: str) -> list[str]:
    return sorted(f.code for f in analyse_source(source, "mnist.py").diagnostics)


@pytest.mark.parametrize("blank", ["[...]", "...", "(...)"])
def test_the_last_layer_before_a_blank_is_not_taken_for_the_output(blank: str) -> None:
    assert _codes(_CELL.format(blank=blank)) == []


def test_without_the_blank_the_last_layer_is_the_output() -> None:
    # A relu layer then a dropout, as written, end the model: both are reported.
    assert _codes(_CELL.format(blank="")) == ["DF404", "DF603"]


def test_a_layer_added_after_the_blank_is_the_output_again() -> None:
    source = _CELL.format(blank='[...]\nmlp.add(Dense(10, activation="relu"))')
    assert _codes(source) == ["DF404"]


def test_other_expressions_are_not_blanks() -> None:
    assert _codes(_CELL.format(blank="[..., ...]\nprint(...)")) == ["DF404", "DF603"]
