"""DF301 follows images through the tf.data transformations that keep their values."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source

_PIPELINE = """import tensorflow as tf
from tensorflow import keras

train = keras.utils.image_dataset_from_directory("leaves/train", image_size=(128, 128))
train = {step}
model = keras.Sequential([
    keras.Input((128, 128, 3)),
    keras.layers.Conv2D(32, 3, activation="relu"),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(train, epochs=10)
"""


def df301(step: str) -> list[str]:
    found = analyse_source(_PIPELINE.format(step=step), "m.py").diagnostics
    return [d.severity.value for d in found if d.code == "DF301"]


@pytest.mark.parametrize(
    "step",
    [
        "train.apply(tf.data.experimental.ignore_errors())",
        "train.ignore_errors()",
        "train.apply(tf.data.experimental.assert_cardinality(100))",
    ],
)
def test_a_transformation_that_keeps_the_values_keeps_the_pixels_unscaled(step: str) -> None:
    assert df301(step) == ["warning"]


def test_another_transformation_may_change_the_values() -> None:
    assert df301("train.apply(normalise_images())") == []
