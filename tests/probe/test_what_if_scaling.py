"""DF301's what-if: the same model trained on scaled inputs, on a collapse that raw 0-255
inputs cause."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from defib.engine import static_hints

pytestmark = pytest.mark.tensorflow

Probe = Callable[..., dict[str, Any]]

# ReLU layers under plain SGD on raw pixels: the first steps are huge, the ReLUs die and the
# output goes constant (20 epochs of real training: output spread 0.0 of the target's raw,
# 0.21 divided by 255, 0.53 standardised).
PIXELS = """
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
x = rng.integers(0, 256, size=(1024, 64)).astype("float32")
y = ((x - 127.5) @ rng.standard_normal(64) > 0).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(64,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="binary_crossentropy")
model.fit(x, y, epochs=5, batch_size=32)
"""


def test_df301_offers_scaling_the_inputs_as_its_what_if(script: Callable[..., str]) -> None:
    hints = [hint for hint in static_hints(script(PIXELS), None) if hint["code"] == "DF301"]
    assert [hint["what_if"]["kind"] for hint in hints] == ["scale_inputs"]
    assert hints[0]["what_if"]["value"] == "standardize"


@pytest.mark.parametrize("how", ["max_abs", "standardize"])
def test_scaled_inputs_undo_a_raw_pixel_collapse(probe: Probe, how: str) -> None:
    hint = {"code": "DF301", "line": 8, "what_if": {"kind": "scale_inputs", "value": how}}
    report = probe(PIXELS, hints=[hint])
    assert report["verdict"] == "collapsed"
    (entry,) = report["what_if"]
    assert "inputs" in entry["change"]
    assert entry["verdict"] == "healthy", entry
    assert entry["spread_ratio_end"] > 100 * report["metrics"]["spread_ratio_end"]
