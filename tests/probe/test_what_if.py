"""Re-probing a clone with the one change a static finding suggests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .helpers import line_of

pytestmark = pytest.mark.tensorflow

Probe = Callable[..., dict[str, Any]]

HEAD = """
import numpy as np
import keras
rng = np.random.default_rng(0)
x = rng.standard_normal((512, 8)).astype("float32")
y = x @ rng.standard_normal(8)
"""

SIGMOID_STACK = (
    HEAD
    + """
model = keras.Sequential([keras.Input(shape=(8,))])
for _ in range(10):
    model.add(keras.layers.Dense(32, activation="sigmoid"))
model.add(keras.layers.Dense(1))
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse")
model.fit(x, y)
"""
)


def hint(
    code: str, kind: str, value: Any, layer_index: int | None = None, **where: Any
) -> dict[str, Any]:
    what_if = {"kind": kind, "value": value, "layer_index": layer_index, "description": ""}
    return {"code": code, "line": 1, "what_if": {**what_if, **where}}


def test_relu_instead_of_sigmoid_removes_the_collapse(probe: Probe) -> None:
    report = probe(SIGMOID_STACK, hints=[hint("DF201", "activation", "relu")])
    assert report["verdict"] == "collapsed"
    (entry,) = report["what_if"]
    assert entry["code"] == "DF201"
    assert entry["verdict"] == "healthy"
    assert "sigmoid -> relu" in entry["change"]
    assert entry["what_if"]["kind"] == "activation"


def test_a_change_that_does_not_help_is_reported_as_measured(probe: Probe) -> None:
    report = probe(SIGMOID_STACK, hints=[hint("DF101", "learning_rate", 0.001)])
    (entry,) = report["what_if"]
    assert entry["change"] == "learning rate 0.01 -> 0.001"
    assert entry["verdict"] == "collapsed"


def test_initializer_and_output_activation_changes(probe: Probe) -> None:
    text = (
        HEAD
        + """
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(64, activation="relu", kernel_initializer="zeros"),
    keras.layers.Dense(1, activation="softmax"),
])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y)
"""
    )
    report = probe(
        text,
        hints=[
            hint("DF301", "initializer", "he_normal", 0),
            hint("DF401", "activation", "linear", 1),
            hint("DF999", "dropout", 0.1),
        ],
    )
    assert report["verdict"] == "collapsed"
    initializer, activation, dropout = report["what_if"]
    # One change at a time: each alone leaves the other fault in place.
    assert initializer["verdict"] == "collapsed"
    assert activation["verdict"] == "collapsed"
    assert dropout["verdict"] == "not_measured"
    both = probe(
        text.replace('kernel_initializer="zeros"', 'kernel_initializer="he_normal"'),
        hints=[hint("DF401", "activation", "linear", 1)],
    )
    assert both["what_if"][0]["verdict"] == "healthy"


def test_from_logits_and_loss_changes_are_measured(probe: Probe) -> None:
    text = (
        HEAD
        + """
labels = (y > 0).astype("int64")
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(2),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, labels)
"""
    )
    report = probe(text, hints=[hint("DF501", "from_logits", True)])
    (from_logits,) = report["what_if"]
    assert from_logits["change"] == "from_logits -> True"
    assert from_logits["verdict"] == "healthy"
    regression = probe(SIGMOID_STACK, hints=[hint("DF502", "loss", "mae")])
    (loss,) = regression["what_if"]
    assert loss["change"] == "loss mse -> mae"
    assert loss["verdict"] == "collapsed"


def test_layer_line_selects_the_layer_to_change(probe: Probe) -> None:
    text = (
        HEAD
        + """
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(64, activation="relu", kernel_initializer="zeros"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y)
"""
    )
    zeros_line = line_of(text, "zeros")
    report = probe(text, hints=[hint("DF301", "initializer", "he_normal", layer_line=zeros_line)])
    (entry,) = report["what_if"]
    assert entry["change"] == "kernel initializer of dense: Zeros -> he_normal"
    assert entry["verdict"] == "healthy"


def test_static_findings_become_what_ifs_in_the_cli(script: Callable[..., str]) -> None:
    from defib.engine import static_hints

    path = script(SIGMOID_STACK)
    hints = static_hints(path, None)
    if not hints:
        pytest.skip("the static engine reports no what-if for this script")
    assert all(set(h) == {"code", "line", "what_if"} for h in hints)
    assert any(h["what_if"]["kind"] == "activation" for h in hints)
