"""Warm and cold runs of the same request measure the same thing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from defib.probe.runner import ProbeRequest, ProbeRunner, run_probe
from defib.probe.worker.schema import ProbeReport, check

pytestmark = pytest.mark.tensorflow

SCRIPT = """
import numpy as np
import keras
x = np.random.default_rng(0).standard_normal((256, 4)).astype("float32")
y = x @ np.array([1.0, -1.0, 2.0, 0.5])
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y)
"""


def test_same_seed_gives_the_same_losses_warm_and_cold(
    runner: ProbeRunner, script: Callable[..., str]
) -> None:
    request = ProbeRequest(path=script(SCRIPT), seed=3, steps=10)
    cold = run_probe(request)
    warm = runner.probe(request)
    assert cold["metrics"]["loss"] == warm["metrics"]["loss"]
    assert cold["timings"]["tensorflow_import"] > 0
    assert warm["timings"]["tensorflow_import"] == 0
    assert warm["timings"]["warm"] == 1.0


def test_another_seed_starts_from_other_weights(
    runner: ProbeRunner, script: Callable[..., str]
) -> None:
    path = script(SCRIPT)
    first = runner.probe({"path": path, "seed": 1, "steps": 5})
    second = runner.probe({"path": path, "seed": 2, "steps": 5})
    assert first["metrics"]["loss"][0] != second["metrics"]["loss"][0]


LOWER_RATE = {
    "code": "DF101",
    "line": 8,
    "what_if": {"kind": "learning_rate", "value": 0.0001, "layer_index": None, "description": ""},
}


def test_the_verdict_comes_before_the_what_ifs(
    runner: ProbeRunner, script: Callable[..., str]
) -> None:
    early: list[ProbeReport] = []
    final = runner.probe(
        ProbeRequest(path=script(SCRIPT), steps=10, hints=(LOWER_RATE,)), on_verdict=early.append
    )
    (verdict,) = early
    assert check(verdict) == []
    assert verdict["what_if"] == [] and verdict["what_if_pending"] == 1
    assert verdict["verdict"] == final["verdict"]
    assert verdict["metrics"] == final["metrics"]
    (tried,) = final["what_if"]
    assert tried["code"] == "DF101" and "verdict" in tried
    assert "what_if_pending" not in final


def test_no_early_verdict_without_what_ifs_and_a_failing_callback_is_harmless(
    runner: ProbeRunner, script: Callable[..., str]
) -> None:
    path = script(SCRIPT)
    called: list[ProbeReport] = []
    report = runner.probe({"path": path, "steps": 5}, on_verdict=called.append)
    assert called == [] and report["error"] is None

    def fails(_: ProbeReport) -> None:
        raise RuntimeError("the caller's bug")

    report = runner.probe({"path": path, "steps": 5, "hints": [LOWER_RATE]}, on_verdict=fails)
    assert report["error"] is None and len(report["what_if"]) == 1


def test_a_cold_probe_sends_the_verdict_ahead_too(script: Callable[..., str]) -> None:
    early: list[ProbeReport] = []
    final = run_probe(
        ProbeRequest(path=script(SCRIPT), steps=5, hints=(LOWER_RATE,)), on_verdict=early.append
    )
    (verdict,) = early
    assert verdict["what_if_pending"] == 1 and verdict["verdict"] == final["verdict"]
    assert len(final["what_if"]) == 1
