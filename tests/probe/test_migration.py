"""Keras 2 scripts failing under Keras 3: the probe's error says what to change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from defib.probe.worker.migration import keras3_hint


def raised(error: BaseException) -> BaseException:
    try:
        raise error
    except BaseException as caught:
        return caught


def test_a_keras_2_argument_gets_its_keras_3_name() -> None:
    error = raised(ValueError("Argument(s) not recognized: {'lr': 0.001}"))
    hint = keras3_hint(error, lambda: "3.15.1")
    assert hint == (
        "Keras 3 names the optimizer's rate learning_rate=, not lr="
        " (this environment has Keras 3.15.1)"
    )


def test_a_metric_given_as_a_string_gets_the_list_form() -> None:
    error = raised(
        ValueError(
            "Expected `metrics` argument to be a list, tuple, or dict. Received instead:"
            " metrics=mae of type <class 'str'>"
        )
    )
    assert "metrics=['mae']" in (keras3_hint(error, lambda: "3.0.0") or "")


def test_under_keras_2_there_is_no_hint() -> None:
    error = raised(ValueError("Argument(s) not recognized: {'lr': 0.001}"))
    assert keras3_hint(error, lambda: "2.15.0") is None


def test_an_unrelated_error_gets_no_hint_and_the_version_is_not_read() -> None:
    def version() -> str:
        raise AssertionError("read without a matching hint")

    assert keras3_hint(raised(ValueError("shapes (32, 1) and (32, 10) differ")), version) is None


PRIVATE_KERAS = """
import numpy as np
from tensorflow.python.keras.models import Sequential
from tensorflow.python.keras.layers import Dense

x = np.random.rand(64, 3)
y = x.sum(axis=1)
model = Sequential()
model.add(Dense(4, input_dim=3))
model.add(Dense(1))
model.compile(loss="mse", optimizer="adam")
model.fit(x, y, epochs=5)
"""

KERAS_2_RATE = """
import numpy as np
import keras

x = np.random.rand(64, 3)
y = x.sum(axis=1)
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile(loss="mse", optimizer=keras.optimizers.Adam(lr=0.001))
model.fit(x, y, epochs=5)
"""


@pytest.mark.tensorflow
@pytest.mark.parametrize(
    ("text", "said"),
    [
        (PRIVATE_KERAS, "imports from tensorflow.python.keras"),
        (KERAS_2_RATE, "learning_rate=, not lr="),
    ],
    ids=["tensorflow.python.keras", "lr"],
)
def test_a_keras_2_script_is_refused_with_what_to_change(
    probe: Callable[..., dict[str, Any]], text: str, said: str
) -> None:
    report = probe(text)
    assert report["verdict"] == "error"
    assert said in report["error"]
    assert "this environment has Keras 3" in report["error"]
