"""DF201 stacked-saturating-activations."""

from __future__ import annotations

import libcst as cst

from defib.engine import keras_names as kn
from defib.engine.diagnostics import Severity, WhatIf
from defib.engine.fixes import string_like
from defib.engine.model import (
    NORMALIZATION_LAYERS,
    WEIGHT_LAYERS,
    ArgSpec,
    Located,
    ModelSpec,
    Stage,
)
from defib.engine.rules import Invalid, Replacement, Rule, RuleContext

_SEED = """import keras
from keras.layers import Dense
model = keras.Sequential([
    Dense(128, activation={a}, input_shape=(10,)),
    Dense(128, activation={a}),
    Dense(128, activation={a}),
    Dense(128, activation={a}),
    Dense(1)
])
model.compile(optimizer='adam', loss='mse')
"""


_SIGMOID_LIKE = frozenset({"sigmoid", "hard_sigmoid"})


class StackedSaturatingActivations(Rule):
    """Several consecutive sigmoid hidden layers with nothing restoring the gradient.

    ## What it does
    Flags a run of consecutive hidden layers with saturating activations (sigmoid, tanh, ...)
    that holds four or more sigmoid layers, when no normalisation layer sits between them and
    the model has no residual connection. The recurrent gates inside LSTM and GRU layers are
    not counted.

    ## Why is this bad?
    The derivative of a sigmoid is at most 0.25, so the gradient shrinks at every layer on its
    way back; the first layers stop learning and the output drifts to a constant. Measured
    (20 epochs, 5 seeds, 32-unit layers): under SGD(0.01) three sigmoid layers collapsed 0 of 5
    runs, four 2 of 5, five, six, eight and ten 5 of 5; under Adam ten collapsed 1 of 5 and four
    none. tanh, whose slope is 1 at zero, collapsed none: 0 of 5 with five and with ten layers
    under SGD(0.01). Under Adam (its default rate, 2026-12-07), four, five, six and eight
    sigmoid layers each ended constant on 0 of 5 runs, with a final loss that grew with depth
    (median 1.27, 1.68, 2.35 and 4.69; 8.49 with ten), so there the info says the first layers
    learn slowly, not that the output goes constant (a held-out reader's four-sigmoid
    regression under Adam reached R² 1.0). So a sigmoid stack is a warning from five layers
    under plain SGD (from ten under any optimizer); shorter stacks, adaptive optimizers and a
    stack that mixes tanh in are a risk (info). A run needs four sigmoid layers to be reported, the fewest seen to collapse:
    three never did, and a held-out reader's replica of a three-sigmoid MNIST classifier under
    Adam trained well, as did the two course notebooks it came from. A stack of tanh layers
    alone is not reported either (on held-out code, every tanh-only stack reported as a risk
    had trained well or was never trained).

    ## Example
    ```python
    model = keras.Sequential([
        Dense(128, activation="sigmoid"),
        Dense(128, activation="sigmoid"),
        Dense(128, activation="sigmoid"),
        Dense(1),
    ])
    ```

    ## Use instead
    ```python
    model = keras.Sequential([
        Dense(128, activation="relu"),
        Dense(128, activation="relu"),
        Dense(128, activation="relu"),
        Dense(1),
    ])
    ```
    or put `BatchNormalization()` between the layers.

    ## Fix safety
    Unsafe: switching the hidden activations to ReLU changes the architecture. Where the layers
    read their activation through a name (`def get_model(activation)`, a loop over
    `["sigmoid", "tanh"]`), the fix changes the literal `"sigmoid"` where it was typed, so the
    function's other calls keep theirs; when that literal also sets a layer outside the stack
    (the output), no fix is offered.
    """

    code = "DF201"
    name = "stacked-saturating-activations"
    severity = Severity.INFO
    message = "Consecutive saturating hidden activations starve the gradient"
    thresholds = {
        "min-stacked-layers": 4,
        "warning-stacked-layers-sgd": 5,
        "warning-stacked-layers": 10,
    }

    VALID = [
        _SEED.format(a="'relu'"),
        _SEED.format(a="'tanh'"),
        # Three sigmoid layers: the fewest measured never collapsed.
        _SEED.replace("    Dense(128, activation={a}),\n    Dense(1)", "    Dense(1)").format(
            a="'sigmoid'"
        ),
        _SEED.replace(
            "    Dense(128, activation={a}),\n    Dense(1)",
            "    keras.layers.BatchNormalization(),\n    Dense(128, activation={a}),\n    Dense(1)",
        ).format(a="'sigmoid'"),
        "import keras\nm = keras.Sequential([keras.layers.LSTM(32), keras.layers.LSTM(32), keras.layers.Dense(1)])\n",
    ]
    INVALID = [
        Invalid(_SEED.format(a="'sigmoid'"), _SEED.format(a="'relu'")),
        Invalid(_SEED.format(a="keras.activations.sigmoid"), _SEED.format(a='"relu"')),
    ]

    def check(self, ctx: RuleContext) -> None:
        minimum = int(ctx.threshold("min-stacked-layers"))
        for model in ctx.models:
            if model.has_residual:
                continue
            for run in _saturating_runs(model):
                # Only sigmoid-like layers (slope at most 0.25) were measured to starve the
                # gradient; a run is judged by how many it holds.
                if sum(stage.activation in _SIGMOID_LIKE for stage in run) < minimum:
                    continue
                self._report(ctx, model, run)

    def _report(self, ctx: RuleContext, model: ModelSpec, run: list[Stage]) -> None:
        optimizer = model.compile.optimizer if model.compile else None
        plain_sgd = optimizer is not None and optimizer.name == "sgd"
        deep = ctx.threshold(
            "warning-stacked-layers-sgd" if plain_sgd else "warning-stacked-layers"
        )
        names = sorted({stage.activation or "" for stage in run})
        # Only sigmoid-like stacks were measured to collapse; tanh's slope of 1 at zero keeps
        # the gradient alive (0 of 5 runs collapsed with ten tanh layers under SGD).
        sigmoid_only = all(name in _SIGMOID_LIKE for name in names)
        severity = Severity.WARNING if sigmoid_only and len(run) >= deep else Severity.INFO
        replacements = _relu_everywhere(ctx, model, run)
        lines = tuple(stage.layer.line for stage in run)
        optimizer_note = " under plain SGD" if plain_sgd else ""
        adam = optimizer is not None and optimizer.name in kn.ADAM_FAMILY
        outcome = (
            # Measured under Adam: 4 to 8 such layers fitted worse the deeper they were, and
            # none ended constant; 10 ended constant on 1 run of 5.
            "the first layers learn slowly (under Adam, such stacks fitted worse the deeper "
            "they were, and a stack of ten ended constant on 1 run of 5: a risk)"
            if adam and severity is Severity.INFO
            else "the first layers can stop learning (risk of a constant output)"
        )
        ctx.report(
            run[0].layer.where,
            f"{len(run)} consecutive {'/'.join(names)} hidden layers{optimizer_note} with no "
            f"normalisation between them: the gradient shrinks at each layer and {outcome}",
            severity=severity,
            fix=ctx.fix("Use ReLU in these hidden layers", "unsafe", *replacements)
            if replacements
            else None,
            related=[
                *[(stage.layer.where, f"{stage.activation} layer") for stage in run[1:]],
                *_where_written(run),
            ],
            model=model,
            what_if=WhatIf(
                "activation", "relu", description="hidden sigmoid/tanh -> relu", layer_lines=lines
            ),
        )


def _relu_everywhere(ctx: RuleContext, model: ModelSpec, run: list[Stage]) -> list[Replacement]:
    """The edits that make every layer of the run a ReLU, and no other layer: none when an edit
    would change a layer outside it (a loop that also builds the output layer)."""
    layers = [stage.activation_layer for stage in run]
    passed = [layer.activation_arg for layer in layers]
    if all(arg is not None and _through_a_name(arg) for arg in passed):
        # Every layer reads its activation through a name (a parameter, a constant): change
        # the literal it was typed as (`get_model("sigmoid")`), so that a function called
        # with "relu" and "tanh" elsewhere keeps its other models, if no other layer of any
        # model reads that literal.
        literals = {arg.written.key: arg.written for arg in passed if arg and arg.written}
        read_elsewhere = any(
            layer.activation_arg is not None
            and layer.activation_arg.written is not None
            and layer.activation_arg.written.key in literals
            for other in ctx.models
            for layer in other.layers
            if all(layer is not mine for mine in layers)
        )
        if len(literals) != 1 or read_elsewhere:
            return []
        [literal] = literals.values()
        return [(literal, string_like(literal.node, "relu"))]
    changed = {layer.where.key for layer in layers}
    # A layer built in a loop is one call: change it only if every layer it builds is in the run.
    if any(
        layer.where.key in changed and all(layer is not mine for mine in layers)
        for layer in model.layers
    ):
        return []
    return [r for layer in layers if (r := ctx.set_activation(layer, "relu")) is not None]


def _through_a_name(arg: ArgSpec) -> bool:
    """Whether the activation is passed as a name whose string literal is typed elsewhere."""
    return (
        isinstance(arg.where.node, cst.Name)
        and arg.written is not None
        and isinstance(arg.written.node, cst.SimpleString)
    )


def _where_written(run: list[Stage]) -> list[tuple[Located, str]]:
    """Where the run's activation was typed, when its layers read it through a name."""
    seen: dict[tuple[int, int], tuple[Located, str]] = {}
    for stage in run:
        for located, note in stage.activation_layer.activation_written():
            seen.setdefault(located.key, (located, note))
    return list(seen.values())


def _saturating_runs(model: ModelSpec) -> list[list[Stage]]:
    stages = model.stages()
    hidden = stages[:-1]
    runs: list[list[Stage]] = []
    current: list[Stage] = []
    for stage in hidden:
        saturating = stage.layer.kind in WEIGHT_LAYERS and stage.activation in kn.SATURATING
        if saturating:
            current.append(stage)
            if any(layer.kind in NORMALIZATION_LAYERS for layer in stage.after):
                runs.append(current)
                current = []
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs
