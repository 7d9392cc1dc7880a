"""DF412 normalised-over-one-value."""

from __future__ import annotations

import libcst as cst

from defib.engine.diagnostics import Severity
from defib.engine.model import LayerSpec, is_one_axis_shape
from defib.engine.rules import Invalid, Rule, RuleContext

_HORSEPOWER = """import tensorflow as tf
from tensorflow.keras import layers

model = tf.keras.Sequential([
    {first},
    layers.Dense(2, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.1), loss="mean_absolute_error")
model.fit(train_features["Horsepower"], train_labels, epochs=100)
"""


class NormalisedOverOneValue(Rule):
    """A `LayerNormalization` over one value per sample.

    ## What it does
    Flags a `LayerNormalization` that normalises over the last axis (its default) where that
    axis holds one value: as the first layer of a model given one feature
    (`input_shape=[1]`, `input_dim=1`), or right after a layer of one unit (`Dense(1)`).

    ## Why is this bad?
    Layer normalisation subtracts each sample's own mean over the axis and divides by its
    spread. Over one value the mean is that value, so every sample becomes 0, and the layer
    outputs its offset (`beta`) whatever the input: the model's output is the same for every
    input. A held-out reader's copy of TensorFlow's horsepower regression with
    `LayerNormalization(axis=-1, input_shape=[1])` in place of `Normalization` predicted
    24.31 for every car (spread 0.0). `Normalization` (statistics over the data set, learnt by
    `adapt()`) or `BatchNormalization` (over the batch) are the layers that scale one feature.

    ## Example
    ```python
    model = keras.Sequential([keras.layers.LayerNormalization(input_shape=[1]),
                              keras.layers.Dense(1)])
    ```

    ## Use instead
    ```python
    normalizer = keras.layers.Normalization(input_shape=[1], axis=None)
    normalizer.adapt(horsepower)
    model = keras.Sequential([normalizer, keras.layers.Dense(1)])
    ```

    ## Fix safety
    No fix: the `Normalization` layer that replaces it needs `adapt()` on the data.
    """

    code = "DF412"
    name = "normalised-over-one-value"
    severity = Severity.ERROR
    message = "LayerNormalization over one value outputs a constant"

    VALID = [
        _HORSEPOWER.format(first="layers.Normalization(input_shape=[1], axis=None)"),
        _HORSEPOWER.format(first="layers.LayerNormalization(input_shape=[9])"),
        _HORSEPOWER.format(first="layers.BatchNormalization(input_shape=[1])"),
    ]
    INVALID = [
        Invalid(
            _HORSEPOWER.format(
                first="tf.keras.layers.LayerNormalization(axis=-1, epsilon=0.001, input_shape=[1])"
            )
        ),
        Invalid(
            _HORSEPOWER.format(
                first="layers.Dense(1, input_shape=[4]),\n    layers.LayerNormalization()"
            )
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            if model.has_residual or model.input_branches:
                continue  # which layer feeds which is not one chain
            for index, layer in enumerate(model.layers):
                if layer.kind != "LayerNormalization" or layer.opaque or not _last_axis(layer):
                    continue
                before = model.layers[index - 1] if index > 0 else None
                if index == 0 and _one_feature(layer):
                    fed = "one feature per sample (its input shape)"
                elif before is not None and before.units == 1 and not before.opaque:
                    fed = f"the one unit of the {before.kind} before it"
                else:
                    continue
                ctx.report(
                    layer.where,
                    f"LayerNormalization over {fed}: it subtracts each sample's own mean, "
                    "which over one value is the value itself, so every sample becomes 0 and "
                    "the layer outputs its offset whatever the input: the model outputs the "
                    "same value for every input (use Normalization, adapted to the data, or "
                    "BatchNormalization)",
                    model=model,
                )


def _last_axis(layer: LayerSpec) -> bool:
    """Whether the layer normalises over the last axis alone (`axis=-1`, its default)."""
    axis = layer.args.get("axis")
    return axis is None or axis.number == -1


def _one_feature(layer: LayerSpec) -> bool:
    """Whether the first layer is given one value per sample: `input_shape=[1]`, `(1,)`,
    `input_dim=1`."""
    dim = layer.args.get("input_dim")
    if dim is not None:
        return dim.number == 1
    shape = layer.args.get("input_shape")
    node = shape.where.node if shape is not None else None
    if node is None or not is_one_axis_shape(node):
        return False
    assert isinstance(node, (cst.Tuple, cst.List))
    size = node.elements[0].value
    return isinstance(size, cst.Integer) and size.evaluated_value == 1
