"""DF602 counts the values a dropout after a Dense layer lets through: a wide layer still
passes enough (bench/calibrate_rules.py measured 50 kept at a fifteenth of 6 kept's loss)."""

from __future__ import annotations

import pytest
from defib.engine.analysis import analyse_source

_MODEL = """import keras
model = keras.Sequential([
    keras.Input((20,)),
    keras.layers.Dense({units}, activation="relu"),
{between}    keras.layers.Dropout({rate}),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
"""


def _messages(units: int, rate: float, between: str = "") -> list[str]:
    source = _MODEL.format(units=units, rate=rate, between=between)
    return [d.message for d in analyse_source(source, "m.py").diagnostics if d.code == "DF602"]


@pytest.mark.parametrize(("units", "rate"), [(1000, 0.9), (500, 0.9), (1000, 0.95)])
def test_a_wide_layer_still_passes_enough(units: int, rate: float) -> None:
    assert _messages(units, rate) == []


def test_a_narrow_layer_is_reported_with_what_passes() -> None:
    [message] = _messages(64, 0.9)
    assert "of the 64 values before it, about 6 reach the next layer at each step" in message
    [message] = _messages(8, 0.95)
    assert "of the 8 values before it, fewer than one reaches the next layer" in message


def test_an_activation_between_keeps_the_width() -> None:
    assert _messages(1000, 0.9, "    keras.layers.BatchNormalization(),\n") == []
    # After a Flatten the width is not the Dense layer's: the old wording stays.
    [message] = _messages(32, 0.9, "    keras.layers.Reshape((4, 8)),\n")
    assert "the next layer sees almost nothing" in message


def test_a_rate_of_one_drops_everything_whatever_the_width() -> None:
    [message] = _messages(1000, 1.0)
    assert "the next layer sees almost nothing" in message
