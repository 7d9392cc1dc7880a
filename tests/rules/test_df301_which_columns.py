"""Which columns of a data file DF301's hint measures: the features the code feeds fit(), as
it last set them before that fit(), and never the labels it takes by name, by attribute or
by number; and the file a path of another machine names, by its file name beside the code."""

from __future__ import annotations

from pathlib import Path

import pytest
from defib.engine import analyse_source

_FIT = """import numpy as np
import pandas as pd
import keras
from sklearn.model_selection import train_test_split
{read}
{pick}
model = keras.Sequential([keras.Input(({width},)), keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
{fit}
"""

# Small counts as features, a large count last (the fish caught, the target).
_FISH = "nofish,livebait,camper,persons,child,count\n" + "".join(
    f"{i % 2},{i % 2},{(i + 1) % 2},{1 + i % 4},{i % 3},{(i * 7) % 150}\n" for i in range(60)
)


def _hint(tmp_path: Path, read: str, pick: str, width: int, fit: str, data: str = _FISH) -> str:
    (tmp_path / "fish.csv").write_text(data)
    source = _FIT.format(read=read, pick=pick, width=width, fit=fit)
    found = analyse_source(source, str(tmp_path / "train.py")).diagnostics
    return " ".join(d.message for d in found if d.code == "DF301")


@pytest.mark.parametrize(
    "pick",
    [
        # A column slice with an ellipsis, then split: the features are columns 1-4.
        "dat = np.loadtxt('fish.csv', delimiter=',', skiprows=1)\nX = dat[..., 1:5]\n"
        "y = dat[..., 5]\nX_train, X_test, y_train, y_test = train_test_split(X, y)",
        # Some rows for training, the labels by number.
        "dat = np.loadtxt('fish.csv', delimiter=',', skiprows=1)\nX_train = dat[:50, 0:-1]\n"
        "y_train = dat[:50, -1]",
    ],
)
def test_the_labels_column_is_not_measured_as_a_feature(tmp_path: Path, pick: str) -> None:
    hint = _hint(tmp_path, "", pick, 4, "model.fit(X_train, y_train, epochs=5)")
    assert "149" not in hint
    assert "'count'" not in hint


def test_features_picked_by_attribute_are_the_ones_measured(tmp_path: Path) -> None:
    data = "Education,Income\n" + "".join(f"{10 + i % 12},{20 + i * 1.3:.1f}\n" for i in range(50))
    hint = _hint(
        tmp_path,
        "frame = pd.read_csv('fish.csv')",
        "x = frame.Education\ny = frame.Income",
        1,
        "model.fit(x, y, epochs=500)",
        data,
    )
    assert "up to 21 (column 'Education')" in hint


def test_the_features_set_before_the_fit_are_the_ones_measured(tmp_path: Path) -> None:
    # A notebook sets X from another table further down; this fit() trains on the first X.
    hint = _hint(
        tmp_path,
        "frame = pd.read_csv('fish.csv')",
        "X = frame[['persons', 'count']].values\ny = frame['nofish'].values",
        2,
        "model.fit(X, y, epochs=5)\nX = frame[['child']].values",
    )
    assert "up to 147 (column 'count')" in hint


@pytest.mark.parametrize(
    "read",
    [
        *(
            f"frame = pd.read_csv('{path}')"
            for path in ("/content/fish.csv", "C:/Users/me/Downloads/fish.csv")
        ),
        "frame = pd.read_csv('../input/fishing/fish.csv')",
        "path = 'fish.csv'\nframe = pd.read_csv(path)",  # through a name
    ],
)
def test_the_file_a_path_means_is_found_beside_the_code(tmp_path: Path, read: str) -> None:
    # Paths of another machine, by the file's name; a path given through a name, by its value.
    hint = _hint(
        tmp_path,
        read,
        "X = frame[['persons', 'count']].values\ny = frame['nofish'].values",
        2,
        "model.fit(X, y, epochs=5)",
    )
    assert "fish.csv holds values up to 147 (column 'count')" in hint


def test_a_public_table_named_through_a_name_keeps_its_known_scale(tmp_path: Path) -> None:
    # Brownlee's iris.csv on GitHub, read through a variable: on scale under Adam.
    source = """from pandas import read_csv
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense
path = 'https://raw.githubusercontent.com/jbrownlee/Datasets/master/iris.csv'
file = read_csv(path, header=None)
x, y = file.values[:, :-1], file.values[:, -1]
model = Sequential([Dense(10, activation='relu', input_shape=(4,)), Dense(3, activation='softmax')])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')
model.fit(x, y, epochs=150)
"""
    found = analyse_source(source, str(tmp_path / "iris_2.py")).diagnostics
    assert [d for d in found if d.code == "DF301"] == []
