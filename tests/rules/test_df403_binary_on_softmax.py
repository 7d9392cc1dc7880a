"""DF403's info on binary cross-entropy over a softmax: from three units, with both ways out."""

from __future__ import annotations

from defib.engine import analyse_source
from defib.engine.diagnostics import Diagnostic


def df403(units: int, targets: str = "y") -> list[Diagnostic]:
    source = (
        "import numpy as np\n"
        "from tensorflow import keras\n"
        "x = np.random.rand(256, 8)\n"
        f"y = keras.utils.to_categorical(np.random.randint(0, {units}, 256), {units})\n"
        "model = keras.Sequential([keras.layers.Dense(16, activation='relu'),\n"
        f"    keras.layers.Dense({units}, activation='softmax')])\n"
        "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
        f"model.fit(x, {targets}, epochs=5)\n"
    )
    return [d for d in analyse_source(source, "train.py").diagnostics if d.code == "DF403"]


def test_two_softmax_units_are_left_alone() -> None:
    # Over two units each unit's yes/no term repeats the other's: the same number as
    # categorical cross-entropy.
    assert df403(2) == []


def test_three_softmax_units_get_an_info_naming_both_fixes() -> None:
    [finding] = df403(3)
    assert finding.severity.value == "info"
    assert "categorical cross-entropy" in finding.message
    assert "multi-label" in finding.message and "sigmoid output" in finding.message
