"""DF409 output-squashed-twice."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.model import SHAPE_ONLY_LAYERS, LayerSpec, ModelSpec
from defib.engine.rules import Invalid, Rule, RuleContext

_MODEL = """import keras
model = keras.Sequential([
    keras.layers.Dense(32, activation="relu", input_shape=(8,)),
    keras.layers.Dense(1{first}),
    keras.layers.Activation("{last}"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
"""

# What a sigmoid on the output makes of inputs that an activation before it bounds: (the
# output's range as written in the message, whether every output lies above 0.5).
_SIGMOID_AFTER: dict[str, tuple[str, bool]] = {
    "relu": ("[0.5, 1)", True),
    "relu6": ("[0.5, 0.998]", True),
    "softplus": ("(0.5, 1)", True),
    "sigmoid": ("(0.5, 0.731)", True),
    "hard_sigmoid": ("[0.5, 0.731]", True),
    "softmax": ("(0.5, 0.731)", True),
    "tanh": ("(0.269, 0.731)", False),
    "softsign": ("(0.269, 0.731)", False),
}


class OutputSquashedTwice(Rule):
    """A sigmoid output applied on top of another activation.

    ## What it does
    Flags a model whose output is a sigmoid applied to what another activation already
    bounded, with nothing in between that rescales it: `Dense(1, activation="relu")` or
    `Activation("tanh")` followed by `Activation("sigmoid")`, a `Dense(1,
    activation="sigmoid")` followed by a second sigmoid.

    ## Why is this bad?
    The first activation leaves the sigmoid only part of its range, so the model can never
    output what the loss asks of it:
    - after ReLU (or softplus, a sigmoid, a softmax) the input is never negative, so the output
      never goes below 0.5. After ReLU, every sample whose unit the ReLU zeroes gets exactly
      0.5 and no gradient: a GAN's discriminator built so rated every fake at 0.500 in a
      held-out reader's replica, and gave its generator nothing to learn from. After a sigmoid
      every output lies in (0.5, 0.731), so with a 0.5 threshold every sample of a one-unit
      output is the same class (several units keep their top class: an info);
    - after tanh the output is held within (0.269, 0.731): never a confident probability, so
      binary cross-entropy cannot fall below 0.31 for any sample (an info: the classes can
      still be told apart).

    The ranges are arithmetic (sigmoid(0) = 0.5, sigmoid(1) = 0.731). What they cost was
    measured with `bench/calibrate_double_squash.py` (a 32-unit ReLU binary classifier on 10
    features, Adam, 20 epochs, 3 seeds; held-out accuracy at Keras's 0.5 threshold): a sigmoid
    alone reached 0.977-0.980 (final loss 0.09-0.12); ReLU then sigmoid put 35-42% of the
    outputs at exactly 0.5 and reached 0.90-0.94 (loss 0.38-0.41); a sigmoid then a sigmoid
    reached 0.52-0.56, every output between 0.5 and 0.731; tanh then sigmoid reached
    0.96-0.98, with a loss of 0.35-0.36 it cannot go below.

    ## Example
    ```python
    keras.layers.Dense(1, activation="relu"),
    keras.layers.Activation("sigmoid"),
    ```

    ## Use instead
    ```python
    keras.layers.Dense(1, activation="sigmoid"),
    ```

    ## Fix safety
    No fix: which of the two activations was meant is the author's call.
    """

    code = "DF409"
    name = "output-squashed-twice"
    severity = Severity.WARNING
    message = "A sigmoid output on top of another activation"
    judges_output = True

    VALID = [
        _MODEL.format(first="", last="sigmoid"),
        # A BatchNormalization in between rescales what the first activation bounded.
        _MODEL.format(
            first=', activation="tanh"), keras.layers.BatchNormalization(', last="sigmoid"
        ),
    ]
    INVALID = [
        Invalid(_MODEL.format(first=', activation="relu"', last="sigmoid")),
        Invalid(_MODEL.format(first=', activation="sigmoid"', last="sigmoid")),
        Invalid(_MODEL.format(first=', activation="tanh"', last="sigmoid")),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            stage = model.output_stage
            if stage is None or stage.activation != "sigmoid" or stage.layer.opaque:
                continue
            first = _activation_before(model, stage.layer, stage.activation_layer)
            if first is None or first[0] not in _SIGMOID_AFTER:
                continue
            activation, where = first
            bounds, above_half = _SIGMOID_AFTER[activation]
            severity: Severity | None = None  # the rule's warning
            if activation in ("relu", "relu6"):
                effect = (
                    "every sample whose unit the ReLU zeroes gets exactly 0.5 and no gradient, "
                    "and no output goes below 0.5"
                )
            elif above_half and stage.units == 1:
                effect = (
                    "no output goes below 0.5, so with a 0.5 threshold every sample is "
                    "predicted as the same class"
                )
            elif above_half:
                # Several units: their order, and so the top class, survives the squeeze.
                severity = Severity.INFO
                effect = (
                    "every score lies in that band, so none reads as a probability (risk: the "
                    "top-scoring class is kept)"
                )
            else:
                severity = Severity.INFO
                effect = (
                    "never a confident probability (risk: the classes can still be told apart, "
                    "but binary cross-entropy cannot fall below 0.31 for any sample)"
                )
            ctx.report(
                stage.activation_layer.where,
                f"A sigmoid on top of {activation}: the output stays within {bounds}; "
                f"{effect}. Keep one of the two activations",
                severity=severity,
                related=[(where.where, f"{activation} applied first")],
                model=model,
            )


def _activation_before(
    model: ModelSpec, weights: LayerSpec, last: LayerSpec
) -> tuple[str, LayerSpec] | None:
    """The activation applied between the output's weight layer and its last activation
    layer `last`, with nothing but reshaping or dropout between it and `last`: the weight
    layer's own `activation=`, or an activation layer. None when there is none, or when
    something else (a normalisation) stands between them."""
    if last is weights or weights not in model.layers or last not in model.layers:
        return None
    start, end = model.layers.index(weights), model.layers.index(last)
    found: tuple[str, LayerSpec] | None = None
    if weights.activation not in (None, "linear"):
        found = (weights.activation, weights)
    for layer in model.layers[start + 1 : end]:
        if layer.is_activation_only:
            if layer.activation is None:
                return None  # a function not known
            found = None if layer.activation == "linear" else (layer.activation, layer)
        elif layer.kind not in SHAPE_ONLY_LAYERS:
            found = None  # a normalisation rescales what came before it
    return found
