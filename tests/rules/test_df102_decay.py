"""DF102 on Keras 2's `decay=`: a per-batch divisor taken for a per-epoch factor."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source
from defib.engine.diagnostics import Diagnostic, Severity

_PROGRAM = """import numpy as np
import keras
x = np.random.normal(size=(512, 10))
y = np.random.normal(size=(512, 1))
model = keras.Sequential([{first}keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam({rate}, decay={decay}), loss="mse")
model.fit(x, y, epochs=20, batch_size=32)
"""


def findings(decay: str, rate: str = "lr=0.001", first: str = "") -> list[Diagnostic]:
    source = _PROGRAM.format(decay=decay, rate=rate, first=first)
    return [d for d in analyse_source(source, "train.py").diagnostics if d.code == "DF102"]


def test_a_decay_of_keras_2_code_is_a_warning_with_what_it_leaves() -> None:
    (finding,) = findings("0.98")
    assert finding.severity == Severity.WARNING
    assert finding.range.start.line == 6 and finding.range.start.column == 62
    # 16 batches x 20 epochs = 320; log(1 + 0.98 x 320) / 0.98 = 5.8 at the starting rate.
    assert "after 100 batches it is 1/99 of its start" in finding.message
    assert "its 320 batches move the weights about as far as 6 at the starting rate" in (
        finding.message
    )


@pytest.mark.parametrize("decay", ["1e-6", "0.001", "0.0"])
def test_the_decays_code_usually_uses_are_left_alone(decay: str) -> None:
    assert findings(decay) == []


def test_code_that_also_runs_under_keras_3_is_told_the_risk() -> None:
    # `learning_rate=` runs under Keras 3 too, which ignores `decay`.
    (finding,) = findings("0.5", rate="learning_rate=0.001")
    assert finding.severity == Severity.INFO and "(risk: under Keras 2)" in finding.message


def test_a_model_with_a_part_not_read_is_told_the_risk() -> None:
    (finding,) = findings("0.5", first="keras.applications.MobileNetV2(include_top=False), ")
    assert finding.severity == Severity.INFO
    assert "(risk: a pretrained part needs few steps)" in finding.message
