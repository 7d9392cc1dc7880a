"""DF401 softmax-on-single-unit."""

from __future__ import annotations

from typing import Literal

import libcst as cst

from defib.engine import keras_names as kn
from defib.engine.diagnostics import Severity, WhatIf
from defib.engine.model import (
    Default,
    LayerSpec,
    Located,
    ModelSpec,
    Stage,
    argument_default,
    defaults_note,
    defaults_related,
    unit_count_default,
)
from defib.engine.rules import Invalid, Replacement, Rule, RuleContext

_MODEL = """import keras
model = keras.Sequential([
    keras.layers.Dense(16, activation="relu", input_shape=(4,)),
    {out}
])
model.compile(optimizer="adam", loss="binary_crossentropy")
"""


class SoftmaxOnSingleUnit(Rule):
    """Softmax over a single unit, which always outputs 1.0.

    ## What it does
    Flags a softmax applied over an axis of size one: `Dense(1, activation="softmax")`, or a
    one-unit layer followed by `Activation("softmax")` or `Softmax()`. A `Softmax` over another
    axis, as in attention pooling (`Softmax(axis=1)` over a sequence), is not flagged.

    ## Why is this bad?
    Softmax divides each value by the sum over the axis; over one value that is `x / x = 1.0`
    for every input. The output is constant by construction and no gradient reaches the layer.
    Measured: 5 of 5 runs output exactly 1.0 after 20 epochs.

    Where the one unit or the softmax is only the default of a parameter of a function the file
    never calls (`def unet(num_classes=1)` in a module of model builders), the finding is a
    warning that names the default: the model is constant for a caller that keeps it, and a
    caller elsewhere may pass another value (a held-out U-Net module was flagged so while its
    one caller, in another file, passed `num_classes=3`).

    ## Example
    ```python
    keras.layers.Dense(1, activation="softmax")
    ```

    ## Use instead
    ```python
    keras.layers.Dense(1, activation="sigmoid")  # with loss="binary_crossentropy"
    ```

    ## Fix safety
    The sigmoid is offered on the model's output layer alone, and only where a one-unit
    probability is what the code means. Safe where the labels given to `fit()` are 0 and 1, or
    the loss is binary cross-entropy: the current output is 1.0 whatever the input, so nothing
    that works can be lost, and a sigmoid is the one-unit activation for a probability. Unsafe
    where neither labels nor loss say so. No fix where the labels hold more classes (the layer
    needs one unit per class), under a regression loss (a sigmoid caps a price at 1 as
    surely), or on a hidden layer (attention pooling wants a softmax over the sequence's axis,
    `Softmax(axis=1)`, not a sigmoid). On 7 such fixes in real code, the 4 that were wrong
    were each one of these three. No fix either where the finding rests on a default: the
    caller that passes another value would get a sigmoid it did not want.
    """

    code = "DF401"
    name = "softmax-on-single-unit"
    severity = Severity.ERROR
    message = "Softmax over a single unit always outputs 1.0"
    judges_output = True
    judges_training = False  # true of the model whatever trains it, or nothing does

    VALID = [
        _MODEL.format(out='keras.layers.Dense(1, activation="sigmoid"),'),
        _MODEL.format(out='keras.layers.Dense(3, activation="softmax"),'),
        _MODEL.format(out="keras.layers.Dense(1),\n    keras.layers.Softmax(axis=1),"),
        # One score per position of a sequence, flattened: a softmax over the positions (a
        # question-answering model's start and end).
        """import keras
tokens = keras.Input((384, 768))
scores = keras.layers.Flatten()(keras.layers.Dense(1, use_bias=False)(tokens))
model = keras.Model(tokens, keras.layers.Activation("softmax")(scores))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
""",
    ]
    INVALID = [
        Invalid(
            _MODEL.format(out='keras.layers.Dense(1, activation="softmax"),'),
            _MODEL.format(out='keras.layers.Dense(1, activation="sigmoid"),'),
        ),
        Invalid(
            _MODEL.format(out='keras.layers.Dense(1),\n    keras.layers.Activation("softmax"),'),
            _MODEL.format(out='keras.layers.Dense(1),\n    keras.layers.Activation("sigmoid"),'),
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            stages = model.stages()
            for index, stage in enumerate(stages):
                if stage.activation != "softmax" or stage.units != 1:
                    continue
                if not stage.activation_layer.activates_last_axis():
                    continue
                defaults = _defaults(stage)
                safety = _sigmoid_safety(model) if index == len(stages) - 1 else None
                replacement = (
                    _to_sigmoid(ctx, stage.activation_layer)
                    if safety is not None
                    and not defaults
                    and not stage.activation_layer.shared_in(model)
                    else None
                )
                arg = stage.activation_layer.activation_arg
                last = index == len(stages) - 1
                ctx.report(
                    arg.where if arg is not None else stage.activation_layer.where,
                    f"Softmax over a single unit"
                    f"{stage.activation_layer.last_built_here(model) if last else ''} always "
                    f"outputs 1.0, for every input{'' if last else ' (hidden layer)'}"
                    f"{defaults_note(defaults)}: use sigmoid "
                    "for a one-unit probability, or give the layer one unit per class"
                    + (_NEVER_TRAINED if model.never_trained else ""),
                    severity=Severity.WARNING if defaults else None,
                    fix=ctx.fix("Use sigmoid", safety, replacement)
                    if replacement and safety
                    else None,
                    related=[
                        *defaults_related(defaults),
                        *stage.activation_layer.activation_written(),
                        *(
                            [(stage.layer.where, "this layer has one unit")]
                            if stage.activation_layer is not stage.layer
                            else []
                        ),
                    ],
                    model=model,
                    what_if=WhatIf(
                        "activation",
                        "sigmoid",
                        ctx.layer_index(model, stage.activation_layer),
                        "softmax -> sigmoid",
                        stage.activation_layer.line,
                    ),
                )


# Said of a model the file builds and never compiles, fits or uses (a plot of activations, a
# syntax tour): the claim holds, the advice may not be the point (readers 59b, 63c, 70c).
_NEVER_TRAINED = " (this model is never compiled or trained in this file)"


def _defaults(stage: Stage) -> list[Default]:
    """The unit count and the softmax, where either is only the default of a parameter of a
    function the file never calls (a `unet(num_classes=1)` imported elsewhere)."""
    activation = argument_default(stage.activation_layer.activation_arg)
    return [d for d in (unit_count_default(stage.layer), activation) if d is not None]


def _sigmoid_safety(model: ModelSpec) -> Literal["safe", "unsafe"] | None:
    """How sure a sigmoid is what the output meant: "safe" when fit()'s labels are known to be
    0 and 1, or the loss is binary cross-entropy; None when the labels hold more classes or the
    loss is a regression's; "unsafe" when neither is known."""
    loss = model.compile.loss if model.compile else None
    if loss is not None and loss.name in kn.REGRESSION_LOSSES:
        return None
    binary = model.labels_binary()
    if binary is not None:
        return "safe" if binary else None
    if loss is not None and loss.name in ("binary_crossentropy", "binary_focal_crossentropy"):
        return "safe"
    return "unsafe" if loss is None or loss.name in kn.CROSSENTROPY_LOSSES else None


def _to_sigmoid(ctx: RuleContext, layer: LayerSpec) -> Replacement | None:
    if layer.kind != "Softmax":
        return ctx.set_activation(layer, "sigmoid")
    call = layer.where.node
    if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute):
        # keras.layers.Softmax() -> keras.layers.Activation("sigmoid"), same module prefix.
        module = Located(call.func.value, layer.where.chunk).code()
        return (layer.where, f'{module}.Activation("sigmoid")')
    return None
