"""DF203 softmax-hidden-layer."""

from __future__ import annotations

from defib.engine.diagnostics import Severity, WhatIf
from defib.engine.model import MERGE_LAYERS, LayerSpec, ModelSpec
from defib.engine.rules import Invalid, Rule, RuleContext

_MODEL = """import keras
model = keras.Sequential([
    keras.layers.Dense(64, activation="relu", input_shape=(8,)),
    keras.layers.Dense(128, activation={hidden}),
    keras.layers.Dense(3, activation="softmax"),
])
"""
_TRANSFER_HEAD = """import keras
model = keras.models.load_model("base.keras")
model.add(keras.layers.Dense(128, activation={hidden}))
model.add(keras.layers.Dense(3, activation="softmax"))
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""
# Layers that use a softmax's output as weights over other values: an attention block.
_WEIGHTING_LAYERS = frozenset({"Multiply", "Dot", "Permute", "RepeatVector", "Attention"})


_STACKED = """import numpy as np
import keras
x, y = np.load("x.npy"), np.load("y.npy")
classifier = keras.Sequential([
    keras.Input((32,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(20, activation="softmax"),
])
classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
{train}classifier.trainable = False
model = keras.Sequential([classifier, keras.layers.Dense(512, activation="relu"), keras.layers.Dense(20, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=5)
"""


_TWO_BRANCHES = """import keras
from keras import layers
image, text = keras.Input((64,)), keras.Input((32,))
left = layers.Dense(16, activation="{left}")(image)
right = layers.Dense(16, activation="relu")(text)
x = layers.Concatenate()([left, right])
x = layers.Dense(128, activation="{head}")(x)
outputs = layers.Dense(4, activation="softmax")(x)
model = keras.Model([image, text], outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""


class SoftmaxHiddenLayer(Rule):
    """A hidden layer with a softmax activation.

    ## What it does
    Flags a Dense or convolution layer with `activation="softmax"` (or a `Softmax` /
    `Activation("softmax")` after it) that is followed by more weight layers, in a model that
    does not use its output as attention weights (no weighting layer in the model, and no merge
    after the softmax: two backbones concatenated into a hidden softmax are flagged). A head
    added to a model loaded or copied elsewhere (`base.add(Dense(128, activation="softmax"))`)
    is judged too: the layers before the softmax cannot read its output; a layer Defib cannot
    read after it might, so the finding is then left out. Not flagged: the output of a
    classifier trained on its own (its `fit()` runs, or trained weights are loaded into it) that
    a new head is stacked on. Its softmax gives confident probabilities: in a held-out
    notebook's replica (20 classes, the trained classifier frozen under six Dense layers) the
    head reached full validation accuracy in its first epoch.

    ## Why is this bad?
    Softmax makes a layer's outputs positive and sum to one: 128 units then carry values near
    1/128, the layers after it see an almost constant input, and its gradient is divided among
    all units. The network still trains, badly. Calibrated (`bench/calibrate_rules.py --only
    DF203,control`, an MLP with one hidden Dense(128), 5 seeds, 20 epochs, Adam): with softmax
    in that layer the final loss was 0.73 against 0.061 with ReLU on 4 classes, 0.42 against
    0.019 on a binary task and 5.75 against 0.024 on a regression; no seed gave a constant
    output. A narrow softmax layer shares its sum less thinly: as the first layer of a binary
    classifier, 12 units ended at 0.61 against 0.40 with ReLU and 32 units at 0.61 against 0.21
    (2026-12-07), and a held-out 12-unit softmax layer on the UCI wine table trained as well as
    ReLU in its reader's replica; up to 32 units the finding is an info, and so it is where the
    number of units is not known (a held-out reader's recurrent layer took its width from a
    list its callers passed, 3 to 10 units in the authors' search). Softmax belongs on a
    classifier's output layer; hidden layers want ReLU.

    ## Example
    ```python
    model = keras.Sequential([Dense(128, activation="softmax"), Dense(10, activation="softmax")])
    ```

    ## Use instead
    ```python
    model = keras.Sequential([Dense(128, activation="relu"), Dense(10, activation="softmax")])
    ```

    ## Fix safety
    Unsafe: the activation changes what the trained model computes.
    """

    code = "DF203"
    name = "softmax-hidden-layer"
    severity = Severity.WARNING
    thresholds = {"narrow-softmax-units": 32}
    message = "Softmax on a hidden layer squeezes its outputs to sum to one"

    VALID = [
        _MODEL.format(hidden='"relu"'),
        # Attention: the softmax weights another tensor.
        "import keras\n"
        "inputs = keras.Input((10, 16))\n"
        "weights = keras.layers.Dense(16, activation='softmax')(inputs)\n"
        "attended = keras.layers.Multiply()([inputs, weights])\n"
        "x = keras.layers.Flatten()(attended)\n"
        "outputs = keras.layers.Dense(1, activation='sigmoid')(x)\n"
        "model = keras.Model(inputs, outputs)\n",
        # A layer of the file after the softmax may use it as weights.
        "import keras\n"
        "from blocks import Attend\n"
        "model = keras.models.load_model('base.keras')\n"
        "model.add(keras.layers.Dense(16, activation='softmax'))\n"
        "model.add(Attend())\n"
        "model.add(keras.layers.Dense(1, activation='sigmoid'))\n",
        # A classifier trained first, then frozen under a new head: its softmax gives confident
        # probabilities.
        _STACKED.format(train="classifier.fit(x, y, epochs=5)\n"),
        # A softmax before a merge may gate the other branch.
        _TWO_BRANCHES.format(left="softmax", head="relu"),
    ]
    INVALID = [
        Invalid(_MODEL.format(hidden='"softmax"'), _MODEL.format(hidden='"relu"')),
        # A transfer head added to a model loaded elsewhere.
        Invalid(_TRANSFER_HEAD.format(hidden='"softmax"'), _TRANSFER_HEAD.format(hidden='"relu"')),
        # The same stack on a classifier never trained: its softmax is nearly uniform.
        Invalid(_STACKED.format(train="")),
        # Two branches concatenated, then a hidden softmax: it feeds the head alone.
        Invalid(
            _TWO_BRANCHES.format(left="relu", head="softmax"),
            _TWO_BRANCHES.format(left="relu", head="relu"),
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            if any(layer.kind in _WEIGHTING_LAYERS for layer in model.layers):
                continue
            stages = model.stages()
            for index, stage in enumerate(stages[:-1]):
                if stage.activation != "softmax" or stage.layer.opaque:
                    continue
                # A merge after it (Add, Concatenate, ...) may weight another branch with its
                # output; after the last merge, the softmax feeds the head alone.
                if model.has_residual and _merged_after(stage.layer, model):
                    continue
                # A layer Defib cannot read after the softmax may weight something with it (an
                # attention block of the file); one before it (a pretrained base) cannot.
                if any(later.layer.opaque for later in stages[index + 1 :]):
                    continue
                if _trained_output(stage.activation_layer, model, ctx.models):
                    continue
                units = f"its {stage.units} outputs"
                replacement = ctx.set_activation(stage.activation_layer, "relu")
                narrow = stage.units is not None and stage.units <= ctx.threshold(
                    "narrow-softmax-units"
                )
                # A few units share the sum less thinly: measured 1.5-2.9x the ReLU loss at 12
                # and 32 units, and a held-out 12-unit layer on wine trained as ReLU did. How
                # many there are may not be known (a width from a list a caller passes).
                if stage.units is None:
                    message = (
                        "Softmax on a hidden layer makes its outputs positive and sum to one, "
                        "which slows training by how many there are, a number not known here "
                        "(in calibration 12 or 32 units ended at 1.5-2.9x the loss of ReLU, "
                        "128 units at 12-240x); use relu"
                    )
                elif narrow:
                    message = (
                        f"Softmax on a hidden layer makes {units} positive and sum to one, "
                        "which can slow training (in calibration a 12- or 32-unit softmax layer "
                        "ended at 1.5-2.9x the loss of ReLU; on real data a 12-unit one trained "
                        "as well); use relu"
                    )
                else:
                    message = (
                        f"Softmax on a hidden layer makes {units} positive and sum to one, so "
                        "the layers after it see a nearly constant input and training is slow "
                        "(in calibration the loss ended 12-240x higher than with ReLU); use relu"
                    )
                ctx.report(
                    stage.activation_layer.where,
                    message,
                    severity=Severity.INFO if narrow or stage.units is None else None,
                    fix=ctx.fix("Use activation='relu'", "unsafe", replacement)
                    if replacement
                    else None,
                    # The layer after it, which makes it hidden: a softmax written as an output
                    # can become hidden by an add() far below (a reader missed it, 69c).
                    related=[(stages[index + 1].layer.where, "the next layer with weights")],
                    model=model,
                    what_if=WhatIf(
                        "activation",
                        "relu",
                        description="hidden softmax -> relu",
                        layer_lines=(stage.layer.line,),
                    ),
                )


def _merged_after(layer: LayerSpec, model: ModelSpec) -> bool:
    """Whether a merge comes after `layer` on the model's path to its output."""
    position = next((i for i, each in enumerate(model.layers) if each is layer), None)
    if position is None:
        return True  # not on the path: where it goes is not known
    return any(later.kind in MERGE_LAYERS for later in model.layers[position + 1 :])


def _trained_output(layer: LayerSpec, model: ModelSpec, models: list[ModelSpec]) -> bool:
    """Whether `layer` is the output of another model that was trained as a classifier on its
    own (its fit() runs, or trained weights are loaded into it) before `model` stacks layers
    on it. Its softmax then gives confident probabilities, not the nearly constant input a
    fresh hidden softmax gives: in a replica (20 classes, the classifier frozen and six Dense
    layers stacked on it) the head reached full validation accuracy in its first epoch."""
    for other in models:
        if other is model or not other.layers:
            continue
        if other.fit is None and other.weights_set is None:
            continue
        stages = other.stages()
        if stages and stages[-1].activation_layer is layer:
            return True
    return False
