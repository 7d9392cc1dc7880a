"""DF401, DF403, DF601 and DF602 on a model whose one unit, softmax, loss, initialiser or dropout
rate is only the default of a parameter of a function the file never calls: a warning that names the default, with no fix, since a
caller elsewhere may pass another value. Called in the file with that default, the collapse is
certain."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source
from defib.engine.diagnostics import Diagnostic, Severity

_BUILDER = """import tensorflow as tf
from tensorflow.keras import layers

def unet(input_size=64, num_classes={classes}, activation={activation}):
    inputs = layers.Input((input_size, input_size, 3))
    x = layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)
    outputs = layers.Conv2D({units}, 1, activation={output}, padding="same")(x)
    return tf.keras.Model(inputs, outputs)
"""


def df401(source: str) -> Diagnostic:
    [finding] = [d for d in analyse_source(source, "model.py").diagnostics if d.code == "DF401"]
    return finding


@pytest.mark.parametrize(
    ("values", "said"),
    [
        (
            {"classes": 1, "activation": '"relu"', "units": "num_classes", "output": '"softmax"'},
            "when num_classes keeps its default of 1",
        ),
        (
            {"classes": 3, "activation": '"softmax"', "units": 1, "output": "activation"},
            "when activation keeps its default of 'softmax'",
        ),
        (
            {
                "classes": 1,
                "activation": '"softmax"',
                "units": "num_classes",
                "output": "activation",
            },
            "when num_classes and activation keep their defaults (1 and 'softmax')",
        ),
    ],
)
def test_a_default_of_a_builder_never_called_is_a_warning_that_names_it(
    values: dict[str, object], said: str
) -> None:
    finding = df401(_BUILDER.format(**values))
    assert finding.severity is Severity.WARNING
    assert said in finding.message
    assert finding.fix is None
    assert any("defaults to" in related.message for related in finding.related)


def test_the_builder_called_with_its_default_is_certain() -> None:
    values = {"classes": 1, "activation": '"relu"', "units": "num_classes", "output": '"softmax"'}
    finding = df401(_BUILDER.format(**values) + "model = unet()\n")
    assert finding.severity is Severity.ERROR
    assert "default" not in finding.message


def test_a_builder_called_with_another_value_is_not_flagged() -> None:
    values = {"classes": 1, "activation": '"relu"', "units": "num_classes", "output": '"softmax"'}
    source = _BUILDER.format(**values) + "model = unet(num_classes=3)\n"
    assert not [d for d in analyse_source(source, "model.py").diagnostics if d.code == "DF401"]


_COMPILED = """import keras
def build(num_classes=1, loss="categorical_crossentropy"):
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense({units}, activation="sigmoid")])
    model.compile(optimizer="adam", loss={loss})
    return model
"""


@pytest.mark.parametrize(
    ("units", "loss", "said"),
    [
        ("num_classes", '"categorical_crossentropy"', "when num_classes keeps its default of 1"),
        (1, "loss", "when loss keeps its default of 'categorical_crossentropy'"),
    ],
)
def test_df403_on_one_unit_resting_on_a_default_is_a_warning_that_names_it(
    units: object, loss: str, said: str
) -> None:
    source = _COMPILED.format(units=units, loss=loss)
    [finding] = [d for d in analyse_source(source, "model.py").diagnostics if d.code == "DF403"]
    assert finding.severity is Severity.WARNING
    assert said in finding.message
    assert finding.fix is None


def test_df403_on_a_builder_called_with_its_defaults_is_certain() -> None:
    source = _COMPILED.format(units="num_classes", loss="loss") + "model = build()\n"
    [finding] = [d for d in analyse_source(source, "model.py").diagnostics if d.code == "DF403"]
    assert finding.severity is Severity.ERROR
    assert "default" not in finding.message


_LAYERS = """import keras
def build(init="zeros", rate=1.0):
    model = keras.Sequential([keras.Input((8,)),
        keras.layers.Dense(16, activation="relu", kernel_initializer=init),
        keras.layers.Dropout(rate),
        keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model
"""


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("DF601", "when init keeps its default of 'zeros'"),
        ("DF602", "when rate keeps its default of 1.0"),
    ],
)
def test_an_initialiser_or_rate_resting_on_a_default_is_a_warning_that_names_it(
    code: str, said: str
) -> None:
    [finding] = [d for d in analyse_source(_LAYERS, "model.py").diagnostics if d.code == code]
    assert finding.severity is Severity.WARNING
    assert said in finding.message
    assert finding.fix is None
    assert [related.message for related in finding.related] == [
        said.removeprefix("when ").replace("keeps its default of", "defaults to") + " here"
    ]


@pytest.mark.parametrize("code", ["DF601", "DF602"])
def test_an_initialiser_or_rate_on_a_builder_called_with_its_defaults_is_certain(
    code: str,
) -> None:
    source = _LAYERS + "model = build()\n"
    [finding] = [d for d in analyse_source(source, "model.py").diagnostics if d.code == code]
    assert finding.severity is Severity.ERROR
    assert "default" not in finding.message
    assert finding.fix is not None
