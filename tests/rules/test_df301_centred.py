"""DF301 on features read from a file and centred by their mean (`x - x.mean(axis=0)`): once
centred, a column is as large as its farthest value from its mean."""

from __future__ import annotations

from pathlib import Path

from defib.engine.analysis import analyse_source

_TRAIN = """import pandas as pd
import keras

x = pd.read_csv("{name}").values
x = x - x.mean(axis=0)
y = keras.utils.to_categorical([0, 1, 2] * 50, 3)
model = keras.Sequential([
    keras.Input((2,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x, y, epochs=20)
"""


def _df301(tmp_path: Path, name: str, rows: str, centred: bool = True) -> list[str]:
    (tmp_path / name).write_text("a,b\n" + rows)
    source = _TRAIN.format(name=name)
    if not centred:
        source = source.replace("x = x - x.mean(axis=0)\n", "")
    found = analyse_source(source, str(tmp_path / "train.py")).diagnostics
    return [d.message for d in found if d.code == "DF301"]


def test_centred_iris_scale_columns_are_on_scale(tmp_path: Path) -> None:
    # Petal lengths 1 to 6.9 and widths 0.1 to 2.5: within 3.5 of their means once centred.
    rows = "".join(f"{1 + i % 60 * 0.1:.1f},{0.1 + i % 25 * 0.1:.1f}\n" for i in range(150))
    assert _df301(tmp_path, "petals.csv", rows) == []


def test_centred_prices_still_span_far_from_their_mean(tmp_path: Path) -> None:
    rows = "".join(f"{100000 + i * 997},{i % 7}\n" for i in range(150))
    [message] = _df301(tmp_path, "houses.csv", rows)
    assert message.startswith("Features read from a file go to fit() centred but not scaled")
    assert "houses.csv spans 74,276.5 from its mean (column 'a'), not on unit scale" in message


def test_without_centring_the_largest_value_counts(tmp_path: Path) -> None:
    rows = "".join(f"{10 + i % 5},{i % 7}\n" for i in range(150))
    [message] = _df301(tmp_path, "counts.csv", rows, centred=False)
    assert "counts.csv holds values up to 14 (column 'a')" in message
    assert _df301(tmp_path, "counts.csv", rows) == []  # centred: within 2 of the mean
