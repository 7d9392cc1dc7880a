"""DF601 constant-initializer."""

from __future__ import annotations

from itertools import pairwise

import libcst as cst

from defib.engine import keras_names as kn
from defib.engine.diagnostics import Severity, WhatIf
from defib.engine.model import Stage, argument_default, defaults_note, defaults_related
from defib.engine.rules import Invalid, Rule, RuleContext

_MODEL = """import keras
model = keras.Sequential([
    keras.layers.Dense(32, activation="{act}", {init}input_shape=(8,)),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
"""


class ConstantInitializer(Rule):
    """Zeros, ones or constant kernel initialisers on hidden layers.

    ## What it does
    Flags a hidden layer whose `kernel_initializer` (Keras 2: `init`) is `zeros`, `ones` or a
    `Constant`. The output layer is not flagged: a zero-initialised last layer is a known
    technique; nor is the linear last layer of a block whose output is merged with another
    tensor (a residual branch started at zero, a learned transform started at the identity, as
    in PointNet): what it outputs is not fed to another weight layer as is. Nor is a layer
    followed by one Defib cannot read (a layer class of the file), which may hold no weights.
    Where the initialiser is only the default of a parameter of a function the file never calls
    (`def build(init="zeros")`, imported elsewhere), the finding is a warning that names the
    default, with no fix: a caller may pass another initialiser.

    ## Why is this bad?
    Every unit of the layer starts with the same weights, so every unit computes the same
    value and receives the same gradient: they stay identical forever, and the layer acts as a
    single unit. With zeros and ReLU or tanh, the gradient through the layer is exactly zero
    and the output is constant. Measured (20 epochs, 5 seeds): zeros collapsed 5 of 5 runs
    with ReLU and with tanh, 0 of 5 with sigmoid; so the finding is an error under ReLU, tanh
    or a linear activation and a warning otherwise.

    ## Example
    ```python
    keras.layers.Dense(32, activation="relu", kernel_initializer="zeros")
    ```

    ## Use instead
    ```python
    keras.layers.Dense(32, activation="relu")  # default glorot_uniform
    ```

    ## Fix safety
    Safe: the fix removes the argument so the layer uses Keras's default random initialiser;
    a constant kernel can never learn more than one feature per layer.
    """

    code = "DF601"
    name = "constant-initializer"
    severity = Severity.ERROR
    message = "Constant kernel initialiser: every unit stays identical"

    VALID = [
        _MODEL.format(act="relu", init=""),
        _MODEL.format(act="relu", init='kernel_initializer="he_normal", '),
    ]
    INVALID = [
        Invalid(
            _MODEL.format(act="relu", init='kernel_initializer="zeros", '),
            _MODEL.format(act="relu", init=""),
        ),
        Invalid(
            _MODEL.format(act="tanh", init="kernel_initializer=keras.initializers.Zeros(), "),
            _MODEL.format(act="tanh", init=""),
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            stages = model.stages()
            flagged = [
                stage
                for stage, following in pairwise(stages)
                if stage.layer.kernel_initializer in kn.CONSTANT_INITIALIZERS
                and "kernel_initializer" in stage.layer.args
                and not _closes_block(stage)
                and not following.layer.opaque  # feeds a known weight layer
            ]
            # One re-probe with every constant initialiser replaced: replacing one while
            # another stays constant would still collapse, which answers nothing.
            what_if: WhatIf | None = None
            if flagged:
                what_if = WhatIf(
                    "initializer",
                    "glorot_uniform",
                    description=f"constant initialisers -> glorot_uniform in {len(flagged)} layer(s)",
                    layer_lines=tuple(sorted({s.layer.line for s in flagged})),
                )
            for stage in flagged:
                layer = stage.layer
                arg = layer.args["kernel_initializer"]
                # A default of a function the file never calls: a caller may pass another.
                defaults = [d for d in [argument_default(arg)] if d is not None]
                certain = stage.activation in ("relu", "relu6", "tanh", "linear")
                fix = None
                if (
                    not defaults
                    and not layer.shared_in(model)
                    and isinstance(layer.where.node, cst.Call)
                    and arg.arg is not None
                    and arg.arg.keyword is not None
                ):
                    removal = ctx.remove_keyword(layer.where, arg.arg.keyword.value)
                    if removal is not None:
                        fix = ctx.fix("Remove the initialiser (use the default)", "safe", removal)
                ctx.report(
                    arg.where,
                    f"{layer.kernel_initializer} kernel initialiser on a hidden {stage.activation or ''} layer"
                    f"{defaults_note(defaults)}: every unit starts identical and gets the same "
                    "gradient, so the units stay identical"
                    + (" and the output is constant" if certain else ""),
                    severity=Severity.ERROR if certain and not defaults else Severity.WARNING,
                    fix=fix,
                    related=defaults_related(defaults),
                    model=model,
                    what_if=what_if,
                )
                what_if = None  # carried by the first finding only


def _closes_block(stage: Stage) -> bool:
    """A linear layer whose output is merged with another tensor (Add, Dot, ...) ends a block:
    zero there starts a residual branch at zero or a transform at its bias, by design. A ReLU
    or tanh layer of zeros stays dead wherever its output goes."""
    return stage.feeds_merge and stage.activation == "linear"
