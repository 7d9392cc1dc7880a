"""A finding on the output layer, when the line that builds it builds other layers of the model
too (a loop, or a helper called more than once), says it means the last of them: the line alone
reads as if every layer it builds were wrong."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source

_LOOP = """import keras
from keras.layers import Dense
units = [64, 32, {last}]
activations = ["relu", "relu", "{output}"]
model = keras.Sequential([keras.Input((8,))])
for i in range(3):
    model.add(Dense(units[i], activation=activations[i]))
model.compile(optimizer="adam", loss="{loss}")
"""

_HELPER = """import keras
from keras import layers
def block(x, n, activation):
    return layers.Dense(n, activation=activation)(x)
inputs = keras.Input((8,))
x = block(inputs, 64, "relu")
outputs = block(x, {last}, "{output}")
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="{loss}")
"""

_WRITTEN_OUT = """import keras
from keras.layers import Dense
model = keras.Sequential([
    keras.Input((8,)),
    Dense(64, activation="relu"),
    Dense({last}, activation="{output}"),
])
model.compile(optimizer="adam", loss="{loss}")
"""

_CASES = [
    ("DF402", {"last": 1, "output": "relu", "loss": "mse"}),
    ("DF401", {"last": 1, "output": "softmax", "loss": "binary_crossentropy"}),
    ("DF406", {"last": 10, "output": "sigmoid", "loss": "sparse_categorical_crossentropy"}),
]


def message(template: str, code: str, values: dict[str, object]) -> str:
    found = analyse_source(template.format(**values), "model.py").diagnostics
    [finding] = [d for d in found if d.code == code]
    return finding.message


@pytest.mark.parametrize(("code", "values"), _CASES)
def test_a_loop_built_output_is_named_as_the_last_layer_of_its_line(
    code: str, values: dict[str, object]
) -> None:
    assert "(the last of the 3 layers this line builds)" in message(_LOOP, code, values)


@pytest.mark.parametrize(("code", "values"), _CASES)
def test_a_helper_called_twice_names_the_last_of_its_two_layers(
    code: str, values: dict[str, object]
) -> None:
    assert "(the last of the 2 layers this line builds)" in message(_HELPER, code, values)


@pytest.mark.parametrize(("code", "values"), _CASES)
def test_an_output_written_out_gets_no_note(code: str, values: dict[str, object]) -> None:
    assert "layers this line builds" not in message(_WRITTEN_OUT, code, values)


def test_a_class_count_mismatch_on_a_loop_built_output_names_the_last_layer() -> None:
    source = """import numpy as np
import keras
from keras.layers import Dense
(x, y), _ = keras.datasets.mnist.load_data()
y = keras.utils.to_categorical(y, 10)
model = keras.Sequential([keras.Input((784,))])
for n, act in [(64, "relu"), (5, "softmax")]:
    model.add(Dense(n, activation=act))
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x.reshape(-1, 784) / 255.0, y)
"""
    [finding] = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF407"]
    assert "the output (the last of the 2 layers this line builds) has 5 units" in finding.message
