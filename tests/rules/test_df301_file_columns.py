"""DF301 on columns read from a data file: a hint, since only the probe can see their scale."""

from __future__ import annotations

from pathlib import Path

import pytest
from defib.engine import analyse_source
from defib.engine.diagnostics import Severity

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def df301(name: str) -> list[Severity]:
    source = (CORPUS / name).read_text(encoding="utf-8")
    return [d.severity for d in analyse_source(source, name).diagnostics if d.code == "DF301"]


def test_csv_columns_fed_raw_to_fit_are_a_hint() -> None:
    assert df301("170_csv_columns_unscaled.py") == [Severity.HINT]


def test_csv_columns_through_a_scaler_are_not_reported() -> None:
    assert df301("170_csv_columns_unscaled_fixed.py") == []


def test_loadtxt_columns_behind_an_adapted_normalization_are_not_reported() -> None:
    assert df301("171_healthy_csv_with_normalization_layer.py") == []


def test_csv_text_into_an_encoder_defib_cannot_read_is_not_reported() -> None:
    assert df301("172_healthy_csv_text_into_hub_encoder.py") == []


_COLUMN_SCALED = """import pandas as pd
import keras
from sklearn.preprocessing import StandardScaler

prices = pd.read_csv("prices.csv")
{scaling}
model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(prices[["close"]].values, prices.target.values, epochs=20)
"""


def test_a_column_scaled_in_place_by_a_fitted_scaler_is_not_reported() -> None:
    # scikit-learn's fit() returns the scaler it fitted.
    scaling = (
        'scaler = StandardScaler().fit(prices[["close"]])\n'
        'prices["close"] = scaler.transform(prices[["close"]])'
    )
    source = _COLUMN_SCALED.format(scaling=scaling)
    assert [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF301"] == []
    unscaled = _COLUMN_SCALED.format(scaling="")
    found = [d.severity for d in analyse_source(unscaled, "m.py").diagnostics if d.code == "DF301"]
    assert found == [Severity.HINT]


_WRITES_ITS_OWN_FILE = """import pandas as pd
import keras

raw = pd.read_csv("sign_mnist_train.csv")
{write}
data = pd.read_csv("standardized.csv")
x, y = data.drop(columns=["label"]).values, data["label"].values
model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(25, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=5)
"""


def test_a_file_the_program_writes_itself_is_not_reported() -> None:
    # Like a script that maps every pixel column to [0, 1], writes the table, and reads it back.
    written = _WRITES_ITS_OWN_FILE.format(write="raw.to_csv('standardized.csv', index=False)")
    assert [d for d in analyse_source(written, "m.py").diagnostics if d.code == "DF301"] == []


def test_a_file_written_under_another_name_is_still_a_hint() -> None:
    other = _WRITES_ITS_OWN_FILE.format(write='raw.to_csv("backup.csv", index=False)')
    found = [d.severity for d in analyse_source(other, "m.py").diagnostics if d.code == "DF301"]
    assert found == [Severity.HINT]


def test_a_write_in_a_comment_or_a_docstring_does_not_count() -> None:
    for write in (
        "# raw.to_csv('standardized.csv', index=False)",
        "x = 1  # once: raw.to_csv('standardized.csv')",
        '"""Made by raw.to_csv(\'standardized.csv\') in prepare.py."""',
    ):
        source = _WRITES_ITS_OWN_FILE.format(write=write)
        found = [
            d.severity for d in analyse_source(source, "m.py").diagnostics if d.code == "DF301"
        ]
        assert found == [Severity.HINT], write


def test_a_write_over_several_lines_counts() -> None:
    write = "raw.to_csv(\n    'standardized.csv',\n    index=False,  # no row numbers\n)"
    written = _WRITES_ITS_OWN_FILE.format(write=write)
    assert [d for d in analyse_source(written, "m.py").diagnostics if d.code == "DF301"] == []


@pytest.mark.parametrize(
    "cleaning",
    [
        "frame = frame.drop_duplicates(subset=None, inplace=False)",
        "frame = frame.dropna().reset_index(drop=True)",
        "frame = frame.interpolate().ffill()",
        "frame = frame.query('age > 0')",
    ],
)
def test_rows_cleaned_on_the_way_keep_their_scale(cleaning: str) -> None:
    # Methods that pick or fill rows never rescale them: the features are still the file's.
    source = f"""import pandas as pd
import keras
from sklearn.model_selection import train_test_split
frame = pd.read_csv("claims.csv")
{cleaning}
X = frame.iloc[:, 2:27].values
y = frame.iloc[:, 1].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25)
model = keras.Sequential([keras.Input((25,)), keras.layers.Dense(36, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(X_train, y_train, epochs=20)
"""
    found = [d.severity for d in analyse_source(source, "m.py").diagnostics if d.code == "DF301"]
    assert found == [Severity.HINT]
