"""The values an array the code draws or spaces itself can take, followed through arithmetic
with numbers: `-50 + rand(n) * 100` spans [-50, 50], not 150 wide."""

from __future__ import annotations

import pytest
from defib.engine.analysis import analyse_source

_FIT = """import numpy as np
import keras
x = {x}
y = np.random.random((2500, 1))
model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1)])
model.compile(loss="mse", optimizer="adam")
model.fit(x, y, epochs=5)
"""


def _input_finding(x: str) -> str | None:
    found = [d.message for d in analyse_source(_FIT.format(x=x), "m.py").diagnostics]
    return next((m for m in found if m.startswith("Input values")), None)


@pytest.mark.parametrize(
    ("x", "largest"),
    [
        ("np.random.random((2500, 1)) * 1000", "1,000"),
        ("-500 + np.random.random((2500, 1)) * 1000", "500"),
        ("np.random.uniform(-20, 700, (2500, 1))", "700"),
        ("(np.random.rand(2500, 1) - 0.5) * 2000", "1,000"),
        ("np.linspace(-300, 10, 2500).reshape(-1, 1)", "300"),
    ],
)
def test_the_largest_value_is_read_from_where_the_values_lie(x: str, largest: str) -> None:
    message = _input_finding(x)
    assert message is not None and f"reach about {largest}, far from unit scale" in message


def test_a_draw_centred_by_an_offset_is_not_counted_as_the_offset_plus_its_width() -> None:
    # A held-out toy: y = x ** 2 with x in [-50, 50] trained to R² 1.0 as it is.
    assert _input_finding("-50 + np.random.random((2500, 1)) * 100") is None
    assert _input_finding("np.random.random((2500, 1)) * 100 + 100") is not None


def test_arange_stops_before_its_end() -> None:
    source = "import numpy as np\nimport keras\ny = np.arange(1, 11)\n" + (
        "model = keras.Sequential([keras.layers.Dense(1)])\nmodel.fit(np.ones((10, 1)), y)\n"
    )
    (model,) = analyse_source(source, "m.py").models
    assert model.fit is not None and model.fit.y is not None
    assert model.fit.y.span == (1.0, 10.0)
