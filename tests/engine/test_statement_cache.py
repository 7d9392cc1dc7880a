"""The statement cache's parse without libcst's re-validation is the same parse."""

from __future__ import annotations

import libcst as cst
import pytest
from defib.engine import StatementCache, analyse_source

SOURCE = (
    "import keras\n"
    "model = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"
    "model.compile(optimizer=keras.optimizers.Adam(learning_rate=3.0), loss='mse')\n"
)


def test_a_parse_without_validation_is_the_same_tree() -> None:
    for line in SOURCE.splitlines(keepends=True):
        fast = StatementCache(validate=False).parse(line).module
        assert fast.deep_equals(cst.parse_module(line))


def test_libcst_validates_again_after_a_parse_without_validation() -> None:
    StatementCache(validate=False).parse(SOURCE)
    with pytest.raises(cst.CSTValidationError):
        cst.Name("")


def test_the_findings_are_the_same_either_way() -> None:
    fast = analyse_source(SOURCE, "train.py", cache=StatementCache(validate=False))
    checked = analyse_source(SOURCE, "train.py", cache=StatementCache())
    assert fast.diagnostics and fast.diagnostics == checked.diagnostics
