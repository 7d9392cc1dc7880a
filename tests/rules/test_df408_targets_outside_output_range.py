"""DF408: regression targets larger than a bounded output can ever be."""

from __future__ import annotations

from pathlib import Path

import pytest
from defib.engine import analyse_source
from defib.engine.diagnostics import Diagnostic, Severity

_REGRESSION = """import numpy as np
import keras
x = np.random.normal(size=(512, 10))
y = {targets}
model = keras.Sequential([keras.layers.Dense(32, activation="relu"),
                          keras.layers.Dense(1, activation="{act}")])
model.compile(optimizer="adam", loss="{loss}")
model.fit(x, y, epochs=20)
"""


def df408(source: str, path: str = "train.py") -> list[Diagnostic]:
    return [d for d in analyse_source(source, path).diagnostics if d.code == "DF408"]


@pytest.mark.parametrize(
    ("targets", "act", "severity"),
    [
        ("np.random.rand(512) * 50", "sigmoid", Severity.WARNING),
        ("np.random.rand(512) * 3", "tanh", Severity.INFO),
        ("1000 + np.random.rand(512) * 100", "sigmoid", Severity.ERROR),
        ("-(20 + np.random.rand(512))", "tanh", Severity.ERROR),
        ("np.random.rand(512) * 8", "softsign", Severity.WARNING),
    ],
)
def test_targets_known_beyond_a_bounded_output(targets: str, act: str, severity: Severity) -> None:
    [found] = df408(_REGRESSION.format(targets=targets, act=act, loss="mse"))
    assert found.severity is severity
    assert f"a {act} output stays within" in found.message


def test_every_target_below_the_range_pushes_the_output_to_its_low_edge() -> None:
    source = _REGRESSION.format(targets="-(20 + np.random.rand(512))", act="tanh", loss="mae")
    [found] = df408(source)
    assert "every target lies below it, so the output is pushed to -1 for every input" in (
        found.message
    )


@pytest.mark.parametrize(
    ("targets", "act", "loss"),
    [
        ("np.random.rand(512)", "sigmoid", "mse"),  # within the range
        ("np.random.rand(512) * 1.2", "sigmoid", "mse"),  # a little beyond: not said
        ("np.random.rand(512) * 50", "linear", "mse"),
        ("np.random.rand(512) * 50", "relu", "mse"),
        ("np.random.rand(512) * 50 / 50.0", "sigmoid", "mse"),  # scaled on the way
        ("np.random.randint(0, 10, 512)", "sigmoid", "binary_crossentropy"),  # not a regression
    ],
)
def test_targets_within_reach_or_not_a_bounded_regression(
    targets: str, act: str, loss: str
) -> None:
    assert df408(_REGRESSION.format(targets=targets, act=act, loss=loss)) == []


def test_an_autoencoder_on_raw_pixels_is_told_to_scale_its_inputs() -> None:
    source = (
        "import keras\n(x, _), _ = keras.datasets.mnist.load_data()\n"
        "x = x.reshape(-1, 784)\n"
        "model = keras.Sequential([keras.layers.Dense(32, activation='relu'), "
        "keras.layers.Dense(784, activation='sigmoid')])\n"
        "model.compile(optimizer='adam', loss='mse')\nmodel.fit(x, x, epochs=5)\n"
    )
    [found] = df408(source)
    assert found.message.startswith("The targets, which are the model's inputs, reach 255 in size")
    assert "divide the pixels by 255, or use a linear output" in found.message


@pytest.mark.parametrize("loss", ["mse", "binary_crossentropy"])
def test_an_autoencoder_on_a_data_file_reads_its_columns(tmp_path: Path, loss: str) -> None:
    rows = "".join(f"{4.3 + i % 30 * 0.12:.2f},{i % 5 * 0.2},{i % 3}\n" for i in range(150))
    (tmp_path / "flowers.csv").write_text("length,width,kind\n" + rows)
    source = (
        "import pandas as pd\nimport keras\n"
        'x = pd.read_csv("flowers.csv").values[:, 0:2]\n'
        "model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation='relu'),"
        " keras.layers.Dense(2, activation='sigmoid')])\n"
        f"model.compile(optimizer='adam', loss='{loss}')\nmodel.fit(x, x, epochs=10)\n"
    )
    [found] = df408(source, str(tmp_path / "train.py"))
    assert found.message.startswith(
        "The targets, which are the model's inputs read from flowers.csv (column 'length'), "
        "reach 7.78 in size"
    )
    assert "scale the inputs into the output's range (MinMaxScaler)" in found.message


def test_pixels_divided_by_255_fit_a_sigmoid_autoencoder() -> None:
    source = (
        "import keras\n(x, _), _ = keras.datasets.mnist.load_data()\n"
        "x = x.reshape(-1, 784) / 255.0\n"
        "model = keras.Sequential([keras.layers.Dense(32, activation='relu'), "
        "keras.layers.Dense(784, activation='sigmoid')])\n"
        "model.compile(optimizer='adam', loss='mse')\nmodel.fit(x, x, epochs=5)\n"
    )
    assert df408(source) == []


def test_a_file_column_beside_the_code_is_measured(tmp_path: Path) -> None:
    rows = "".join(f"{i % 7 * 0.1},{i % 5 * 0.2},{100 + i * 3}\n" for i in range(200))
    (tmp_path / "houses.csv").write_text("rooms,age,price\n" + rows)
    source = (
        "import pandas as pd\nimport keras\n"
        'df = pd.read_csv("houses.csv")\n'
        'X = df[["rooms", "age"]]\ny = df["price"]\n'
        "model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation='relu'),"
        " keras.layers.Dense(1, activation='sigmoid')])\n"
        "model.compile(optimizer='adam', loss='mse')\nmodel.fit(X, y, epochs=10)\n"
    )
    [found] = df408(source, str(tmp_path / "train.py"))
    assert found.severity is Severity.WARNING
    assert "read from houses.csv (column 'price') reach 697 in size" in found.message


def test_boston_housing_prices_lie_above_a_sigmoid() -> None:
    source = (
        "import keras\n(x, y), _ = keras.datasets.boston_housing.load_data()\n"
        "model = keras.Sequential([keras.layers.Dense(16, activation='relu'), "
        "keras.layers.Dense(1, activation='sigmoid')])\n"
        "model.compile(optimizer='adam', loss='mse')\nmodel.fit(x, y)\n"
    )
    [found] = df408(source)
    assert found.severity is Severity.ERROR
    assert "reach 50 in size" in found.message
    assert df408(source.replace("model.fit(x, y)", "model.fit(x, y / 50.0)")) == []
