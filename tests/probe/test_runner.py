"""Warm and cold runs of the same request measure the same thing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from defib.probe.runner import ProbeRequest, ProbeRunner, run_probe

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
