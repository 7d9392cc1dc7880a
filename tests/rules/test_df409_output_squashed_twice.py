"""DF409: a sigmoid output applied on top of another activation."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source
from defib.engine.diagnostics import Diagnostic, Severity

_DISCRIMINATOR = """import keras
model = keras.Sequential()
model.add(keras.layers.Conv2D(32, 3, input_shape=(28, 28, 1)))
model.add(keras.layers.Flatten())
{head}
model.compile(optimizer="adam", loss="binary_crossentropy")
"""


def df409(head: str) -> list[Diagnostic]:
    source = _DISCRIMINATOR.format(head=head)
    return [d for d in analyse_source(source, "gan.py").diagnostics if d.code == "DF409"]


@pytest.mark.parametrize(
    ("head", "bounds", "severity"),
    [
        (
            "model.add(keras.layers.Dense(1))\nmodel.add(keras.layers.Activation('relu'))\n"
            "model.add(keras.layers.Activation('sigmoid'))",
            "[0.5, 1)",
            Severity.WARNING,
        ),
        (
            "model.add(keras.layers.Dense(1, activation='sigmoid'))\n"
            "model.add(keras.layers.Dropout(0.2))\nmodel.add(keras.layers.Activation('sigmoid'))",
            "(0.5, 0.731)",
            Severity.WARNING,
        ),
        (
            "model.add(keras.layers.Dense(1))\nmodel.add(keras.layers.BatchNormalization())\n"
            "model.add(keras.layers.Activation('tanh'))\n"
            "model.add(keras.layers.Activation('sigmoid'))",
            "(0.269, 0.731)",
            Severity.INFO,
        ),
        (
            "model.add(keras.layers.Reshape((1, -1)))\nmodel.add(keras.layers.LSTM(1))\n"
            "model.add(keras.layers.Activation('sigmoid'))",
            "(0.269, 0.731)",
            Severity.INFO,
        ),
    ],
)
def test_a_sigmoid_over_a_bounded_activation(head: str, bounds: str, severity: Severity) -> None:
    [found] = df409(head)
    assert f"the output stays within {bounds}" in found.message
    assert found.severity is severity


@pytest.mark.parametrize(
    "head",
    [
        "model.add(keras.layers.Dense(1, activation='sigmoid'))",
        # Normalised between the two: the sigmoid's input takes both signs again.
        "model.add(keras.layers.Dense(1, activation='relu'))\n"
        "model.add(keras.layers.BatchNormalization())\n"
        "model.add(keras.layers.Activation('sigmoid'))",
        # A linear activation in between changes nothing; none before it either.
        "model.add(keras.layers.Dense(1))\nmodel.add(keras.layers.Activation('linear'))\n"
        "model.add(keras.layers.Activation('sigmoid'))",
    ],
)
def test_one_squash_on_the_output(head: str) -> None:
    assert df409(head) == []


def test_several_sigmoid_units_squashed_again_keep_their_top_class() -> None:
    # The text-classification tutorial's export model over a 4-topic output.
    head = (
        "model.add(keras.layers.Dense(4, activation='sigmoid'))\n"
        "model.add(keras.layers.Activation('sigmoid'))"
    )
    [found] = df409(head)
    assert found.severity is Severity.INFO
    assert "the top-scoring class is kept" in found.message
