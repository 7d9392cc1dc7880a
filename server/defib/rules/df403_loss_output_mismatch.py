"""DF403 loss-output-mismatch."""

from __future__ import annotations

from typing import Literal

import libcst as cst

from defib.engine.diagnostics import Severity, WhatIf
from defib.engine.fixes import string_like
from defib.engine.model import (
    LossSpec,
    ModelSpec,
    defaults_note,
    defaults_related,
    unit_count_default,
)
from defib.engine.rules import Invalid, Rule, RuleContext

_MODEL = """import keras
model = keras.Sequential([
    keras.layers.Dense(16, activation="relu", input_shape=(4,)),
    keras.layers.Dense({units}, activation="{act}"),
])
model.compile(optimizer="adam", loss="{loss}", metrics=["accuracy"])
"""


_COMPETE = (
    "the softmax makes the classes compete for one unit of probability while the loss scores "
    "each as a separate yes/no question"
)
_ADVICE = (
    "For one class per sample use categorical cross-entropy; for several labels at once "
    "(multi-label) or targets in [0, 1] (an autoencoder's pixels) use a sigmoid output"
)


class LossOutputMismatch(Rule):
    """A loss that cannot work with the output layer.

    ## What it does
    Flags categorical or sparse categorical cross-entropy on a one-unit output, and (as info)
    binary cross-entropy on a softmax output of three or more units, or of a width not known.

    ## Why is this bad?
    Categorical cross-entropy normalises the predictions over the last axis; over one unit the
    normalised prediction is always 1.0 and the loss is always 0, so no gradient flows and
    nothing is learned. Sparse categorical cross-entropy on one unit knows only class 0: every
    label 1 is out of range.

    Binary cross-entropy on a softmax treats each class as a separate yes/no question. On the
    TensorFlow backend it still trains: Keras 3 computes it from the logits under the
    softmax, as for sigmoid units. Measured with `bench/calibrate_label_forms.py` (ten one-hot
    classes, 5 seeds), its held-out argmax accuracy was 0.789 against 0.785 for categorical
    cross-entropy, so the finding is `info`. Keras up to 2.3 reports `metrics=["accuracy"]`
    with binary cross-entropy as binary accuracy, which reads 0.9 on ten classes for a model
    that predicts no class at all. Which side is wrong depends on the labels: with one class per
    sample the loss should be categorical cross-entropy, while multi-hot labels (several tags per
    sample) and an autoencoder's pixel targets need sigmoid outputs, which the softmax is not
    (held-out code had both). Over two units the two losses are equal, so that is not flagged.

    Where the one unit or the loss is only the default of a parameter of a function the file
    never calls (a module of model builders), the error is a warning that names the default,
    with no fix: a caller elsewhere may pass other values (as DF401 does).

    ## Example
    ```python
    keras.layers.Dense(1, activation="sigmoid")
    model.compile(loss="categorical_crossentropy")
    ```

    ## Use instead
    ```python
    keras.layers.Dense(1, activation="sigmoid")
    model.compile(loss="binary_crossentropy")
    ```

    ## Fix safety
    For a one-unit output, binary cross-entropy is the loss for a single probability, and the
    current loss cannot train at all (the output's activation is for DF401 and DF404 to mend:
    their fixes make it a sigmoid). The fix is safe where the labels given to `fit()` are
    known to be 0 and 1, and unsafe where they are not known. It is not offered where the
    labels hold more than two classes or are one-hot: the output then needs one unit per
    class, not another loss. Of 12 such fixes judged in real code, 3 were wrong: two on labels
    the code shows to hold six or seven classes (no fix now) and one on six classes read from
    folders (unsafe now).
    No fix for the multi-unit case.
    """

    code = "DF403"
    name = "loss-output-mismatch"
    severity = Severity.ERROR
    message = "The loss cannot work with the output layer"
    judges_output = True

    VALID = [
        _MODEL.format(units=1, act="sigmoid", loss="binary_crossentropy"),
        _MODEL.format(units=3, act="softmax", loss="categorical_crossentropy"),
    ]
    INVALID = [
        Invalid(
            _MODEL.format(units=1, act="sigmoid", loss="categorical_crossentropy"),
            _MODEL.format(units=1, act="sigmoid", loss="binary_crossentropy"),
        ),
        Invalid(
            _MODEL.format(units=1, act="sigmoid", loss="sparse_categorical_crossentropy"),
            _MODEL.format(units=1, act="sigmoid", loss="binary_crossentropy"),
        ),
        Invalid(_MODEL.format(units=3, act="softmax", loss="binary_crossentropy")),
        # A width not known (a vocabulary size): wrong on one unit and on three or more.
        Invalid(_MODEL.format(units="vocab_size", act="softmax", loss="binary_crossentropy")),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            stage = model.output_stage
            loss = model.compile.loss if model.compile else None
            if stage is None or loss is None:
                continue
            if loss.axis not in (None, -1) or not stage.activation_layer.activates_last_axis():
                continue  # normalised over another axis (listwise ranking, attention)
            units = stage.units
            if units is None:
                if loss.name == "binary_crossentropy" and stage.activation == "softmax":
                    # Whatever the width: one unit is DF401's constant 1.0, several the below.
                    ctx.report(
                        loss.where,
                        "binary cross-entropy on a softmax output whose width is not known: "
                        "over three units or more, "
                        f"{_COMPETE} (over two it equals categorical cross-entropy, and a "
                        f"one-unit softmax is always 1.0). {_ADVICE}",
                        severity=Severity.INFO,
                        related=[(stage.layer.where, "softmax output")],
                        model=model,
                    )
                continue
            if units == 1 and loss.name in (
                "categorical_crossentropy",
                "categorical_focal_crossentropy",
            ):
                self._one_unit(
                    ctx,
                    model,
                    loss,
                    "Categorical cross-entropy over one unit is always 0",
                    "the prediction normalised over one unit is 1.0, so nothing is learned",
                )
            elif units == 1 and loss.name == "sparse_categorical_crossentropy":
                self._one_unit(
                    ctx,
                    model,
                    loss,
                    "Sparse categorical cross-entropy on one unit knows only class 0",
                    "every label 1 is out of range and the loss is meaningless",
                )
            elif units > 2 and loss.name == "binary_crossentropy" and stage.activation == "softmax":
                # Over two units the two losses are the same number: each unit's yes/no term
                # repeats the other's, so that case says nothing.
                ctx.report(
                    loss.where,
                    f"binary cross-entropy on a {units}-unit softmax output: {_COMPETE}. {_ADVICE}",
                    severity=Severity.INFO,
                    related=[(stage.layer.where, f"{units}-unit softmax output")],
                    model=model,
                )

    def _one_unit(
        self, ctx: RuleContext, model: ModelSpec, loss: LossSpec, claim: str, reason: str
    ) -> None:
        stage = model.output_stage
        assert stage is not None
        fix = None
        defaults = [d for d in [unit_count_default(stage.layer)] if d is not None]
        if loss.default is not None:
            defaults.append(loss.default)
        # The loss alone is this rule's: a one-unit softmax is DF401's to mend, a linear or
        # ReLU output DF404's (each makes it a sigmoid).
        safety = _binary_loss_safety(model)
        if safety is not None and not defaults and isinstance(loss.where.node, cst.SimpleString):
            new = string_like(loss.where.node, "binary_crossentropy")
            fix = ctx.fix("Use binary cross-entropy", safety, (loss.where, new))
        ctx.report(
            loss.where,
            f"{claim}{defaults_note(defaults)}: {reason}",
            severity=Severity.WARNING if defaults else None,
            fix=fix,
            related=[
                (stage.layer.where, "one-unit output layer"),
                *defaults_related(defaults),
            ],
            model=model,
            what_if=WhatIf(
                "loss", "binary_crossentropy", description=f"{loss.name} -> binary_crossentropy"
            ),
        )


def _binary_loss_safety(model: ModelSpec) -> Literal["safe", "unsafe"] | None:
    """How sure binary cross-entropy is what a one-unit output needs: "safe" when fit()'s
    labels are known to be 0 and 1, None when they hold more classes (or are one-hot),
    "unsafe" when they are not known."""
    binary = model.labels_binary()
    if binary is None:
        return "unsafe"
    return "safe" if binary else None
