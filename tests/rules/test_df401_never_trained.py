"""DF401 says so when the file never compiles or trains the model it judges (a plot of
activation curves, a syntax tour): the claim stands, the advice may not be the point."""

from __future__ import annotations

import pytest
from defib.engine.analysis import analyse_source

_BUILT = """from tensorflow import keras
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="softmax")])
{after}
"""


def _df401(after: str) -> str:
    source = _BUILT.format(after=after)
    [finding] = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF401"]
    return finding.message


def test_a_model_only_looked_at_is_said_to_be_never_trained() -> None:
    assert _df401("model.summary()").endswith(
        "(this model is never compiled or trained in this file)"
    )


@pytest.mark.parametrize(
    "after",
    [
        'model.compile(optimizer="adam", loss="binary_crossentropy")',
        'model.compile(optimizer="adam", loss="mse")\nmodel.fit(x, y)',
    ],
)
def test_a_compiled_or_trained_model_is_not(after: str) -> None:
    assert "never compiled" not in _df401(after)


def test_a_model_built_in_a_function_may_be_trained_where_it_is_called() -> None:
    source = """from tensorflow import keras

def build():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="softmax")])
"""
    [finding] = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF401"]
    assert "never compiled" not in finding.message
