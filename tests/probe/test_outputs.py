"""A model with several outputs is judged by every output, not by the first alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from defib.probe.report import format_text

from .helpers import finding, line_of

pytestmark = pytest.mark.tensorflow

Probe = Callable[..., dict[str, Any]]

TWO_HEADS = """
import numpy as np
import keras
rng = np.random.default_rng(0)
x = rng.standard_normal((256, 8)).astype("float32")
amount = (x @ rng.standard_normal(8)).astype("float32")
label = (x[:, 0] > 0).astype("float32")

inputs = keras.Input(shape=(8,))
trunk = keras.layers.Dense(16, activation="relu")(inputs)
amount_out = keras.layers.Dense(1, name="amount")(trunk)
label_out = keras.layers.Dense(1, activation="{head}", name="label")(trunk)
model = keras.Model(inputs, [amount_out, label_out])
model.compile(optimizer="adam", loss=["mse", "binary_crossentropy"])
model.fit(x, [amount, label], epochs=5)
"""


def test_a_collapsed_second_head_makes_the_model_collapsed(probe: Probe) -> None:
    text = TWO_HEADS.replace("{head}", "softmax")  # softmax over one unit: always 1.0
    report = probe(text)
    assert report["verdict"] == "collapsed", report.get("error") or report["findings"]
    outputs = {o["name"]: o for o in report["metrics"]["outputs"]}
    assert list(outputs) == ["amount", "label"]
    assert outputs["label"]["spread_ratio_end"] == 0.0
    assert outputs["amount"]["spread_ratio_end"] > 0.1  # the healthy head, reported too
    collapse = finding(report, "DF901")
    assert "output 'label'" in collapse["message"] and "'amount'" in collapse["message"]
    assert collapse["line"] == line_of(text, 'name="label"')
    assert report["metrics"]["spread_ratio_end"] == 0.0  # the verdict's figure: the worst head
    # The report lists the layers in the model's order, whatever the verdict read last.
    indices = [layer["index"] for layer in report["model"]["layers"]]
    assert indices == sorted(indices)
    assert "output 'label'" in format_text(report)


def test_two_healthy_heads_are_healthy_and_each_is_measured(probe: Probe) -> None:
    report = probe(TWO_HEADS.replace("{head}", "sigmoid"))
    assert report["verdict"] == "healthy", report["findings"]
    spreads = [o["spread_ratio_end"] for o in report["metrics"]["outputs"]]
    assert len(spreads) == 2 and min(spreads) > 0.05
    assert report["metrics"]["spread_ratio_end"] == pytest.approx(min(spreads), rel=1e-3)


def test_a_single_output_is_one_entry(probe: Probe) -> None:
    report = probe(
        TWO_HEADS.replace("{head}", "sigmoid")
        .replace("[amount_out, label_out]", "amount_out")
        .replace('loss=["mse", "binary_crossentropy"]', 'loss="mse"')
        .replace("[amount, label]", "amount")
    )
    assert report["verdict"] == "healthy"
    (output,) = report["metrics"]["outputs"]
    assert output["name"] == "amount"
    assert output["spread_ratio_end"] == pytest.approx(
        report["metrics"]["spread_ratio_end"], rel=1e-3
    )


def test_dict_outputs_take_their_targets_by_name(probe: Probe) -> None:
    text = (
        TWO_HEADS.replace("{head}", "softmax")
        .replace("[amount_out, label_out]", '{"label": label_out, "amount": amount_out}')
        .replace(
            '["mse", "binary_crossentropy"]', '{"amount": "mse", "label": "binary_crossentropy"}'
        )
        .replace("[amount, label]", '{"label": label, "amount": amount}')
    )
    report = probe(text)
    assert report["verdict"] == "collapsed", report.get("error") or report["findings"]
    outputs = {o["name"]: o for o in report["metrics"]["outputs"]}
    assert set(outputs) == {"amount", "label"}
    assert outputs["label"]["spread_ratio_end"] == 0.0
    # Matched to its own target (spread about 2.8): about 0.28 after 30 steps; against the
    # labels' (spread 0.5) the same predictions would read about 1.6.
    assert 0.1 < outputs["amount"]["spread_ratio_end"] < 1.0
    assert "output 'label'" in finding(report, "DF901")["message"]
