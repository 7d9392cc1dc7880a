"""DF410 argmax-of-one-unit."""

from __future__ import annotations

from typing import Literal

import libcst as cst

from defib.engine.diagnostics import Fix, Severity
from defib.engine.model import (
    ACTIVATION_LAYERS,
    DROPOUT_LAYERS,
    NORMALIZATION_LAYERS,
    RECURRENT_LAYERS,
    Argmax,
    Located,
    ModelSpec,
    Stage,
)
from defib.engine.rules import Invalid, Rule, RuleContext

_BINARY = """import numpy as np
from tensorflow import keras

x = np.random.rand(200, 8)
y = (x[:, 0] > 0.5).astype(int)
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=10)
predicted = {predicted}
"""

# Layers after the output's weight layer that keep one value per sample.
_KEEP_WIDTH = (
    ACTIVATION_LAYERS
    | DROPOUT_LAYERS
    | NORMALIZATION_LAYERS
    | {
        "GaussianNoise",
        "GaussianDropout",
        "ActivityRegularization",
    }
)
# Layers whose output is one vector per sample, whatever the shape of their input.
_FLATTENING = frozenset(
    {
        "Flatten",
        "GlobalAveragePooling1D",
        "GlobalAveragePooling2D",
        "GlobalAveragePooling3D",
        "GlobalMaxPooling1D",
        "GlobalMaxPooling2D",
        "GlobalMaxPooling3D",
        "GlobalAvgPool1D",
        "GlobalAvgPool2D",
        "GlobalMaxPool1D",
        "GlobalMaxPool2D",
    }
)


class ArgmaxOfOneUnit(Rule):
    """`argmax` across the classes of a model that outputs a single value.

    ## What it does
    Flags `np.argmax(model.predict(x), axis=1)` (and `axis=-1`, `tf.argmax`, `.argmax()`, or
    the argmax of one sample's prediction, `np.argmax(predictions[0])`) where the model's
    output layer has one unit: a binary classifier with a sigmoid output, or a regression.

    ## Why is this bad?
    With one value per sample there is one column to choose from, so `argmax` returns 0 for
    every sample, whatever the model predicts: the predicted class is always 0, accuracy is
    the share of class 0, and a confusion matrix has one column. The model itself may be
    fine; the predictions read from it are constant. Nothing here is measured by training:
    it is what `argmax` of one column is. A one-unit sigmoid gives the probability of class
    1; threshold it instead.

    On the ecosystem corpus (14,444 files) it reports 13 such lines, all right on reading
    (course notebooks' sentiment and image classifiers, a tutorial's text CNN scored by
    accuracy, regressions on class labels), and 6 in 25,000 held-out files, all right. An
    argmax in a branch whose condition is not known is left alone: helpers written for both
    kinds of classifier argmax only when the output has several units (`if len(pred[0]) >
    1:`), the one wrong finding before that.

    Only reported where each prediction is known to be a vector: after a `Flatten`, a global
    pooling or a recurrent layer that returns its last step, or from an input of one axis
    (`Input(shape=(8,))`, `input_dim=8`). Along the last axis (`axis=-1`) it is reported
    whatever the shape, since that axis holds the one unit.

    ## Example
    ```python
    model.add(Dense(1, activation="sigmoid"))
    predicted = np.argmax(model.predict(x_test), axis=1)
    ```

    ## Use instead
    ```python
    predicted = (model.predict(x_test)[:, 0] > 0.5).astype(int)
    ```

    ## Fix safety
    The fix thresholds the output at 0.5 for a sigmoid, at 0 for a linear output (logits).
    It is unsafe: it changes what the program computes (on purpose), and code that reads the
    result as an array of argmax's integer type may need adjusting. No fix for other outputs.
    """

    code = "DF410"
    name = "argmax-of-one-unit"
    severity = Severity.ERROR
    message = "argmax over a single output unit is always 0"
    judges_training = False  # about what is read from the predictions, trained or not

    VALID = [
        _BINARY.format(predicted="(model.predict(x)[:, 0] > 0.5).astype(int)"),
        # argmax over the samples: the index of the most confident one, not a class.
        _BINARY.format(predicted="np.argmax(model.predict(x))"),
        # A softmax over two classes.
        _BINARY.replace('Dense(1, activation="sigmoid")', 'Dense(2, activation="softmax")')
        .replace("binary_crossentropy", "sparse_categorical_crossentropy")
        .format(predicted="np.argmax(model.predict(x), axis=1)"),
    ]
    INVALID = [
        Invalid(
            _BINARY.format(predicted="np.argmax(model.predict(x), axis=1)"),
            _BINARY.format(predicted="(model.predict(x)[:, 0] > 0.5).astype(int)"),
        ),
        Invalid(_BINARY.format(predicted="model.predict(x).argmax(axis=-1)")),
        Invalid(_BINARY.format(predicted="np.argmax(model.predict(x[:1])[0])")),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            if not model.argmaxes or model.other_outputs or model.output_slot is not None:
                continue
            stage = model.output_stage
            if stage is None or stage.units != 1 or stage.layer.opaque or stage.feeds_merge:
                continue
            if any(layer.kind not in _KEEP_WIDTH for layer in stage.after):
                continue
            flat = _one_vector_per_sample(model, stage)
            for argmax in model.argmaxes:
                if not _always_zero(argmax, flat):
                    continue
                fix = _threshold(ctx, argmax, stage) if flat else None
                ctx.report(
                    argmax.where,
                    "argmax over a single output unit is always 0: every prediction is read "
                    "as class 0, whatever the model outputs. "
                    + (
                        "Threshold the sigmoid's probability instead (`> 0.5`)"
                        if stage.activation == "sigmoid"
                        else "Threshold the output, or give the output layer one unit per class"
                    ),
                    fix=fix,
                    related=[(stage.layer.where, "the output layer has one unit")],
                    model=model,
                )


def _always_zero(argmax: Argmax, flat: bool) -> bool:
    """Whether the argmax can only return 0: along the last axis, which holds the one unit;
    along axis 1 of all predictions, or over one sample's, when each is one value."""
    if argmax.axis == -1:
        return True
    if argmax.one_sample:
        return flat and argmax.axis in (None, 0)
    return flat and argmax.axis == 1


def _one_vector_per_sample(model: ModelSpec, stage: Stage) -> bool:
    """Whether each sample's output is a vector (the predictions a matrix): a layer before the
    output that makes one (Flatten, global pooling, a recurrent layer's last step), with only
    Dense and width-keeping layers after it, or an input of one axis."""
    before = model.layers[: model.layers.index(stage.layer)]
    for layer in reversed(before):
        if layer.kind in _FLATTENING:
            return True
        if layer.kind in RECURRENT_LAYERS and layer.kind != "Bidirectional":
            sequences = layer.args.get("return_sequences")
            return sequences is None or sequences.flag is False
        if layer.kind != "Dense" and layer.kind not in _KEEP_WIDTH:
            return False
    return model.reads_vectors()


def _threshold(ctx: RuleContext, argmax: Argmax, stage: Stage) -> Fix | None:
    """`np.argmax(p, axis=1)` -> `(p[:, 0] > 0.5).astype(int)` (0 for a linear output), and
    `np.argmax(p[0])` -> `int(p[0][0] > 0.5)`; numpy's spellings only."""
    cut = {"sigmoid": "0.5", "linear": "0"}.get(stage.activation or "")
    call = argmax.where.node
    if cut is None or not isinstance(call, cst.Call):
        return None
    if not isinstance(call.func, cst.Attribute) or call.func.attr.value != "argmax":
        return None
    positional = [arg.value for arg in call.args if arg.keyword is None and not arg.star]
    if _is_numpy(call.func.value) and positional:
        owner = positional[0]  # np.argmax(p, axis=1)
    elif not positional:
        owner = call.func.value  # p.argmax(axis=1)
    else:
        return None  # tf.argmax(p, 1), K.argmax(p): a tensor, not numpy's array
    array = Located(owner, argmax.where.chunk).code()
    if not isinstance(owner, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
        array = f"({array})"
    new = (
        f"int({array}[0] > {cut})" if argmax.one_sample else f"({array}[:, 0] > {cut}).astype(int)"
    )
    safety: Literal["unsafe"] = "unsafe"
    return ctx.fix("Threshold the output", safety, (argmax.where, new))


def _is_numpy(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value in ("np", "numpy")
