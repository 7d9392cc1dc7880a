"""DF601 constant-initializer."""

from __future__ import annotations

from itertools import pairwise

import libcst as cst

from defib.engine import keras_names as kn
from defib.engine.diagnostics import Severity, WhatIf
from defib.engine.model import (
    LayerSpec,
    Stage,
    argument_default,
    defaults_note,
    defaults_related,
)
from defib.engine.rules import Invalid, Rule, RuleContext

_MODEL = """import keras
model = keras.Sequential([
    keras.layers.Dense(32, activation="{act}", {init}input_shape=(8,)),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
"""


_TWO_LAYERS = """import keras
model = keras.Sequential([
    keras.layers.Dense(32, activation="tanh", {init}input_shape=(8,)),
    keras.layers.Dense(32, activation="tanh", kernel_initializer="zeros"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
"""

_BEFORE_RELU = """import keras
model = keras.Sequential([
    keras.layers.Dense(32, activation="tanh", {init}input_shape=(8,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
"""


class ConstantInitializer(Rule):
    """Zeros, ones or constant kernel initialisers on hidden layers.

    ## What it does
    Flags a hidden layer whose `kernel_initializer` (Keras 2: `init`) is `zeros`, `ones` or a
    `Constant` when its units can never part: it outputs 0 for every input and gets no
    gradient (zeros and a zero bias under ReLU; or under tanh or linear, when a later layer
    passes no gradient back: a kernel of zeros, or a ReLU that an input of 0 leaves at its
    zero bias), or the next weight layer's kernel is constant too. The output layer is not
    flagged: a zero-initialised last layer is a known technique; nor is the linear last layer
    of a block whose output is merged with another tensor (a residual branch started at zero,
    a learned transform started at the identity, as in PointNet): what it outputs is not fed
    to another weight layer as is; nor a layer whose output multiplies another tensor (a gate:
    each unit's gradient carries the value it multiplies). Nor is a layer followed by one Defib
    cannot read (a layer class of the file), which may hold no weights. Where the
    initialiser is only the default of a parameter of a function the file never calls
    (`def build(init="zeros")`, imported elsewhere), the finding is a warning that names the
    default, with no fix: a caller may pass another initialiser.

    ## Why is this bad?
    Every unit of the layer starts with the same weights, so every unit computes the same
    value. Each unit's gradient is its outgoing weights times the error, so the units stay
    identical only while those weights are identical too: before a layer initialised at
    random, the units part and train. Measured with `bench/calibrate_rules.py` (20 epochs, 5
    seeds, regression, Adam): one layer of zeros before a random one trained as well as a
    random layer under tanh and linear activations (loss 0.014 and 0.010, the noise floor; 0
    of 5 constant each), and so did ReLU with a bias of ones (0.010); ReLU with a zero bias
    outputs 0, where its gradient is 0, and ended constant on 5 of 5. A tanh layer of zeros
    outputs 0 too, and its gradient comes back only through the next layer: before a random
    tanh layer it trained (0.030, 0 of 5 constant), before a random ReLU layer, left at its
    zero bias by an input of 0, it ended constant on 5 of 5, as did two layers of zeros under
    ReLU and under tanh. Two of zeros under sigmoid, which outputs 0.5, ended constant on 0
    of 5 (loss 2.79). A stack whose every
    kernel is constant, five ReLU layers and the output with a bias of ones (a book's
    deliberately broken network), did not end constant (0 of 5) but fit far worse (loss
    3.20): it acts as a network one unit wide. So the finding is an error where the layer
    outputs 0 for good, and a warning, which says the output can still vary, where the units
    only stay identical.

    ## Example
    ```python
    keras.layers.Dense(32, activation="relu", kernel_initializer="zeros")
    ```

    ## Use instead
    ```python
    keras.layers.Dense(32, activation="relu")  # default glorot_uniform
    ```

    ## Fix safety
    Unsafe: the fix removes the argument so the layer uses Keras's default random
    initialiser. A constant kernel can never learn more than one feature per layer, but
    code may rely on fixed weights on purpose (a held-out reader found a unit test of an
    explanation method asserting exact outputs of a constant-initialised network), and
    random weights change every number the model computes.

    A `Constant` of a matrix (`Constant([[1, 2, 3], [2, 3, 4]])`) or of a value Defib does not
    know gives each unit weights of its own and is not reported.
    """

    code = "DF601"
    name = "constant-initializer"
    severity = Severity.ERROR
    message = "Constant kernel initialiser: every unit stays identical"

    VALID = [
        _MODEL.format(act="relu", init=""),
        _MODEL.format(act="relu", init='kernel_initializer="he_normal", '),
        # The next layer's random weights give each unit its own gradient.
        _MODEL.format(act="tanh", init='kernel_initializer="zeros", '),
        _MODEL.format(act="relu", init='kernel_initializer="zeros", bias_initializer="ones", '),
    ]
    INVALID = [
        Invalid(
            _MODEL.format(act="relu", init='kernel_initializer="zeros", '),
            _MODEL.format(act="relu", init=""),
        ),
        Invalid(
            _MODEL.format(act="relu", init="kernel_initializer=keras.initializers.Constant(0.0), "),
            _MODEL.format(act="relu", init=""),
        ),
        Invalid(
            _TWO_LAYERS.format(init="kernel_initializer=keras.initializers.Zeros(), "),
            _TWO_LAYERS.format(init=""),
        ),
        Invalid(
            _BEFORE_RELU.format(init='kernel_initializer="zeros", '),
            _BEFORE_RELU.format(init=""),
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            stages = model.stages()
            zeros = _zero_outputs(stages)
            flagged: list[tuple[Stage, bool]] = []  # each with whether it outputs 0 for good
            for index, (stage, following) in enumerate(pairwise(stages)):
                if (
                    stage.layer.kernel_initializer not in kn.CONSTANT_INITIALIZERS
                    or "kernel_initializer" not in stage.layer.args
                    or _closes_block(stage)
                    or following.layer.opaque  # feeds a weight layer it cannot read
                ):
                    continue
                # Its units stay identical only while the weights they feed are identical too
                # (the next kernel constant), or while they cannot move at all. Before a
                # randomly initialised layer, each unit gets its own gradient and they part:
                # measured, one tanh, linear or active ReLU layer of zeros trained as well as
                # one initialised at random.
                dead = _stuck(stages, index, zeros)
                if dead or following.layer.kernel_initializer in kn.CONSTANT_INITIALIZERS:
                    flagged.append((stage, dead))
            # One re-probe with every constant initialiser replaced: replacing one while
            # another stays constant would still collapse, which answers nothing.
            what_if: WhatIf | None = None
            if flagged:
                what_if = WhatIf(
                    "initializer",
                    "glorot_uniform",
                    description=f"constant initialisers -> glorot_uniform in {len(flagged)} layer(s)",
                    layer_lines=tuple(sorted({s.layer.line for s, _ in flagged})),
                )
            for stage, dead in flagged:
                layer = stage.layer
                arg = layer.args["kernel_initializer"]
                # A default of a function the file never calls: a caller may pass another.
                defaults = [d for d in [argument_default(arg)] if d is not None]
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
                        fix = ctx.fix("Remove the initialiser (use the default)", "unsafe", removal)
                where = f"{layer.kernel_initializer} kernel initialiser on a hidden {stage.activation or ''} layer"
                if dead:
                    why = (
                        "ReLU passes no gradient at 0"
                        if stage.activation in _DEAD_AT_ZERO
                        else "no gradient comes back to it through the layers after it"
                    )
                    text = (
                        f"{where} with its bias at zero{defaults_note(defaults)}: the layer outputs 0 for "
                        f"every input and {why}, so it never learns and the output is constant"
                    )
                else:
                    text = (
                        f"{where}{defaults_note(defaults)}, and the next layer's kernel is "
                        "constant too: every unit starts identical, feeds the same weights and "
                        "gets the same gradient, so the units stay identical and the layer acts "
                        "as a single unit (a risk of a poor fit; the output can still vary)"
                    )
                ctx.report(
                    arg.where,
                    text,
                    severity=Severity.ERROR if dead and not defaults else Severity.WARNING,
                    fix=fix,
                    related=defaults_related(defaults),
                    model=model,
                    what_if=what_if,
                )
                what_if = None  # carried by the first finding only


# Activations whose gradient at 0 is 0 in Keras: a unit at 0 for every input never moves.
_DEAD_AT_ZERO = frozenset({"relu", "relu6"})
# Activations that map 0 to 0: a layer of zeros outputs 0 for every input.
_ZERO_AT_ZERO = _DEAD_AT_ZERO | {"tanh", "linear"}


def _zero_bias(layer: LayerSpec) -> bool:
    return layer.bias_initializer in (None, "zeros")


def _zero_outputs(stages: list[Stage]) -> list[bool]:
    """For each stage, whether it outputs 0 for every input when training starts: a kernel of
    zeros, or an input of 0, with a zero bias, under an activation that maps 0 to 0. A merge
    with another tensor, or a layer Defib cannot read, ends what is known."""
    zero, result = False, []
    for stage in stages:
        layer = stage.layer
        zero = (
            not layer.opaque
            and (zero or layer.kernel_initializer == "zeros")
            and _zero_bias(layer)
            and stage.activation in _ZERO_AT_ZERO
        )
        result.append(zero)
        zero = zero and not stage.feeds_merge
    return result


def _passes_no_gradient(stage: Stage, zero_input: bool) -> bool:
    """Whether no gradient goes back through the stage to its input: through a kernel of
    zeros, or through a ReLU that an input of 0 leaves at its zero bias (ReLU's gradient at 0
    is 0)."""
    layer = stage.layer
    return layer.kernel_initializer == "zeros" or (
        zero_input and _zero_bias(layer) and stage.activation in _DEAD_AT_ZERO
    )


def _stuck(stages: list[Stage], index: int, zeros: list[bool]) -> bool:
    """Whether the stage outputs 0 for every input and never moves: its own gradient, and
    what comes back to it, are 0 (a ReLU of zeros; or a later stage passes none back)."""
    if not zeros[index]:
        return False
    if stages[index].activation in _DEAD_AT_ZERO:
        return True
    return any(
        _passes_no_gradient(stages[later], zeros[later - 1])
        for later in range(index + 1, len(stages))
    )


def _closes_block(stage: Stage) -> bool:
    """A linear layer whose output is merged with another tensor (Add, Dot, ...) ends a block:
    zero there starts a residual branch at zero or a transform at its bias, by design. A ReLU
    or tanh layer of zeros stays dead wherever its output goes. A layer whose output multiplies
    another tensor is a gate (a sigmoid started at 0.5 in a gated network): each unit's gradient
    carries the value it multiplies, so the units part (a held-out replica's 16 gate units all
    ended distinct, round 46a)."""
    if any(layer.kind == "Multiply" for layer in stage.after):
        return True
    return stage.feeds_merge and stage.activation == "linear"
