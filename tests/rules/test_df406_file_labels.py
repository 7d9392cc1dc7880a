"""DF406 on a label column of a data file beside the code, coded 1 and 2 (as UCI's Indian liver
patients are) and fitted to one sigmoid unit under binary cross-entropy: the same as two
classes left as 1 and 5, unless the code recodes the column on the way."""

from __future__ import annotations

from pathlib import Path

import pytest
from defib.engine.analysis import analyse_source
from defib.engine.diagnostics import Diagnostic, Severity

_TRAIN = """import numpy as np
import pandas as pd
from keras.models import Sequential
from keras.layers import Dense
dataset = pd.read_csv("indian_liver_patient.csv")
X = dataset.drop("Dataset", axis=1)
Y = dataset[["Dataset"]]
{recode}
model = Sequential()
model.add(Dense(12, input_dim=3, activation="relu"))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X, Y, epochs=150, batch_size=10)
"""


def _df406(tmp_path: Path, recode: str = "", codes: tuple[int, ...] = (1, 2)) -> list[Diagnostic]:
    rows = "".join(f"{20 + i % 60},{i % 7 / 10},{codes[i % len(codes)]}\n" for i in range(200))
    (tmp_path / "indian_liver_patient.csv").write_text("Age,Albumin,Dataset\n" + rows)
    source = _TRAIN.format(recode=recode)
    found = analyse_source(source, str(tmp_path / "model.py")).diagnostics
    return [d for d in found if d.code == "DF406"]


def test_codes_1_and_2_read_from_the_file_are_an_error(tmp_path: Path) -> None:
    [finding] = _df406(tmp_path)
    assert finding.severity is Severity.ERROR
    assert finding.message.startswith(
        "The labels read from column 'Dataset' of indian_liver_patient.csv are 1 and 2, but "
        "binary_crossentropy on one output unit takes 0/1 targets"
    )
    assert finding.message.endswith("(map the two classes to 0 and 1)")


@pytest.mark.parametrize(
    "recode",
    [
        "Y = Y - 1",
        "Y[Y == 2] = 0",
        "Y = Y.replace(2, 0)",
        "Y = np.where(Y == 2, 0, 1)",
        'dataset["Dataset"] = dataset["Dataset"].map({1: 1, 2: 0})',
        'dataset.loc[dataset["Dataset"] == 2, "Dataset"] = 0',
    ],
)
def test_a_column_recoded_on_the_way_is_not_judged(tmp_path: Path, recode: str) -> None:
    assert _df406(tmp_path, recode) == []


def test_codes_0_and_1_are_what_the_loss_takes(tmp_path: Path) -> None:
    assert _df406(tmp_path, codes=(0, 1)) == []


def test_no_file_beside_the_code_says_nothing(tmp_path: Path) -> None:
    source = _TRAIN.format(recode="")
    found = analyse_source(source, str(tmp_path / "model.py")).diagnostics
    assert [d for d in found if d.code == "DF406"] == []


_BY_NUMBER = """import numpy as np
from keras.models import Sequential
from keras.layers import Dense
data = np.loadtxt("pokemon.csv", delimiter=",")
x = data[:, 1:7]
y = data[:, 7]
{recode}
model = Sequential([Dense(12, input_dim=6, activation="relu"), Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=250, batch_size=100)
"""


@pytest.mark.parametrize(("recode", "found"), [("", True), ("data[:, 7] -= 1", False)])
def test_codes_taken_by_column_number(tmp_path: Path, recode: str, found: bool) -> None:
    # The Pokémon table: a number, six stats, the generation (1 to 6), a flag; no header.
    rows = "".join(f"{i},{45 + i},{49 + i},{49},{65},{65},{45},{1 + i % 6},0\n" for i in range(60))
    (tmp_path / "pokemon.csv").write_text(rows)
    source = _BY_NUMBER.format(recode=recode)
    diagnostics = analyse_source(source, str(tmp_path / "p.py")).diagnostics
    messages = [d.message for d in diagnostics if d.code == "DF406"]
    assert bool(messages) is found
    if found:
        assert messages[0].startswith(
            "The labels read from the 8th column of pokemon.csv are 1, 2, 3, 4, 5 and 6"
        )


def test_a_header_of_numbers_is_not_read_as_a_row(tmp_path: Path) -> None:
    # DataCamp's dots.csv names its columns 0, 1 and 2; pandas reads that row as the header,
    # so the labels are the 0s and 1s below it.
    rows = "".join(f"{i / 100},{-i / 200},{i % 2}\n" for i in range(100))
    (tmp_path / "dots.csv").write_text("0,1,2\n" + rows)
    source = """import pandas as pd
import keras
dots = pd.read_csv("dots.csv")
X = dots.iloc[:, :-1]
y = dots.iloc[:, -1]
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile("sgd", "binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=5)
"""
    diagnostics = analyse_source(source, str(tmp_path / "dots.py")).diagnostics
    assert [d for d in diagnostics if d.code == "DF406"] == []
    numpy_read = source.replace('pd.read_csv("dots.csv")', 'np.loadtxt("dots.csv", delimiter=",")')
    numpy_read = "import numpy as np\n" + numpy_read.replace(".iloc", "")
    diagnostics = analyse_source(numpy_read, str(tmp_path / "dots.py")).diagnostics
    assert [d.code for d in diagnostics if d.code == "DF406"] == ["DF406"]  # a row of 0, 1, 2
