"""A layer class of the file on Keras 2's own base (`keras.engine.Layer`, or
`keras.engine.topology.Layer`) is a layer: the functional chain goes on through it."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source

_PROGRAM = """from keras.models import Model
from keras.layers import Input, Dense, Dropout
{base_import}

class Upsample(Layer):
    def call(self, inputs):
        return inputs

inputs = Input((8,))
x = Dense(16, activation="relu")(inputs)
x = Upsample()(x)
x = Dropout(0.95)(x)
model = Model(inputs, Dense(1)(x))
"""


@pytest.mark.parametrize(
    "base_import",
    [
        "from keras.engine import Layer",
        "from keras.engine.topology import Layer",
        "from keras.layers import Layer",
    ],
)
def test_the_chain_goes_through_a_layer_of_the_file(base_import: str) -> None:
    analysis = analyse_source(_PROGRAM.format(base_import=base_import), "m.py")
    (model,) = analysis.models
    assert [layer.kind for layer in model.layers] == ["Dense", "Upsample", "Dropout", "Dense"]
    assert "DF602" in [d.code for d in analysis.diagnostics]
