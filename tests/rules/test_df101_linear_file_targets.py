"""DF101 on a model with no activation fitted to targets read unscaled from a file."""

from __future__ import annotations

from defib.engine import analyse_source
from defib.engine.diagnostics import Severity

_PROGRAM = """import pandas as pd
import keras
df = pd.read_csv("weight-height.csv")
x = df[["Height"]].values
y = df["Weight"].values{scaled}
model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1{activation})])
model.compile(keras.optimizers.Adam(learning_rate=0.8), "mean_squared_error")
model.fit(x, y, epochs=40)
"""


def severity(scaled: str = "", activation: str = "") -> Severity | None:
    source = _PROGRAM.format(scaled=scaled, activation=activation)
    found = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF101"]
    return found[0].severity if found else None


def test_a_high_adam_rate_on_raw_file_targets_of_a_linear_model_is_a_risk() -> None:
    # calibrate_linear_adaptive_rate.py: on price-scale targets Adam at 5 came closest.
    assert severity() is Severity.INFO


def test_scaled_targets_or_an_activation_keep_the_warning() -> None:
    # On targets of unit scale the same rate overshoots (loss up to 109 times the variance).
    assert severity(scaled=" / 100.0") is Severity.WARNING
    assert severity(activation=', activation="sigmoid"') is Severity.WARNING


def test_a_column_taken_as_an_attribute_is_the_files_column() -> None:
    # `df.Weight` is `df["Weight"]`: a column of the file, not a value of unknown origin.
    source = _PROGRAM.format(scaled="", activation="").replace('df["Weight"]', "df.Weight")
    found = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF101"]
    assert [d.severity for d in found] == [Severity.INFO]


def test_a_lowercase_attribute_of_a_table_stays_unknown() -> None:
    # `df.weight` may be a column or one of pandas's own names: nothing is read from it, and
    # targets of unknown origin keep the warning.
    source = _PROGRAM.format(scaled="", activation="").replace('df["Weight"]', "df.weight")
    found = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF101"]
    assert [d.severity for d in found] == [Severity.WARNING]
