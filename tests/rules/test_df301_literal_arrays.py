"""DF301 and DF302 on arrays written out in the code, as course exercises write them."""

from __future__ import annotations

from dataclasses import replace

import pytest
from defib.engine import analyse_source
from defib.engine.model import DataSpec

_EXERCISE = """import numpy as np
from keras.models import Sequential
from keras.layers import Dense
x = np.array([[1, 2, 3], [2, 3, 4], [3, 4, 5], [20000, 30000, 40000], [30000, 40000, 50000]])
y = np.array([4, 5, 6, 50000, 60000])
model = Sequential()
model.add(Dense(64, activation="relu", input_dim=3))
model.add(Dense(1))
model.compile(loss="mse", optimizer="adam")
model.fit({x}, {y}, epochs=100)
"""


def codes(source: str) -> set[str]:
    return {d.code for d in analyse_source(source, "train.py").diagnostics}


def test_the_whole_array_s_values_are_judged() -> None:
    assert {"DF301", "DF302"} <= codes(_EXERCISE.format(x="x", y="y"))


def test_a_slice_of_its_rows_may_leave_out_the_largest() -> None:
    # The rows fit() gets hold values up to 5; the large ones are the test rows.
    assert not {"DF301", "DF302"} & codes(_EXERCISE.format(x="x[:3]", y="y[:3]"))


_LINEAR = """import numpy as np
from keras.models import Sequential
from keras.layers import Dense
x = np.arange(1, 101)
y = np.arange(1, 101)
model = Sequential([Dense(64, input_dim=1), Dense(64{activation}), Dense(1)])
model.compile(loss="mse", optimizer="adam")
model.fit(x, y, epochs=200, batch_size=1)
"""


def test_a_model_with_no_activation_under_adam_is_not_judged_by_the_inputs_size() -> None:
    assert "DF301" not in codes(_LINEAR.format(activation=""))
    assert "DF301" in codes(_LINEAR.format(activation=", activation='relu'"))


def test_a_slice_that_keeps_the_largest_rows_is_still_judged() -> None:
    assert {"DF301", "DF302"} <= codes(_EXERCISE.format(x="x[3:]", y="y[-2:]"))


def test_windows_taken_over_the_whole_array_keep_its_values() -> None:
    # `a[i:i + n]` for every i: the windows cover every row.
    source = """import numpy as np
from keras.models import Sequential
from keras.layers import Dense
a = np.array(range(1, 101))
def split_x(seq, size):
    windows = []
    for i in range(len(seq) - size + 1):
        windows.append(seq[i:(i + size)])
    return np.array(windows)
dataset = split_x(a, 5)
model = Sequential([Dense(32, activation="relu", input_dim=4), Dense(1)])
model.compile(loss="mse", optimizer="adam")
model.fit(dataset[:, :4], dataset[:, 4], epochs=100)
"""
    assert "DF301" in codes(source)


def test_a_keras_data_set_s_unlike_features_keep_the_warning_for_a_linear_model() -> None:
    source = """from tensorflow import keras
(x, y), _ = keras.datasets.boston_housing.load_data()
model = keras.Sequential([keras.layers.Dense(10), keras.layers.Dense(1)])
model.compile(loss="mae", optimizer="adam")
model.fit(x, y, epochs=100)
"""
    assert "DF301" in codes(source)


def test_a_slice_of_scaled_written_rows_is_not_read_from_the_raw_ones() -> None:
    written = DataSpec(
        "literal", written=((1.0, 2.0), (30000.0, 40000.0)), feature_max_abs=[30000.0, 40000.0]
    )
    assert written.rows_sliced(None, 1, None).feature_max_abs == [1.0, 2.0]
    # x / 40000: the rows written out are no longer its values, so a slice says nothing.
    scaled = replace(written, feature_max_abs=[0.75, 1.0], scaled=True)
    assert scaled.rows_sliced(1, None, None).feature_max_abs is None


def test_a_linear_activation_layer_keeps_the_model_linear() -> None:
    # Keras 1 code writes Activation("linear") after the Dense: still a model with no
    # activation, whose adaptive steps do not grow with exam scores up to 100.
    source = """from keras.models import Sequential
from keras.layers import Dense, Activation
from keras.optimizers import RMSprop
x_data = [[73., 80., 75.], [93., 88., 93.], [89., 91., 90.], [96., 98., 100.], [73., 66., 70.]]
y_data = [[152.], [185.], [180.], [196.], [142.]]
model = Sequential()
model.add(Dense(input_dim=3, units=1))
model.add(Activation({activation!r}))
model.compile(loss="mse", optimizer=RMSprop(lr={rate}))
model.fit(x_data, y_data, epochs=1000)
"""
    assert "DF301" not in codes(source.format(activation="linear", rate="0.01"))
    assert "DF301" in codes(source.format(activation="relu", rate="0.01"))
    # At 0.1 each step moves the output by about 30 on these scores: the loss keeps swinging.
    assert "DF301" in codes(source.format(activation="linear", rate="0.1"))


_TOY = """import numpy as np
from keras.models import Sequential
from keras.layers import Dense
x_train = np.array([[1, 2, 3, 4], [4, 6, 1, 2], [10, 9, 10, 11],
                    [101, 95, 89, 111], [99, 100, 101, 102], [105, 111, 109, 102]])
y_train = np.array({targets})
model = Sequential([Dense(8, activation="relu", input_dim=4), Dense(16, activation="relu"),
                    Dense(1{output})])
model.compile(optimizer="{optimizer}", loss="{loss}")
model.fit(x_train, y_train, epochs=100)
"""


def _df301(**kwargs: str) -> list[tuple[str, str]]:
    found = analyse_source(_TOY.format(**kwargs), "toy.py").diagnostics
    return [(d.severity.value, d.message) for d in found if d.code == "DF301"]


@pytest.mark.parametrize(("optimizer", "severity"), [("adam", "info"), ("sgd", "warning")])
def test_a_classifier_on_inputs_of_one_scale_is_a_risk_under_adam(
    optimizer: str, severity: str
) -> None:
    # calibrate_input_magnitude.py: under Adam accuracy lost, never one output, up to 1,000;
    # under SGD(0.01) one run of three constant at 1,000.
    [(found, message)] = _df301(
        targets="[0, 0, 0, 1, 1, 1]",
        output=', activation="sigmoid"',
        optimizer=optimizer,
        loss="binary_crossentropy",
    )
    assert found == severity
    assert ("never settled on one output in calibration" in message) is (optimizer == "adam")
