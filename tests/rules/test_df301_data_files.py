"""DF301's hint on features read from a file, with the file on disk beside the code: gone when
the file's numbers are all near unit scale, naming the largest value when they are not, and
as before when the file is not there (the code alone cannot say)."""

from __future__ import annotations

from pathlib import Path

import pytest
from defib.engine import analyse_source
from defib.engine.data_files import file_scale, find_data_file

_TRAIN = """import pandas as pd
import keras
data = pd.read_csv({path!r}{options})
x, y = data.drop(columns=["target"]).values, data["target"].values
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=5)
"""


def df301(code_path: Path, path: str, options: str = "") -> list[str]:
    source = _TRAIN.format(path=path, options=options)
    found = analyse_source(source, str(code_path)).diagnostics
    return [d.message for d in found if d.code == "DF301"]


def test_a_file_of_large_values_is_named_with_its_largest(tmp_path: Path) -> None:
    (tmp_path / "heart.csv").write_text("age,chol,target\n63,233,1\n37,250,0\n41,564,1\n")
    [message] = df301(tmp_path / "train.py", "heart.csv")
    assert "heart.csv holds values up to 564 (column 'chol'), not on unit scale" in message
    assert "unless the file is already scaled" not in message


@pytest.mark.parametrize(
    "table",
    [
        "a,b,target\n0.1,0.5,1\n0.9,0.2,0\n0.4,1.0,1\n",  # min-max scaled
        "a,b,target\n-1.2,0.5,R\n0.9,-2.2,M\n0.4,1.0,R\n",  # standardised, a text label
    ],
)
def test_a_file_already_on_scale_is_not_hinted(tmp_path: Path, table: str) -> None:
    (tmp_path / "scaled.csv").write_text(table)
    assert df301(tmp_path / "train.py", "scaled.csv") == []


def test_two_text_columns_may_be_categories_and_keep_the_hint(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("city,kind,a,target\nOslo,x,0.1,1\nRome,y,0.9,0\n")
    [message] = df301(tmp_path / "train.py", "t.csv")
    assert "unless the file is already scaled" in message


def test_a_file_not_on_disk_keeps_the_conditional_hint(tmp_path: Path) -> None:
    [message] = df301(tmp_path / "train.py", "missing.csv")
    assert "unless the file is already scaled" in message


def test_a_relative_path_is_looked_up_from_folders_above(tmp_path: Path) -> None:
    # A notebook in notebooks/ reading data/ as run from the repository's root.
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "train.csv").write_text("a,b,target\n0.1,0.2,1\n0.3,0.4,0\n")
    (tmp_path / "notebooks").mkdir()
    assert df301(tmp_path / "notebooks" / "train.py", "data/train.csv") == []


def test_the_separator_typed_in_the_call_is_used(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("a;b;target\n0.1;0.2;1\n0.3;840;0\n")
    [message] = df301(tmp_path / "train.py", "t.csv", ', sep=";"')
    assert "holds values up to 840 (column 'b'), not on unit scale" in message


def test_whitespace_separated_numbers_without_a_header(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text("0.27 0.65 0.83\n0.26 0.64 0.81\n0.25 0.66 -0.1\n")
    scale = file_scale(tmp_path / "d.txt", None)
    assert scale is not None and scale.text_columns == 0 and scale.rows == 3
    top = scale.largest()
    assert top is not None and top.largest == 0.83 and top.shown == "its 3rd column"


def test_unreadable_and_remote_files_are_not_known(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_bytes(b"\x93NUMPY\x01\x00\0\0binary")
    assert file_scale(tmp_path / "x.csv", ",") is None
    assert find_data_file(str(tmp_path / "t.py"), "https://example.com/heart.csv") is None
    assert find_data_file(str(tmp_path / "t.py"), str(tmp_path)) is None  # a folder
    assert find_data_file("", "heart.csv") is None  # code with no file (unsaved)


def test_a_file_written_again_is_read_again(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("a,target\n0.5,1\n0.2,0\n")
    assert df301(tmp_path / "train.py", "t.csv") == []
    table.write_text("a,target\n500,1\n200,0\n0.5,1\n")
    [message] = df301(tmp_path / "train.py", "t.csv")
    assert "holds values up to 500" in message


def test_a_table_csv_cannot_split_is_not_known(tmp_path: Path) -> None:
    # csv refuses a field past its size limit: no crash, no answer.
    (tmp_path / "wide.csv").write_text('a,b\n"' + "x" * 200_000 + '",1\n0.5,2\n')
    assert file_scale(tmp_path / "wide.csv", ",") is None
    # A NUL past the first 4 KB is a text cell (Python 3.11's csv reads it).
    (tmp_path / "nul.csv").write_bytes(b"a,b\n" + b"0.1,0.2\n" * 1000 + b"0.3,\0\n")
    scale = file_scale(tmp_path / "nul.csv", ",")
    assert scale is not None and scale.text_columns == 1


@pytest.mark.parametrize(("optimizer", "hinted"), [('"adam"', False), ('"sgd"', True)])
def test_iris_scale_files_are_hinted_under_sgd_alone(
    tmp_path: Path, optimizer: str, hinted: bool
) -> None:
    # Iris (0.1 to 7.9) as loaded trained as well as standardised under Adam, not under SGD.
    (tmp_path / "iris.csv").write_text("a,b,target\n5.1,3.5,0\n7.9,0.2,1\n6.3,1.8,2\n")
    source = _TRAIN.format(path="iris.csv", options="").replace('"adam"', optimizer)
    found = [d for d in analyse_source(source, str(tmp_path / "t.py")).diagnostics]
    assert any(d.code == "DF301" for d in found) is hinted


def test_the_index_column_and_unread_columns_are_left_out(tmp_path: Path) -> None:
    # A table a scaler wrote with pandas's row numbers first, read back with index_col=0.
    rows = "".join(f"{i},{(-1) ** i * 0.5},0.25,{i % 2}\n" for i in range(300))
    (tmp_path / "prepared.csv").write_text(",a,b,target\n" + rows)
    assert df301(tmp_path / "train.py", "prepared.csv", ", index_col=0") == []
    # Row numbers are not a measurement, with or without index_col.
    assert df301(tmp_path / "train.py", "prepared.csv") == []
    rows = "".join(f"{i * 7},{(-1) ** i * 0.5},0.25,{i % 2}\n" for i in range(300))
    (tmp_path / "prepared.csv").write_text(",a,b,target\n" + rows)
    [message] = df301(tmp_path / "train.py", "prepared.csv")
    assert "holds values up to 2,093 (its 1st column)" in message
    assert df301(tmp_path / "train.py", "prepared.csv", ", usecols=(1, 2, 3)") == []
    [named] = df301(tmp_path / "train.py", "prepared.csv", ', usecols=["a", "b"]')
    assert "unless the file is already scaled" in named


def test_standardised_columns_and_the_named_label_are_on_scale(tmp_path: Path) -> None:
    # A table a scaler wrote: z-scores with outliers past 5, and the label 'quality' (3-8)
    # that the code takes apart as y.
    rows = [
        f"{((i * 37) % 41 - 20) / 11.5:.4f},{(i % 7 - 3) / 2:.4f},{3 + i % 6}" for i in range(200)
    ]
    rows[5] = "11.1,0.5,8"
    (tmp_path / "wine.csv").write_text("alcohol,acidity,quality\n" + "\n".join(rows) + "\n")
    source = _TRAIN.format(path="wine.csv", options="").replace('"target"', '"quality"')
    found = [d for d in analyse_source(source, str(tmp_path / "t.py")).diagnostics]
    assert [d for d in found if d.code == "DF301"] == []
    scale = file_scale(tmp_path / "wine.csv", ",")
    assert scale is not None
    assert [c.standardised for c in scale.columns] == [True, True, False]
    top = scale.largest()
    assert top is not None and top.shown == "column 'quality'"
    assert scale.largest(frozenset({"quality"})) is None


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ('y = data["quality"]', "quality"),
        ("Y_train = frame.loc[:, 'price']", "price"),
        ('labels = df[["species"]]', "species"),
        ('x = df.drop(columns=["id", "name"])', "id name"),
        ("x = df.drop('id', axis=1)", "id"),
        ('target = df.pop("price")', "price"),
    ],
)
def test_columns_named_apart_from_the_features(line: str, named: str) -> None:
    from defib.rules.df301_unscaled_input_features import _named_apart

    assert set(named.split()) <= _named_apart([line])
    assert "x" not in _named_apart(['x = df["x"] / 2'])


@pytest.mark.parametrize("reader", ["read_pickle", "read_feather", "read_json", "read_fwf"])
def test_other_pandas_readers_are_files_of_unknown_scale(tmp_path: Path, reader: str) -> None:
    source = _TRAIN.format(path="table.bin", options="").replace("read_csv", reader)
    found = analyse_source(source, str(tmp_path / "train.py")).diagnostics
    [message] = [d.message for d in found if d.code == "DF301"]
    assert "unless the file is already scaled" in message


@pytest.mark.parametrize(
    ("features", "hinted"),
    [
        ("dataset[:, 0:2]", False),
        ("dataset[:,:2]", False),
        ("dataset[:, 0:-1]", False),
        ("dataset[:, 1:3]", True),
        ("dataset[:, 2]", True),  # not a slice of columns: the whole table is measured
    ],
)
def test_only_the_columns_sliced_as_features_are_measured(
    tmp_path: Path, features: str, hinted: bool
) -> None:
    # A table of two columns on scale, then the charges; the labels are its first column (a
    # column taken as the labels by number is never measured as a feature).
    rows = "".join(f"{i % 5 * 0.2},{i % 3 * 0.5},{1000 + i * 17.5}\n" for i in range(300))
    (tmp_path / "insurance.csv").write_text(rows)
    source = (
        "from numpy import loadtxt\nimport keras\n"
        'dataset = loadtxt("insurance.csv", delimiter=",")\n'
        f"X = {features}\ny = dataset[:, 0]\n"
        "model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])\n"
        'model.compile(optimizer="sgd", loss="mse")\nmodel.fit(X, y, epochs=10)\n'
    )
    found = [d for d in analyse_source(source, str(tmp_path / "t.py")).diagnostics]
    assert any(d.code == "DF301" for d in found) is hinted


@pytest.mark.parametrize(
    "path",
    [
        *("ionosphere.data", "data/sonar.all-data", "Iris.csv", "../data/iris3.csv", "sonar_2.csv"),
        *("/kaggle/input/heartbeat/ptbdb_normal.csv", "mitbih_train.csv"),
    ],
)
def test_a_public_table_on_scale_that_is_not_shipped_is_not_hinted(
    tmp_path: Path, path: str
) -> None:
    # Tutorials read these by name and often leave them out: their scale is known.
    assert df301(tmp_path / "train.py", path) == []


def test_a_public_table_picked_by_columns_keeps_its_known_scale(tmp_path: Path) -> None:
    assert df301(tmp_path / "train.py", "iris.csv", ", usecols=[2, 3]") == []


def test_an_unknown_or_unscaled_table_that_is_not_shipped_keeps_the_hint(tmp_path: Path) -> None:
    for path in ("pima-indians-diabetes.csv", "my_iris.csv", "iris.csv.bak"):
        [message] = df301(tmp_path / "train.py", path)
        assert "unless the file is already scaled" in message


def test_iris_under_plain_sgd_is_named_as_the_public_table(tmp_path: Path) -> None:
    source = _TRAIN.format(path="iris.csv", options="").replace('"adam"', '"sgd"')
    [message] = [
        d.message
        for d in analyse_source(source, str(tmp_path / "train.py")).diagnostics
        if d.code == "DF301"
    ]
    assert "iris (the public UCI table) holds values up to 7.9 (its 1st column)" in message


def test_a_shipped_file_is_read_rather_than_the_public_table(tmp_path: Path) -> None:
    (tmp_path / "iris.csv").write_text("a,b,target\n120,3,1\n64,2,0\n")
    [message] = df301(tmp_path / "train.py", "iris.csv")
    assert "iris.csv holds values up to 120" in message


@pytest.mark.parametrize(
    ("scaling", "hinted"),
    [
        ("for i in range(1, 10):\n    m = max(dataset[:, i])\n    dataset[:, i] *= 1 / m\n", False),
        ("for i in range(8):\n    dataset[:, i] /= dataset[:, i].max()\n", False),
        ("dataset[:, 0] *= 0.01\n", False),
        ("dataset[:, 0] *= 100\n", True),
    ],
)
def test_columns_rescaled_in_place_are_scaled(tmp_path: Path, scaling: str, hinted: bool) -> None:
    # A course's script divides each column of a file by its largest value, in a loop.
    source = (
        'import numpy\nimport keras\ndataset = numpy.loadtxt("data.csv", delimiter=",")\n'
        + scaling
        + "X = dataset[:, 0:8]\nY = dataset[:, 8]\n"
        "model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(5, activation='sigmoid'),"
        " keras.layers.Dense(1, activation='sigmoid')])\n"
        "model.compile(loss='binary_crossentropy', optimizer='adam')\nmodel.fit(X, Y, epochs=5)\n"
    )
    found = [
        d for d in analyse_source(source, str(tmp_path / "t.py")).diagnostics if d.code == "DF301"
    ]
    assert bool(found) is hinted


def test_a_path_written_from_above_the_checkout_is_found_by_its_tail(tmp_path: Path) -> None:
    # A course repository whose scripts read `./datacamp_repo/course/data/darts.csv` (run from
    # the folder above the clone), checked out under another name (held-out round 69c).
    course = tmp_path / "owner+datacamp_repo" / "course"
    (course / "data").mkdir(parents=True)
    (course / "data" / "darts.csv").write_text("a,b,target\n0.1,-0.5,1\n0.9,0.2,0\n")
    assert df301(course / "going_deeper.py", "./datacamp_repo/course/data/darts.csv") == []
    # A file name alone is never matched by its tail: it could be any file of that name.
    (tmp_path / "owner+datacamp_repo" / "train.csv").write_text("a,target\n900,1\n")
    assert find_data_file(str(course / "x.py"), "elsewhere/train.csv") is None


def test_a_path_written_in_two_literals_is_read_whole(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "scaled.csv").write_text("a,b,target\n0.1,0.5,1\n0.9,0.2,0\n")
    source = _TRAIN.format(path="PLACEHOLDER", options="").replace(
        "'PLACEHOLDER'", "'./data/' 'scaled.csv'"
    )
    found = analyse_source(source, str(tmp_path / "train.py")).diagnostics
    assert [d for d in found if d.code == "DF301"] == []


def test_tensorflows_abalone_table_is_on_scale_once_its_age_is_popped(tmp_path: Path) -> None:
    # The "Load CSV data" tutorial: seven measurements up to 2.8, the rings (up to 29) popped
    # as the labels by the name the tutorial gives them.
    source = """import numpy as np
import pandas as pd
import tensorflow as tf
abalone_train = pd.read_csv(
    "https://storage.googleapis.com/download.tensorflow.org/data/abalone_train.csv",
    names=["Length", "Diameter", "Height", "Whole weight", "Shucked weight",
           "Viscera weight", "Shell weight", "Age"])
abalone_features = abalone_train.copy()
abalone_labels = abalone_features.pop("Age")
abalone_features = np.array(abalone_features)
model = tf.keras.Sequential([tf.keras.layers.Dense(64, activation="relu"), tf.keras.layers.Dense(1)])
model.compile(loss="mse", optimizer="sgd")
model.fit(abalone_features, abalone_labels, epochs=10)
"""
    found = analyse_source(source, str(tmp_path / "t.py")).diagnostics
    assert [d for d in found if d.code == "DF301"] == []
    kept = source.replace('abalone_features.pop("Age")', 'abalone_features["Age"]')
    found = analyse_source(kept, str(tmp_path / "t.py")).diagnostics
    assert "up to 29 (column 'Age')" in " ".join(d.message for d in found if d.code == "DF301")


def test_a_header_of_words_read_as_a_row_is_still_not_data(tmp_path: Path) -> None:
    # `header=None`, then `df.values[1:]` skips the names: the columns are still iris's numbers.
    rows = "".join(
        f"{5.1 + i % 3 * 0.5},{3.5},{1.4 + i % 4},{0.2 + i % 2},Iris-setosa\n" for i in range(60)
    )
    (tmp_path / "iris_dataset.csv").write_text(
        "sepal length,sepal width,petal length,petal width,target\n" + rows
    )
    source = """from pandas import read_csv
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense
df = read_csv("iris_dataset.csv", header=None)
X, y = df.values[1:, :-1], df.values[1:, -1]
X = X.astype("float32")
model = Sequential([Dense(10, activation="relu", input_shape=(4,)), Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(X, y, epochs=150)
"""
    found = analyse_source(source, str(tmp_path / "iris.py")).diagnostics
    assert [d for d in found if d.code == "DF301"] == []
