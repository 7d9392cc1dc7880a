"""DF102 learning-rate-too-low."""

from __future__ import annotations

from defib.engine import keras_names as kn
from defib.engine.diagnostics import Severity, WhatIf
from defib.engine.rules import Invalid, Rule, RuleContext


class LearningRateTooLow(Rule):
    """A learning rate so small that training barely moves.

    ## What it does
    Flags an optimizer whose learning rate is below 1e-6, or exactly zero.

    ## Why is this bad?
    The weights hardly change, so after a normal number of epochs the model still outputs
    what its random initialisation gives, which often looks like one value for every input.
    A rate of zero never changes the weights at all.

    ## Example
    ```python
    model.compile(optimizer=Adam(learning_rate=1e-9), loss="mse")
    ```

    ## Use instead
    ```python
    model.compile(optimizer=Adam(learning_rate=1e-3), loss="mse")
    ```

    ## Fix safety
    Unsafe: the fix sets the optimizer's default rate, a tuning choice.
    """

    code = "DF102"
    name = "learning-rate-too-low"
    severity = Severity.INFO
    message = "Learning rate so small that training barely moves"
    thresholds = {"min-learning-rate": 1e-6}

    VALID = [
        "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n"
        "m.compile(optimizer=keras.optimizers.Adam(1e-4), loss='mse')\n",
    ]
    INVALID = [
        Invalid(
            "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n"
            "m.compile(optimizer=keras.optimizers.Adam(1e-9), loss='mse')\n",
            "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n"
            "m.compile(optimizer=keras.optimizers.Adam(0.001), loss='mse')\n",
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            optimizer = model.compile.optimizer if model.compile else None
            if optimizer is None or optimizer.learning_rate is None or optimizer.uses_default_rate:
                continue
            rate = optimizer.learning_rate
            if rate >= ctx.threshold("min-learning-rate") or rate < 0:
                continue
            arg = optimizer.learning_rate_arg
            default = kn.OPTIMIZER_DEFAULT_RATES[optimizer.name]
            ctx.report(
                arg.where if arg is not None else optimizer.where,
                "Learning rate 0: the weights never change"
                if rate == 0
                else f"Learning rate {rate:g} is so small that training barely moves the weights",
                severity=Severity.WARNING if rate == 0 else None,
                fix=ctx.fix(
                    f"Use the default rate {default:g}",
                    "unsafe",
                    ctx.replace_value(arg, repr(default)),
                )
                if arg is not None
                else None,
                model=model,
                what_if=WhatIf(
                    "learning_rate", default, description=f"learning rate {rate:g} -> {default:g}"
                ),
            )
