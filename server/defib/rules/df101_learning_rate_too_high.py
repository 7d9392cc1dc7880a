"""DF101 learning-rate-too-high."""

from __future__ import annotations

from defib.engine import keras_names as kn
from defib.engine.diagnostics import Severity, WhatIf
from defib.engine.rules import Invalid, Rule, RuleContext


class LearningRateTooHigh(Rule):
    """A learning rate far above what its optimizer tolerates.

    ## What it does
    Flags an optimizer whose learning rate (written directly, through a constant, a default
    argument, a config dict or a schedule's `initial_learning_rate`) is at or above the limit
    of its family: 0.3 for adaptive optimizers (Adam, AdamW, Nadam, RMSprop, Adagrad, ...) and
    1.0 for plain SGD, as a warning; an adaptive rate from 0.1 up to that limit is reported as
    an info. SGD at 0.1, with or without momentum, is ordinary and is not flagged, nor is SGD
    with gradient clipping (`clipnorm`, as in classic language models at 1.0) below 10.0.

    ## Why is this bad?
    Each step overshoots: weights jump past the minimum, activations saturate or die, and the
    model often settles on predicting one value (the mean of the targets) or produces NaN.
    Measured on a two-layer ReLU regression (20 epochs, 5 seeds; final training loss, median;
    the healthy control at Adam's default reached 0.031): Adam at 0.1 reached 0.035, as good as
    the default, at 0.3 0.60, at 1.0 8.7 (about what predicting the mean costs) and at 10.0
    988; RMSprop at 0.1 reached 0.56, and at 0.3 three runs of five ended with a constant
    output; SGD at 1.0 gave NaN in every run. On real code, small models (a linear unit, a
    five-unit RNN) train well at 0.1, so a rate there is only a risk.

    ## Example
    ```python
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=10.0), loss="mse")
    ```

    ## Use instead
    ```python
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")
    ```

    ## Fix safety
    Unsafe: the fix sets the optimizer's default rate (0.001 for Adam, 0.01 for SGD), a sane
    start but a tuning choice that is the user's to make.
    """

    code = "DF101"
    name = "learning-rate-too-high"
    severity = Severity.WARNING
    message = "Learning rate far above what the optimizer tolerates"
    thresholds = {
        "adaptive-max-learning-rate": 0.3,
        "adaptive-high-learning-rate": 0.1,
        "sgd-max-learning-rate": 1.0,
        "adadelta-max-learning-rate": 10.0,
        "sgd-clipped-max-learning-rate": 10.0,
    }

    VALID = [
        "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n"
        "m.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss='mse')\n",
        "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n"
        "m.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9), loss='mse')\n",
    ]
    INVALID = [
        Invalid(
            "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n"
            "m.compile(optimizer=keras.optimizers.Adam(learning_rate=10.0), loss='mse')\n",
            "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n"
            "m.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss='mse')\n",
        ),
        Invalid(
            "from keras.optimizers import SGD\nimport keras\nLR = 1.0\n"
            "m = keras.Sequential([keras.layers.Dense(1)])\n"
            "m.compile(optimizer=SGD(lr=LR), loss='mse')\n",
            "from keras.optimizers import SGD\nimport keras\nLR = 0.01\n"
            "m = keras.Sequential([keras.layers.Dense(1)])\n"
            "m.compile(optimizer=SGD(lr=LR), loss='mse')\n",
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            optimizer = model.compile.optimizer if model.compile else None
            if optimizer is None or optimizer.learning_rate is None or optimizer.uses_default_rate:
                continue
            severity = Severity.WARNING
            rate = optimizer.learning_rate
            if optimizer.name in kn.ADAPTIVE_OPTIMIZERS:
                limit = ctx.threshold("adaptive-max-learning-rate")
                if rate < limit:
                    severity = Severity.INFO
                    limit = ctx.threshold("adaptive-high-learning-rate")
            elif optimizer.name == "adadelta":
                limit = ctx.threshold("adadelta-max-learning-rate")
            else:
                limit = ctx.threshold("sgd-max-learning-rate")
            if rate < limit:
                continue
            if optimizer.clipped and optimizer.name not in kn.ADAPTIVE_OPTIMIZERS:
                # Clipping bounds each step: SGD at 1.0 with clipnorm is a classic recipe.
                limit = ctx.threshold("sgd-clipped-max-learning-rate")
                if rate < limit:
                    continue
            default = kn.OPTIMIZER_DEFAULT_RATES[optimizer.name]
            arg = optimizer.learning_rate_arg
            where = arg.where if arg is not None else optimizer.where
            schedule = f" (initial rate of {optimizer.schedule})" if optimizer.schedule else ""
            name = _title(optimizer.name)
            ctx.report(
                where,
                f"Learning rate {_rate(rate)}{schedule} is far above what {name} tolerates "
                f"(flagged at {limit:g} or more): updates overshoot and the model can settle on a "
                "constant output or diverge"
                if severity is Severity.WARNING
                else f"Learning rate {_rate(rate)}{schedule} is high for {name} (default "
                f"{default:g}): small models train at it, but larger ones can overshoot and "
                "settle on a constant output (risk)",
                severity=severity,
                fix=ctx.fix(
                    f"Use {_title(optimizer.name)}'s default rate {default:g}",
                    "unsafe",
                    ctx.replace_value(arg, repr(default)),
                )
                if arg is not None
                else None,
                related=[(optimizer.where, "optimizer")] if where is not optimizer.where else [],
                model=model,
                what_if=WhatIf(
                    "learning_rate", default, description=f"learning rate {rate:g} -> {default:g}"
                ),
            )


def _title(name: str) -> str:
    return {"sgd": "SGD", "rmsprop": "RMSprop", "adamw": "AdamW", "adagrad": "Adagrad"}.get(
        name, name.capitalize()
    )


def _rate(rate: float) -> str:
    """As people write rates: 10.0 rather than 10, 0.001, 1e-06."""
    return f"{rate:.1f}" if rate.is_integer() else f"{rate:g}"
