"""DF313 on inputs made by np.zeros and trained on as they are, and on the many ways code
fills such an array, each of which leaves it alone."""

from __future__ import annotations

import pytest
from defib.engine.analysis import analyse_source

_BATCH = """import numpy as np
from tensorflow import keras

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
samples = [(np.random.rand(4), 1.0) for _ in range(64)]
{made}
y = np.random.rand(64, 1)
for i, (sample, target) in enumerate(samples):
    {body}
{training}
"""


def _df313(made: str = "x = np.zeros((64, 4))", body: str = "pass", training: str = "") -> list:
    source = _BATCH.format(made=made, body=body, training=training or "model.fit(x, y, epochs=5)")
    return [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF313"]


@pytest.mark.parametrize(
    "training",
    [
        "model.fit(x, y, epochs=5)",
        "model.fit(x=x, y=y, epochs=5)",
        "model.train_on_batch(x, y)",
        "def train():\n    model.fit(x, y)\ntrain()",
    ],
)
def test_zeros_never_written_are_reported(training: str) -> None:
    [finding] = _df313(training=training)
    assert finding.message.startswith("`x` is still all zeros when fit() trains on it")
    assert finding.related[0].message == "made here, all zeros"


@pytest.mark.parametrize(
    ("made", "body"),
    [
        ("x = np.zeros((64, 4))", "x[i] = sample"),
        ("x = np.zeros((64, 4))", "x[i, :] += sample"),
        ("x = np.zeros((64, 4))", "np.copyto(x[i], sample)"),
        ("x = np.zeros((64, 4))", "fill(x, i, sample)"),  # a helper that may fill it
        ("x = np.zeros((64, 4))", "row = x[i]"),  # a view written through later
        ("x = np.zeros((64, 4))", "x = np.stack([s for s, _ in samples])"),
        # Deliberate: a density fitted without inputs (zeros made elsewhere in the file).
        ("x = np.ones((64, 4))\nmask = np.zeros(4)", "pass"),
        ("x = np.empty((64, 4))", "pass"),  # not zeros: whatever the memory held
        ("x = np.zeros((64, 4))\nself_x = x", "pass"),
    ],
)
def test_arrays_the_file_may_fill_are_not_reported(made: str, body: str) -> None:
    assert _df313(made, body) == []


def test_a_name_of_the_same_spelling_elsewhere_leaves_it_alone() -> None:
    # An attribute or a parameter named `x` may be the array by another path.
    assert _df313(training="model.fit(x, y)\nprint(model.x)") == []
    assert _df313(training="def show(x):\n    return x\nmodel.fit(x, y)") == []


def test_the_fixed_replay_of_the_real_case_is_clean() -> None:
    # bench/buggy 402: X[i], Y[i] = state, target was the missing line.
    body = "x[i], y[i] = sample, target"
    assert _df313(body=body) == []
    assert len(_df313(body="target = target * 2")) == 1
