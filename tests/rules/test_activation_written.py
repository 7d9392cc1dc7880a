"""A finding on an output's activation points at where its name was typed when the layer's
call passes it through a name, a parameter's default or a config entry: `activation=act`
alone does not show the "relu" a reader is told about."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source

_DEFAULT = """import keras
from keras.layers import Dense
def build(n_out, activation="relu"):
    model = keras.Sequential([keras.Input((8,)), Dense(32, activation="tanh"),
        Dense(n_out, activation=activation)])
    model.compile(optimizer="adam", loss="mse")
    return model
model = build(1)
"""

_CONFIG = """import keras
from keras.layers import Dense
config = {"hidden": "tanh",
          "output": "relu"}
model = keras.Sequential([keras.Input((8,)), Dense(32, activation=config["hidden"]),
    Dense(1, activation=config["output"])])
model.compile(optimizer="adam", loss="mse")
"""

_LITERAL = _CONFIG.replace('config["output"]', '"relu"')


def related(source: str, code: str = "DF402") -> list[tuple[int, str]]:
    [finding] = [d for d in analyse_source(source, "m.py").diagnostics if d.code == code]
    return [(r.range.start.line, r.message) for r in finding.related]


@pytest.mark.parametrize(("source", "line"), [(_DEFAULT, 3), (_CONFIG, 4)])
def test_the_activation_is_shown_where_it_was_typed(source: str, line: int) -> None:
    assert (line, "activation 'relu' set here") in related(source)


def test_an_activation_typed_at_the_call_needs_no_pointer() -> None:
    assert not any("set here" in message for _, message in related(_LITERAL))


def test_a_crossentropy_on_a_relu_output_shows_where_the_relu_was_typed() -> None:
    source = _DEFAULT.replace('loss="mse"', 'loss="categorical_crossentropy"')
    assert (3, "activation 'relu' set here") in related(source, "DF404")


def test_a_misspelt_activation_keyword_is_not_read_as_a_linear_layer() -> None:
    # Round 39a: `Dense(1, ctivation="sigmoid")`. Keras refuses the call; DF404 said the
    # output layer was linear, which is neither what the author wrote nor what runs.
    source = (
        "import numpy as np\n"
        "from keras.models import Sequential\n"
        "from keras.layers import Dense\n"
        "model = Sequential()\n"
        'model.add(Dense(4, input_dim=2, activation="relu"))\n'
        'model.add(Dense(1, {keyword}="sigmoid"))\n'
        'model.compile(loss="binary_crossentropy", optimizer="adam")\n'
        "model.fit(np.random.rand(8, 2), np.random.randint(0, 2, 8))\n"
    )
    codes = {d.code for d in analyse_source(source.format(keyword="ctivation"), "m.py").diagnostics}
    assert "DF404" not in codes
    # Spelt right, the sigmoid is read; left out, the layer is linear and DF404 says so.
    no_activation = source.replace(', {keyword}="sigmoid"', "")
    assert "DF404" in {d.code for d in analyse_source(no_activation, "m.py").diagnostics}


def test_a_narrow_softmax_hidden_layer_is_an_info() -> None:
    # A grid-searched wine classifier's 12-unit softmax first layer trained as ReLU did.
    from defib.engine.diagnostics import Severity

    source = """import keras
model = keras.Sequential([keras.Input((11,)), keras.layers.Dense({units}, activation="softmax"),
    keras.layers.Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="nadam")
"""
    found = {
        units: [
            d.severity
            for d in analyse_source(source.format(units=units), "m.py").diagnostics
            if d.code == "DF203"
        ]
        for units in (12, 32, 128)
    }
    assert found == {12: [Severity.INFO], 32: [Severity.INFO], 128: [Severity.WARNING]}


def test_a_sigmoid_stack_under_adam_is_told_it_learns_slowly_not_that_it_collapses() -> None:
    # Under Adam, four to eight sigmoid layers ended constant on 0 of 5 runs each.
    source = """import keras
from keras.layers import Dense
model = keras.Sequential([keras.Input((10,))] + [Dense(32, activation="sigmoid") for _ in range(4)]
    + [Dense(1)])
model.compile(optimizer={optimizer!r}, loss="mse")
"""
    messages = {
        optimizer: [
            d.message
            for d in analyse_source(source.format(optimizer=optimizer), "m.py").diagnostics
            if d.code == "DF201"
        ]
        for optimizer in ("adam", "rmsprop")
    }
    assert "the first layers learn slowly (under Adam" in messages["adam"][0]
    assert (
        "the first layers can stop learning (risk of a constant output)" in messages["rmsprop"][0]
    )
