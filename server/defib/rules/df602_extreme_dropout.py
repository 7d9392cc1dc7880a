"""DF602 extreme-dropout."""

from __future__ import annotations

from defib.engine.diagnostics import Severity, WhatIf
from defib.engine.model import (
    DROPOUT_LAYERS,
    LayerSpec,
    ModelSpec,
    argument_default,
    defaults_note,
    defaults_related,
)
from defib.engine.rules import Invalid, Rule, RuleContext

_MODEL = """import keras
model = keras.Sequential([
    keras.layers.Dense(32, activation="relu", input_shape=(8,)),
    keras.layers.Dropout({rate}),
    keras.layers.Dense(1),
])
"""


class ExtremeDropout(Rule):
    """A dropout rate of 0.9 or more.

    ## What it does
    Flags a dropout layer that drops 90% or more of its inputs, unless the Dense layer before
    it is wide enough that 50 values or more still pass on average, and a rate above 1. A rate that
    is only the default of a parameter of a function the file never calls is said to be one,
    at most a warning and with no fix: a caller may pass another rate.

    ## Why is this bad?
    During training few values reach the next layer at each step, so it learns from a sliver
    of what the layer before it computes. How few depends on that layer's width: measured with
    `bench/calibrate_rules.py` (20 epochs, 5 seeds, a regression whose targets vary by about
    10), `Dropout(0.9)` after one Dense layer of 64 units (about 6 values kept) ended at a
    training loss of 5.3, after 320 units (32 kept) 1.1, after 500 (50 kept) 0.83 and after
    1,000 (100 kept) 0.49, where the same model without dropout reached 0.054. So a dropout
    after a Dense layer that still passes 50 values or more on average is not reported (a
    held-out reader found `Dropout(0.9)` after 1,000 units at 98% validation accuracy), and
    the message says how many pass where the width is known. It is a risk rather than a
    certainty: `Dropout(0.95)` after each hidden layer still gave varying outputs in 5 of 5
    runs, so the finding is `info`. A rate of 1.0 or more drops everything, and is an
    `error`. So is a rate above 1, which is not a rate at all (`Dropout(num_classes)` where
    `Dense(num_classes)` was meant): Keras 3 refuses it with a `ValueError` when the layer is
    made, and Keras 2 leaves the layer out. It gets no fix, since only the author knows what
    was meant. A rate of exactly 1 in a file written for Keras 2 (`keras.layers.core`,
    `np_utils`, `lr=`, ...) is an info: standalone Keras 2 applies dropout only for rates
    strictly between 0 and 1, so the layer does nothing there, and tf.keras 2 refuses it (a
    held-out reader checked Keras 2's source, round 46a); Keras 3 zeros every input.

    ## Example
    ```python
    keras.layers.Dropout(0.95)
    ```

    ## Use instead
    ```python
    keras.layers.Dropout(0.5)
    ```

    ## Fix safety
    Unsafe: 0.5 is a common rate, but the right one depends on the model.
    """

    code = "DF602"
    name = "extreme-dropout"
    severity = Severity.INFO
    message = "Dropout rate so high that almost nothing reaches the next layer"
    thresholds = {"max-dropout-rate": 0.9, "min-values-kept": 50}

    VALID = [
        _MODEL.format(rate="0.5"),
        # 1,000 units: about 100 values still reach the next layer.
        _MODEL.format(rate="0.9").replace("Dense(32", "Dense(1000"),
        # A pretrained network run to predict: Keras applies no dropout outside training.
        _MODEL.format(rate="1.0")
        + 'model.load_weights("pretrained.weights.h5")\nscores = model.predict(images)\n',
    ]
    INVALID = [
        Invalid(_MODEL.format(rate="0.95"), _MODEL.format(rate="0.5")),
        Invalid(_MODEL.format(rate="10")),
    ]

    def check(self, ctx: RuleContext) -> None:
        limit = ctx.threshold("max-dropout-rate")
        for model in ctx.models:
            for layer in model.layers:
                if layer.kind not in DROPOUT_LAYERS or layer.kind == "GaussianDropout":
                    continue
                arg = layer.args.get("rate")
                rate = arg.number if arg is not None else None
                if arg is None or rate is None or rate < limit:
                    continue
                # A default of a function the file never calls: a caller may pass another.
                defaults = [d for d in [argument_default(arg)] if d is not None]
                certain = Severity.WARNING if defaults else Severity.ERROR
                if rate > 1.0:
                    ctx.report(
                        arg.where,
                        f"Dropout rate {rate:g} is not a fraction{defaults_note(defaults)}: "
                        "Keras 3 refuses it (ValueError) and Keras 2 skips the layer, so nothing "
                        "is dropped as meant (a whole number here is often a Dense layer's units)",
                        severity=certain,
                        related=defaults_related(defaults),
                        model=model,
                    )
                    continue
                if rate == 1.0 and ctx.keras2_only():
                    ctx.report(
                        arg.where,
                        f"Dropout rate 1{defaults_note(defaults)} is not what was meant: "
                        "standalone Keras 2 skips a rate of 1 (nothing is dropped), tf.keras 2 "
                        "refuses it, and only Keras 3 drops every input",
                        severity=Severity.INFO,
                        related=defaults_related(defaults),
                        model=model,
                    )
                    continue
                width = _values_before(model, layer) if rate < 1.0 else None
                kept = round(width * (1.0 - rate), 6) if width is not None else None
                if kept is not None and kept >= ctx.threshold("min-values-kept"):
                    continue  # a wide layer: enough values still reach the next one
                sees = (
                    f"of the {width:,} values before it, "
                    f"{'fewer than one reaches' if kept < 1 else f'about {kept:.0f} reach'} "
                    "the next layer at each step (risk of a poor fit)"
                    if width is not None and kept is not None
                    else "the next layer sees almost nothing (risk of learning little beyond "
                    "the mean)"
                )
                ctx.report(
                    arg.where,
                    f"Dropout rate {rate:g} drops {rate:.0%} of the inputs during training"
                    f"{defaults_note(defaults)}: {sees}",
                    severity=certain if rate >= 1.0 else None,
                    fix=None
                    if defaults
                    else ctx.fix(
                        "Use a dropout rate of 0.5", "unsafe", ctx.replace_value(arg, "0.5")
                    ),
                    related=defaults_related(defaults),
                    model=model,
                    what_if=WhatIf(
                        "dropout",
                        0.5,
                        ctx.layer_index(model, layer),
                        f"dropout {rate:g} -> 0.5",
                        layer.line,
                    ),
                )


# Layers between a Dense layer and its dropout that keep its width.
_SAME_WIDTH = frozenset({"Activation", "BatchNormalization", "LayerNormalization"})


def _values_before(model: ModelSpec, dropout: LayerSpec) -> int | None:
    """How many values each sample has where the dropout applies: the units of the Dense
    layer before it (an activation or a normalisation between keeps them); None where that
    is not known (a convolution's feature maps, a layer Defib cannot read)."""
    index = next((i for i, layer in enumerate(model.layers) if layer is dropout), None)
    for layer in reversed(model.layers[:index] if index is not None else []):
        if layer.kind == "Dense":
            return layer.units
        if layer.kind not in _SAME_WIDTH and not layer.is_activation_only:
            return None
    return None
