"""DF602 extreme-dropout."""

from __future__ import annotations

from defib.engine.diagnostics import Severity, WhatIf
from defib.engine.model import DROPOUT_LAYERS, argument_default, defaults_note, defaults_related
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
    Flags a dropout layer that drops 90% or more of its inputs, and a rate above 1. A rate that
    is only the default of a parameter of a function the file never calls is said to be one,
    at most a warning and with no fix: a caller may pass another rate.

    ## Why is this bad?
    During training almost nothing reaches the next layer, so the next layer sees mostly zeros
    and learns little beyond the average target. It is a risk rather than a certainty: measured
    with `bench/calibrate_rules.py` (20 epochs, 5 seeds), `Dropout(0.95)` after each hidden layer
    still gave varying outputs in 5 of 5 runs, so the finding is `info`. A rate of 1.0 or more
    drops everything, and is an `error`. So is a rate above 1, which is not a rate at all
    (`Dropout(num_classes)` where `Dense(num_classes)` was meant): Keras 3 refuses it with a
    `ValueError` when the layer is made, and Keras 2 leaves the layer out. It gets no fix, since
    only the author knows what was meant.

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
    thresholds = {"max-dropout-rate": 0.9}

    VALID = [
        _MODEL.format(rate="0.5"),
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
                ctx.report(
                    arg.where,
                    f"Dropout rate {rate:g} drops {rate:.0%} of the inputs during training"
                    f"{defaults_note(defaults)}: the next layer sees almost nothing (risk of "
                    "learning little beyond the mean)",
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
