"""Keras 2 imported its layers from modules beside `keras.layers` (`keras.layers.wrappers`,
`keras.layers.embeddings`, ...): a layer imported from one is the layer itself, not an opaque
call that hides the width of the layer it wraps."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source

_TWO_CLASS_RNN = """from keras.models import Sequential
from keras.layers.core import Dense, Activation
from keras.layers import SimpleRNN
{imported}

NB_CLASSES = 2
model = Sequential()
model.add(SimpleRNN(128, input_shape=(28, 28), return_sequences=True))
model.add(TimeDistributed(Dense(NB_CLASSES)))
model.add(Activation("softmax"))
model.compile(loss="binary_crossentropy", optimizer="adam")
"""


@pytest.mark.parametrize(
    "imported",
    [
        "from keras.layers.wrappers import TimeDistributed",
        "from keras.layers import TimeDistributed",
    ],
)
def test_a_two_unit_softmax_under_binary_crossentropy_is_read_through_the_wrapper(
    imported: str,
) -> None:
    # Over two one-hot units binary cross-entropy equals categorical: DF403 leaves it alone.
    source = _TWO_CLASS_RNN.format(imported=imported)
    assert [d.code for d in analyse_source(source, "m.py").diagnostics if d.code == "DF403"] == []


def test_an_embedding_from_keras2s_module_is_the_layer() -> None:
    source = (
        "from keras.models import Sequential\nfrom keras.layers.embeddings import Embedding\n"
        "from keras.layers import Dense, Flatten\nmodel = Sequential([Embedding(1000, 16, "
        "input_length=10), Flatten(), Dense(1, activation='softmax')])\n"
        "model.compile(loss='binary_crossentropy', optimizer='adam')\n"
    )
    [model] = analyse_source(source, "m.py").models
    assert [layer.kind for layer in model.layers][:1] == ["Embedding"]
