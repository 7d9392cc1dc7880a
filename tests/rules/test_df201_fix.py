"""DF201's fix changes the sigmoid where it was typed: a function that builds its hidden layers
from a parameter keeps the other activations it is called with (an experiment comparing
sigmoid, tanh and ReLU), and the finding points at the call that passed "sigmoid"."""

from __future__ import annotations

from defib.engine import analyse_source
from defib.engine.fixes import apply_edits

_EXPERIMENT = """import keras
from keras.layers import Dense

def get_model(activation):
    model = keras.Sequential([keras.Input((2,))])
    for _ in range(6):
        model.add(Dense(10, activation=activation))
    model.add(Dense(1, activation="sigmoid"))
    model.compile(loss="binary_crossentropy", optimizer="sgd")
    return model

sigmoid_model = get_model("sigmoid")
tanh_model = get_model("tanh")
"""


def _finding(source: str):  # type: ignore[no-untyped-def]
    [found] = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF201"]
    return found


def test_the_fix_changes_the_call_that_passed_sigmoid() -> None:
    found = _finding(_EXPERIMENT)
    assert found.fix is not None
    fixed = apply_edits(_EXPERIMENT, found.fix.edits)
    assert 'sigmoid_model = get_model("relu")' in fixed
    assert "Dense(10, activation=activation)" in fixed  # the function itself is unchanged
    assert 'tanh_model = get_model("tanh")' in fixed
    assert (12, "activation 'sigmoid' set here") in [
        (r.range.start.line, r.message) for r in found.related
    ]


def test_no_fix_when_the_same_literal_also_sets_the_output() -> None:
    # Changing the constant would turn the output layer into a ReLU as well.
    source = _EXPERIMENT.replace(
        'model.add(Dense(1, activation="sigmoid"))', "model.add(Dense(1, activation=activation))"
    )
    assert _finding(source).fix is None
