"""A Keras layer class Defib does not know, given an activation or units of its own, is opaque:
passed over as if it were a Dropout, it would leave the layer before it standing as the output
(a linear Conv1D under categorical cross-entropy, a false DF404 on two ecosystem files)."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source

_KERAS1 = """from keras.models import Sequential
from keras.layers import Convolution1D, {layer}
seq = Sequential()
seq.add(Convolution1D(2, 5, input_shape=(700, 21), border_mode='same'))
seq.add({layer}(8, activation='softmax'))
seq.compile(optimizer='adam', loss='categorical_crossentropy')
seq.fit(x, y)
"""


def test_keras1_time_distributed_dense_is_a_dense_layer() -> None:
    [model] = analyse_source(_KERAS1.format(layer="TimeDistributedDense"), "m.py").models
    output = model.output_stage
    assert output is not None
    assert (output.layer.kind, output.units, output.activation) == ("Dense", 8, "softmax")


@pytest.mark.parametrize("layer", ["TimeDistributedDense", "MaxoutDense", "Highway"])
def test_the_layer_before_an_unread_output_layer_is_not_judged_as_the_output(layer: str) -> None:
    analysis = analyse_source(_KERAS1.format(layer=layer), "m.py")
    assert "DF404" not in {d.code for d in analysis.diagnostics}


def test_a_known_layer_without_weights_is_still_passed_over() -> None:
    source = (
        _KERAS1.format(layer="Dense")
        .replace(
            "seq.add(Dense(8, activation='softmax'))",
            "seq.add(Dense(8, activation='softmax'))\nseq.add(Dropout(0.0))",
        )
        .replace("import Convolution1D, Dense", "import Convolution1D, Dense, Dropout")
    )
    [model] = analyse_source(source, "m.py").models
    assert model.output_stage is not None and model.output_stage.activation == "softmax"
    assert not model.layers[-1].opaque
