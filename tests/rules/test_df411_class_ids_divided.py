"""DF411 on class ids divided like pixels: only a divisor larger than every id leaves all of
them below 1, so that a cast to integers makes each one class 0."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source

_SOURCE = """from tensorflow import keras
from tensorflow.keras.utils import to_categorical
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train / 255.0
{division}
y_train = to_categorical(y_train)
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5)
"""


@pytest.mark.parametrize(
    ("division", "flagged"),
    [
        ("y_train = y_train / 255.0", True),
        ("y_train /= 255", True),
        ("y_train = y_train / 10", True),  # ids 0 to 9: all below 1
        ("y_train = y_train / 2", False),  # 2 to 9 stay at 1 or more
        ("y_test = y_test / 255.0", False),  # not what fit() trains on
    ],
)
def test_only_a_divisor_above_every_id_is_flagged(division: str, flagged: bool) -> None:
    found = analyse_source(_SOURCE.format(division=division), "m.py").diagnostics
    assert any(d.code == "DF411" for d in found) is flagged
