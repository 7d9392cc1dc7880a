"""DF202 no-hidden-nonlinearity."""

from __future__ import annotations

from defib.engine.diagnostics import Severity, WhatIf
from defib.engine.rules import Invalid, Rule, RuleContext


class NoHiddenNonlinearity(Rule):
    """Hidden Dense layers with no activation at all.

    ## What it does
    Flags a model whose hidden Dense layers all have the default linear activation (no
    `activation=` and no activation layer after them).

    ## Why is this bad?
    A stack of linear layers computes a single linear map, however deep it is: the hidden
    layers add nothing, and on a non-linear problem the model underfits to an almost flat
    prediction. Usually `activation="relu"` was forgotten.

    ## Example
    ```python
    model = keras.Sequential([Dense(64, input_dim=8), Dense(64), Dense(1, activation="sigmoid")])
    ```

    ## Use instead
    ```python
    model = keras.Sequential([
        Dense(64, input_dim=8, activation="relu"),
        Dense(64, activation="relu"),
        Dense(1, activation="sigmoid"),
    ])
    ```

    ## Fix safety
    Unsafe: adding activations changes the architecture.
    """

    code = "DF202"
    name = "no-hidden-nonlinearity"
    severity = Severity.INFO
    message = "Hidden layers without activation compute one linear map"
    judges_training = False  # true of the model whatever trains it, or nothing does

    VALID = [
        "import keras\nm = keras.Sequential([keras.layers.Dense(8, activation='relu'), keras.layers.Dense(1)])\n",
    ]
    INVALID = [
        Invalid(
            "import keras\nm = keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(8), keras.layers.Dense(1)])\n",
            'import keras\nm = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])\n',
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            stages = model.stages()
            hidden = stages[:-1]
            if len(hidden) < 2 or any(s.layer.kind != "Dense" for s in hidden):
                continue
            if not all(s.activation == "linear" for s in hidden):
                continue
            hidden_layers = {id(s.layer) for s in hidden}
            loop_shared_with_output = any(
                layer.where.key == stages[-1].layer.where.key
                for layer in model.layers
                if id(layer) in hidden_layers
            )
            replacements = (
                []
                if loop_shared_with_output
                else [r for s in hidden if (r := ctx.set_activation(s.layer, "relu"))]
            )
            ctx.report(
                hidden[0].layer.where,
                f"{len(hidden)} hidden Dense layers and none has an activation: together they "
                "compute one linear map",
                fix=ctx.fix("Add activation='relu' to the hidden layers", "unsafe", *replacements)
                if replacements
                else None,
                related=[(s.layer.where, "linear hidden layer") for s in hidden[1:]],
                model=model,
                what_if=WhatIf(
                    "activation",
                    "relu",
                    description="hidden linear -> relu",
                    layer_lines=tuple(s.layer.line for s in hidden),
                ),
            )
