"""DF402 relu-output-layer."""

from __future__ import annotations

from defib.engine import keras_names as kn
from defib.engine.diagnostics import Severity, WhatIf
from defib.engine.model import ModelSpec
from defib.engine.rules import Invalid, Rule, RuleContext

_MODEL = """import keras
model = keras.Sequential([
    keras.layers.Dense(32, activation="relu", input_shape=(8,)),
    keras.layers.Dense(1, activation={out}),
])
model.compile(optimizer="adam", loss="mse")
"""


class ReluOutputLayer(Rule):
    """ReLU on the output of a regression model.

    ## What it does
    Flags a regression model (a mean squared/absolute error style loss) whose output layer
    applies ReLU. Not when the targets are image pixels (an image-to-image model or an
    autoencoder on images): they are never negative, so nothing pushes the unit below zero.

    ## Why is this bad?
    ReLU outputs 0 for every negative input and has no gradient there. If the output unit's
    input goes negative for all samples (easily, when targets are negative or after one large
    step) the unit dies and the model outputs 0 for every input from then on. Measured: a ReLU
    output on an all-negative target collapsed in 5 of 5 runs.

    ## Example
    ```python
    keras.layers.Dense(1, activation="relu")  # loss="mse"
    ```

    ## Use instead
    ```python
    keras.layers.Dense(1)  # linear output for regression
    ```

    ## Fix safety
    Unsafe: when the targets are known to be non-negative a ReLU output may be intended;
    `softplus` keeps positivity without dying.
    """

    code = "DF402"
    name = "relu-output-layer"
    severity = Severity.WARNING
    message = "ReLU output on a regression model can die and output 0 for every input"

    VALID = [_MODEL.format(out='"linear"'), _MODEL.format(out='"softplus"')]
    INVALID = [Invalid(_MODEL.format(out='"relu"'), _MODEL.format(out='"linear"'))]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            stage = model.output_stage
            loss = model.compile.loss if model.compile else None
            if stage is None or loss is None or loss.name not in kn.REGRESSION_LOSSES:
                continue
            if stage.activation not in kn.RELU_LIKE or _targets_are_pixels(model):
                continue
            replacement = (
                ctx.set_activation(stage.activation_layer, "linear")
                if stage.activation_layer is stage.layer and not stage.layer.shared_in(model)
                else None
            )
            ctx.report(
                stage.activation_layer.where,
                "ReLU on the output of a regression model: if the unit's input turns negative for "
                "every sample it dies and the model outputs 0 for every input (use a linear output)",
                fix=ctx.fix("Use a linear output", "unsafe", replacement) if replacement else None,
                related=[(loss.where, f"regression loss {loss.name}")],
                model=model,
                what_if=WhatIf(
                    "activation",
                    "linear",
                    ctx.layer_index(model, stage.activation_layer),
                    "output relu -> linear",
                    stage.activation_layer.line,
                ),
            )


def _targets_are_pixels(model: ModelSpec) -> bool:
    """Whether fit() trains on image pixels, which are never negative: the measured collapse
    needs targets below zero."""
    y = model.fit.y if model.fit is not None else None
    return y is not None and y.is_image_dataset
