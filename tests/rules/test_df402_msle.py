"""DF402 under msle, which clips predictions below 0: a linear output is no mend there."""

from __future__ import annotations

from defib.engine import analyse_source

_MODEL = """import keras
model = keras.Sequential([keras.layers.Dense(1, activation="relu", input_shape=(1,))])
model.compile(optimizer="adam", loss="{loss}")
model.fit(x, y, epochs=10)
"""


def test_under_msle_no_linear_fix_is_offered() -> None:
    [found] = [
        d
        for d in analyse_source(_MODEL.format(loss="msle"), "t.py").diagnostics
        if d.code == "DF402"
    ]
    assert found.fix is None
    assert "msle clips predictions below 0, so a linear output would stall" in found.message
    assert found.what_if is not None and found.what_if.value == "softplus"


def test_under_mse_the_linear_fix_stays() -> None:
    [found] = [
        d
        for d in analyse_source(_MODEL.format(loss="mse"), "t.py").diagnostics
        if d.code == "DF402"
    ]
    assert found.fix is not None and found.fix.message == "Use a linear output"
    assert found.what_if is not None and found.what_if.value == "linear"
