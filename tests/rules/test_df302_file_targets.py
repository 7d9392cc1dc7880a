"""DF302 on regression targets read from a data file beside the code: the file says how large
they are, and its rows and fit() say how long the output has to reach them."""

from __future__ import annotations

from pathlib import Path

import pytest
from defib.engine.analysis import analyse_source
from defib.engine.diagnostics import Diagnostic, Severity

_TRAIN = """import pandas as pd
import keras
from sklearn.preprocessing import StandardScaler

data = pd.read_csv("cars.csv")
X = StandardScaler().fit_transform(data.drop(columns=["price"]))
y = data["price"]{scaled}
model = keras.Sequential([
    keras.Input((2,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="{optimizer}", loss="mse")
model.fit(X, y, epochs={epochs}, batch_size=32)
"""


def _df302(
    tmp_path: Path, *, epochs: int = 20, scaled: str = "", optimizer: str = "adam"
) -> list[Diagnostic]:
    rows = "".join(f"{2000 + i % 20},{i * 37 % 90000},{150000 + i * 4000}\n" for i in range(500))
    (tmp_path / "cars.csv").write_text("year,km,price\n" + rows)
    source = _TRAIN.format(epochs=epochs, scaled=scaled, optimizer=optimizer)
    return [
        d for d in analyse_source(source, str(tmp_path / "t.py")).diagnostics if d.code == "DF302"
    ]


def test_large_targets_and_a_short_training_are_a_risk(tmp_path: Path) -> None:
    # 500 rows of 32: 16 steps an epoch, 320 in all; the prices reach 2,146,000.
    [finding] = _df302(tmp_path)
    assert finding.severity is Severity.INFO
    assert finding.message.startswith(
        "Regression targets read from cars.csv reach 2,146,000 (column 'price') and are not "
        "scaled: this fit() takes at most about 320 steps"
    )


def test_a_long_enough_training_gets_there(tmp_path: Path) -> None:
    assert _df302(tmp_path, epochs=400) == []


def test_targets_scaled_on_the_way_are_left_alone(tmp_path: Path) -> None:
    assert _df302(tmp_path, scaled=" / 1e6") == []


def test_plain_sgd_overflows_on_them_whatever_the_length(tmp_path: Path) -> None:
    [finding] = _df302(tmp_path, epochs=400, optimizer="sgd")
    assert finding.severity is Severity.WARNING
    assert "plain SGD's steps on them overflow, or the output settles on their mean" in (
        finding.message
    )


@pytest.mark.parametrize("missing", ["file", "column"])
def test_nothing_is_said_without_the_file_or_the_column(tmp_path: Path, missing: str) -> None:
    source = _TRAIN.format(epochs=20, scaled="", optimizer="adam")
    if missing == "column":
        source = source.replace('y = data["price"]', "y = data.iloc[:, 2]")
        (tmp_path / "cars.csv").write_text("year,km,price\n2001,5,300000\n2002,6,900000\n")
    found = [d for d in analyse_source(source, str(tmp_path / "t.py")).diagnostics]
    assert not any(d.code == "DF302" for d in found)
