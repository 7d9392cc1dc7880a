"""DF501 regression-loss-on-classifier."""

from __future__ import annotations

import libcst as cst

from defib.engine import keras_names as kn
from defib.engine.diagnostics import Severity, WhatIf
from defib.engine.fixes import string_like
from defib.engine.model import FitSpec, ModelSpec, Stage
from defib.engine.rules import Invalid, Rule, RuleContext

_MODEL = """import keras
model = keras.Sequential([
    keras.layers.Dense(16, activation="relu", input_shape=(4,)),
    keras.layers.Dense({units}, activation="{act}"),
])
model.compile(optimizer="adam", loss="{loss}", metrics=["accuracy"])
"""


# Up to this many classes, a softmax under a regression loss trained as under cross-entropy in
# every replica and calibration run (a hint); over many classes it can stall (an info).
_FEW_CLASSES = 10


class RegressionLossOnClassifier(Rule):
    """Mean squared or absolute error on a classifier.

    ## What it does
    Flags a regression loss (mse, mae, ...) on a model whose output is a softmax over several
    classes, or a sigmoid when the model reports accuracy. An autoencoder that reconstructs
    its input (`fit(x, x)`) is not a classifier and is not flagged, nor is an output fitted
    to targets known to be continuous (random reals, a regression dataset). Where the
    sigmoid's targets are not known (columns read from a file), accuracy is the only sign of a
    classifier, and the message says the risk holds if the targets are 0/1 classes: a
    held-out reader found two sigmoid units regressing wheel speeds in [-0.2, 1] under
    `metrics=["accuracy"]`. Where a softmax's targets are not known, the message gives both
    readings: classes want cross-entropy, and values (another reader found a Space Invaders
    Q-network, rewards 5 to 30, fitted with a softmax head) want a linear output, since a
    softmax's outputs lie in (0, 1) and sum to 1. Where the targets are the model's own
    `predict()` output with entries written over (Q-learning's `target = model.predict(state);
    target[0][action] = reward + ...`), they are such values: a warning, whose fix is a linear
    output, not a loss.

    ## Why is this bad?
    Squared error on a saturating output has gradients that vanish exactly when the prediction
    is confidently wrong (the sigmoid's slope is near zero there), so training is slower and can
    stall on predicting the class frequencies for every input. It is a risk, not a certainty:
    measured with `bench/calibrate_rules.py` (20 epochs, 5 seeds, Adam, an easy synthetic task),
    mse on a sigmoid and on a 4-class softmax gave a constant output in 0 of 5 runs each, so
    the finding is `info` on a softmax. On a sigmoid it is a hint (the editor shows it faintly,
    out of the Problems list): held-out readers' replicas of such classifiers (XOR nets, sonar
    tables, 0/1 tables, 2026-12-07) trained as well as under binary cross-entropy, and ten of
    22 such infos had been judged wrong; the hint points to the classifier's loss and says the
    squared error usually trains, more slowly. So is a softmax over 10 classes or fewer whose
    labels are known classes: a held-out reader's replicas under mse (iris, wine and digits,
    6 seeds each, round 46a) matched or beat categorical cross-entropy. A softmax over more
    classes keeps the info: a reader's replica of a 46-way Reuters softmax under mse predicted
    one class.

    ## Example
    ```python
    keras.layers.Dense(10, activation="softmax")
    model.compile(loss="mse", metrics=["accuracy"])
    ```

    ## Use instead
    ```python
    keras.layers.Dense(10, activation="softmax")
    model.compile(loss="categorical_crossentropy", metrics=["accuracy"])
    ```

    ## Fix safety
    Unsafe: categorical cross-entropy needs one-hot labels (sparse categorical cross-entropy
    takes class indices); which one matches the data is the user's call. For a Q-network the
    fix makes the output linear, which changes what `predict()` returns (values, not
    probabilities), as it should.
    """

    code = "DF501"
    name = "regression-loss-on-classifier"
    severity = Severity.INFO
    message = "Regression loss on a classifier"
    judges_output = True

    VALID = [
        _MODEL.format(units=3, act="softmax", loss="categorical_crossentropy"),
        _MODEL.format(units=1, act="linear", loss="mse"),
        # A convolutional autoencoder fed images whose targets are themselves.
        "import keras\nfrom keras.preprocessing.image import ImageDataGenerator\n"
        "images = ImageDataGenerator(rescale=1 / 255).flow_from_directory("
        "'train', class_mode='input')\n"
        "model = keras.Sequential([keras.layers.Conv2D(16, 3, activation='relu', padding='same'), "
        "keras.layers.Conv2D(3, 3, activation='sigmoid', padding='same')])\n"
        "model.compile(optimizer='adam', loss='mse', metrics=['accuracy'])\n"
        "model.fit(images, epochs=5)\n",
    ]
    INVALID = [
        Invalid(
            _MODEL.format(units=3, act="softmax", loss="mse"),
            _MODEL.format(units=3, act="softmax", loss="categorical_crossentropy"),
        ),
        Invalid(
            _MODEL.format(units=1, act="sigmoid", loss="mean_squared_error"),
            _MODEL.format(units=1, act="sigmoid", loss="binary_crossentropy"),
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            stage = model.output_stage
            compile_spec = model.compile
            loss = compile_spec.loss if compile_spec else None
            if (
                stage is None
                or compile_spec is None
                or loss is None
                or loss.name not in kn.REGRESSION_LOSSES
            ):
                continue
            if model.input_is_model_input:
                continue
            reports_accuracy = any("acc" in m for m in compile_spec.metrics)
            labels = model.fit.y if model.fit is not None else None
            form = labels.label_format if labels is not None and not labels.pipeline else None
            # A sigmoid that reports accuracy reads as a classifier, but only labels known to be
            # classes say so: a bounded regression (wheel speeds in [-0.2, 1]) keeps its loss.
            surmised = False
            if form == "continuous":
                continue  # a regression, whatever the output: the loss fits it
            bootstrapped = next(
                (
                    fit
                    for fit in (model.fit, model.last_fit)
                    if fit is not None and fit.bootstrapped
                ),
                None,
            )
            if stage.activation == "softmax" and (stage.units or 0) > 1 and bootstrapped:
                self._fitted_to_its_own_predictions(ctx, model, stage, loss.name, bootstrapped)
                continue
            if stage.activation == "softmax" and (stage.units or 0) > 1:
                better = "categorical_crossentropy"
            elif stage.activation == "sigmoid" and reports_accuracy:
                better = "binary_crossentropy"
                surmised = form in (None, "unknown")
            else:
                continue
            fix = None
            if isinstance(loss.where.node, cst.SimpleString):
                fix = ctx.fix(
                    f"Use {better}", "unsafe", (loss.where, string_like(loss.where.node, better))
                )
            severity = None
            if better == "binary_crossentropy":
                # Measured: an easy task trained on 5 of 5 runs, and held-out readers' replicas
                # (XOR, sonar, 0/1 tables) trained as well as under binary cross-entropy. A
                # pointer to the classifier's loss, not a risk of collapse.
                severity = Severity.HINT
                slower = (
                    "it usually trains, but more slowly, since its gradient vanishes where "
                    "the prediction is confidently wrong"
                )
                text = (
                    f"{loss.name} on a sigmoid output that reports accuracy, as a classifier "
                    f"does: if the targets are 0/1 classes, {slower} ({better} is the loss for "
                    f"them); a regression onto a bounded range keeps {loss.name}"
                    if surmised
                    else f"{loss.name} on a sigmoid classifier: {slower} ({better} is the loss "
                    "for 0/1 classes)"
                )
            elif better == "categorical_crossentropy" and form in (None, "unknown"):
                # Targets of unknown form: a classifier, or values a softmax cannot reach (a
                # Q-network's returns, which a held-out reader found fitted to one).
                text = (
                    f"{loss.name} on a softmax output: if the targets are classes, its gradient "
                    "vanishes when the prediction is confidently wrong, a risk of training "
                    f"stalling on the class frequencies (use {better}); if they are values (a "
                    "regression, a Q-network's returns), a softmax cannot fit them, since its "
                    "outputs lie in (0, 1) and sum to 1 (use a linear output)"
                )
            elif (stage.units or 0) <= _FEW_CLASSES:
                # Held-out replicas over 3 and 10 classes (iris, wine, digits; 6 seeds each)
                # trained as well as under cross-entropy, as a 4-class calibration run did on
                # 5 of 5; a 46-way softmax predicted one class.
                severity = Severity.HINT
                text = (
                    f"{loss.name} on a softmax classifier over {stage.units} classes: it "
                    "usually trains, but more slowly, since its gradient vanishes where the "
                    f"prediction is confidently wrong ({better} is the loss for classes)"
                )
            else:
                text = (
                    f"{loss.name} on a {stage.activation} classifier: its gradient vanishes when "
                    "the prediction is confidently wrong, a risk of training stalling on the "
                    f"class frequencies (use {better})"
                )
            ctx.report(
                loss.where,
                text,
                severity=severity,
                fix=fix,
                related=[(stage.activation_layer.where, f"{stage.activation} output layer")],
                model=model,
                what_if=WhatIf("loss", better, description=f"{loss.name} -> {better}"),
            )

    def _fitted_to_its_own_predictions(
        self, ctx: RuleContext, model: ModelSpec, stage: Stage, loss: str, fit: FitSpec
    ) -> None:
        """A softmax fitted to its own predictions with entries written over: Q-learning's
        targets, returns a softmax cannot hold; a linear output is the fix, not a loss."""
        replacement = ctx.set_activation(stage.activation_layer, "linear")
        ctx.report(
            stage.activation_layer.where,
            f"Softmax output fitted with {loss} to the model's own predictions with entries "
            "written over (Q-learning's targets): those are values (returns), which a softmax "
            "cannot fit, since its outputs lie in (0, 1) and sum to 1. Use a linear output",
            severity=Severity.WARNING,
            fix=ctx.fix("Use a linear output", "unsafe", replacement) if replacement else None,
            related=[(fit.where, "fit() on targets made by this model's predict()")],
            model=model,
        )
