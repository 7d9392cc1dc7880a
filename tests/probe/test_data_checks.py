"""Checks of the real `fit()` data against the model and loss (DF911-DF922), on real
TensorFlow: each fires on a broken array and stays silent on its healthy twin."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from defib.cli import probe_cmd

from .helpers import line_of

pytestmark = pytest.mark.tensorflow

Probe = Callable[..., dict[str, Any]]

TEMPLATE = """
import numpy as np
import keras
rng = np.random.default_rng(0)
x = rng.standard_normal((512, 8)).astype("float32")
score = x @ rng.standard_normal(8)
{data}
model = keras.Sequential([
    keras.Input(shape=(8,)),{first}
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense({units}, activation="{activation}"),
])
model.compile(optimizer={optimizer}, loss="{loss}")
model.fit(x, y, epochs=3)
"""


@dataclass(frozen=True)
class Case:
    code: str
    severity: str
    bad: str  # lines that make x or y broken
    good: str  # the healthy twin
    units: int = 1
    activation: str = "linear"
    loss: str = "mse"
    good_first: str = ""  # a layer the twin puts before the first Dense
    optimizer: str = '"adam"'

    def script(self, data: str, first: str = "") -> str:
        return TEMPLATE.format(
            data=data,
            first=f"\n    {first}," if first else "",
            units=self.units,
            activation=self.activation,
            loss=self.loss,
            optimizer=self.optimizer,
        )


CLASSES = "labels = np.digitize(score, np.quantile(score, [1 / 3, 2 / 3]))"
BINARY: dict[str, Any] = {"units": 1, "activation": "sigmoid", "loss": "binary_crossentropy"}

CASES = [
    Case(
        "DF911",
        "error",
        f"{CLASSES}\ny = labels",
        f"{CLASSES}\ny = np.eye(3)[labels]",
        units=3,
        activation="softmax",
        loss="categorical_crossentropy",
    ),
    Case(
        "DF912",
        "error",
        f"{CLASSES}\ny = np.eye(3)[labels]",
        f"{CLASSES}\ny = labels",
        units=3,
        activation="softmax",
        loss="sparse_categorical_crossentropy",
    ),
    Case(
        "DF913",
        "error",
        "y = np.digitize(score, [-1, 0, 1]).astype('float32')",
        "y = (score > 0).astype('float32')",
        **BINARY,
    ),
    Case(
        "DF914",
        "error",
        "y = np.digitize(score, [-1, 0, 1])",
        f"{CLASSES}\ny = labels",
        units=3,
        activation="softmax",
        loss="sparse_categorical_crossentropy",
    ),
    Case("DF915", "error", "y = score", "y = np.abs(score)", activation="relu"),
    Case("DF916", "error", "y = 100 * score", "y = np.tanh(score)", activation="tanh"),
    Case(
        "DF917",
        "error",
        "y = np.zeros(512, dtype='float32')",
        "y = (score > 0).astype('float32')",
        **BINARY,
    ),
    Case("DF918", "error", "x[3, 2] = np.nan\ny = score", "y = score"),
    Case(
        "DF919",
        "warning",
        "y = (score > np.quantile(score, 0.98)).astype('float32')",
        "y = (score > np.quantile(score, 0.8)).astype('float32')",
        **BINARY,
    ),
    Case("DF920", "info", "x[:, 1] *= 1000\ny = score", "y = score"),  # Adam adapts
    Case(
        "DF920",
        "warning",
        "x[:, 1] *= 100\ny = score",
        "y = score",
        optimizer="keras.optimizers.SGD(learning_rate=0.001)",
    ),
    Case(
        "DF920",
        "info",
        "x[:, 1] *= 1000\ny = score",
        "x[:, 1] *= 1000\ny = score",
        good_first="keras.layers.Normalization(mean=0.0, variance=1e6)",  # scaled inside
    ),
    Case("DF921", "info", "x[:, 3] = 1.0\ny = score", "y = score"),
    Case("DF922", "info", "x[:5, 2] = 40.0\ny = score", "y = score"),
]


def _data_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f.get("source") == "data"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.code}-{i}" for i, c in enumerate(CASES)])
def test_check_fires_on_the_broken_data_and_not_on_its_twin(probe: Probe, case: Case) -> None:
    bad_text = case.script(case.bad)
    bad = probe(bad_text, steps=3, watch_longer=False)
    found = [f for f in _data_findings(bad) if f["code"] == case.code]
    assert len(found) == 1, bad["findings"]
    assert found[0]["severity"] == case.severity
    assert found[0]["line"] == line_of(bad_text, "model.fit(")
    assert found[0]["message"].startswith("data: ")
    good = probe(case.script(case.good, case.good_first), steps=3, watch_longer=False)
    assert _data_findings(good) == [], good["findings"]


def test_a_data_finding_reaches_the_text_report_at_the_fit_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES[0]
    text = case.script(case.bad)
    path = tmp_path / "train.py"
    path.write_text(text.lstrip("\n"))
    probe_cmd.main([str(path), "--no-what-if", "--steps", "3"])
    out = capsys.readouterr().out
    fit = line_of(text, "model.fit(")
    compile_line = line_of(text, "model.compile(")
    assert f"{path}:{fit}: DF911 data: the labels are class indices" in out
    assert f"(loss at line {compile_line})" in out


WIDE = """
import numpy as np
import keras
rng = np.random.default_rng(0)
x = rng.standard_normal((6000, 400)).astype("float32")  # 2.4M values: the check samples rows
{outliers}
y = x[:, :8].sum(axis=1)
model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(8), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=1)
"""


def test_outliers_in_a_sample_of_wide_data_are_still_found(probe: Probe) -> None:
    # 0.5% of column 2 (30 of 6,000 rows) lies 40 standard deviations out: about 25 of them
    # fall in the 5,000-row sample the check reads, far above its 0.1% share.
    bad = probe(WIDE.format(outliers="x[::200, 2] = 40.0"), steps=3, watch_longer=False)
    found = [f for f in _data_findings(bad) if f["code"] == "DF922"]
    assert len(found) == 1 and "column 2 " in found[0]["message"], bad["findings"]
    good = probe(WIDE.format(outliers=""), steps=3, watch_longer=False)
    assert [f for f in _data_findings(good) if f["code"] == "DF922"] == [], good["findings"]
