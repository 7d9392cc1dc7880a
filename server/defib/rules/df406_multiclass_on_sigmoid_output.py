"""DF406 multiclass-on-sigmoid-output."""

from __future__ import annotations

from defib.engine.data_files import Column, FileScale, column_number_touched, column_touched
from defib.engine.diagnostics import Severity, WhatIf
from defib.engine.model import DataSpec, LossSpec, ModelSpec, Stage
from defib.engine.rules import Invalid, Rule, RuleContext
from defib.rules.df302_unscaled_regression_targets import column_of_targets

_MODEL = """import keras
(x, y), _ = keras.datasets.mnist.load_data()
model = keras.Sequential([
    keras.layers.Flatten(),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense({units}, activation="{act}"),
])
model.compile(optimizer="adam", loss="{loss}", metrics=["accuracy"])
model.fit(x / 255.0, y, epochs=5)
"""

_BINARY = ("binary_crossentropy", "binary_focal_crossentropy")
_CATEGORICAL = (
    "categorical_crossentropy",
    "categorical_focal_crossentropy",
    "sparse_categorical_crossentropy",
)


class MulticlassOnSigmoidOutput(Rule):
    """A yes/no (sigmoid) output or loss for labels of exclusive classes.

    ## What it does
    Flags, as an error, binary cross-entropy on a one-unit output when the labels given to
    `fit()` are known class ids above 1 (`load_data()` of mnist, `randint(0, 10, n)`, the
    rows of two classes picked with `(y == 1) | (y == 5)` and left as 1 and 5, ...) or other
    values known to reach 2 or more (`np.arange(1, 11)`, `rand(n) * 5`), or a label column of
    a data file beside the code (`y = df["Dataset"]`, `y = data[:, 7]`) whose values are whole
    numbers reaching 2 (UCI's liver patients are coded 1 and 2), when nothing in the code
    recodes that column or the labels on the way (`y - 1`, `.map({2: 0})`, `y[y == 2] = 0`,
    `data[:, 7] -= 1`); and, as
    info, a sigmoid output of several units trained with categorical or sparse categorical
    cross-entropy, or with binary cross-entropy on one-hot labels (`to_categorical`).

    ## Why is this bad?
    Binary cross-entropy takes targets in [0, 1]. For a label of 2 or more its value has no
    lower bound: it falls without end as the prediction nears 1.0, so training drives the
    output to 1.0 for every input. Measured with `bench/calibrate_rules.py` (ten classes,
    `Dense(1, sigmoid)`, 20 epochs, Adam): the output ended constant on 5 of 5 seeds, with a
    training loss of about -3000. Two classes left as 1 and 5 do the same: measured with
    `bench/calibrate_label_forms.py`, constant on 5 of 5 seeds, loss -8397, held-out accuracy
    0.48, where the same labels mapped to 0 and 1 reached 0.95. The same holds for labels not
    known as class ids but known to reach 2 or more (the literal numbers 1 to 10, a target
    drawn up to 5): measured with `bench/calibrate_bce_labels.py` (a 32-16 ReLU MLP, one
    sigmoid unit, 30 epochs, 3 seeds), ten bins labelled 0-9 or 1-10 and a continuous target
    in [0, 5] left the output at its edge for every input on 9 of 9 runs (prediction spread
    0 to 0.05, against 0.47 for 0/1 labels; loss -570 to -2040). Labels of -1 and 1 make the
    loss unbounded too, but the model still separated them (spread 0.45), so they are left
    alone. A held-out reader's replica of a liver-patient model fitted to the file's codes 1
    and 2 (a 12-unit ReLU layer, one sigmoid unit, Adam, 30 epochs) predicted 1.0 for every
    row while its loss ran to -1e5. On 539 public repositories that commit data files beside
    Keras code that reads tables (3,517 such files), the label-column reading found that one
    model and nothing else. A second held-out reader's Pokémon model took the generation
    (1 to 6, by column number) as its labels; the reader's copy trained on the committed file
    predicted 1.0 for every row. pandas reads a file's first row as its column names even when
    it holds numbers (DataCamp's `dots.csv` names its columns 0, 1 and 2), so that row is not
    read as labels there, while NumPy's readers take it as data.

    A sigmoid output for exclusive classes trains: Keras 3 (and tf.keras 2 once its sigmoid
    kept its logits for the loss) computes the categorical losses from the logits under the
    sigmoid, as if the output were a softmax; older Keras 2 releases normalise the scores to sum
    to 1 before the loss. Measured on Keras 3, ten sigmoid units with sparse categorical
    cross-entropy and four with categorical cross-entropy trained to
    exactly the loss and accuracy of their softmax twins (median accuracy 0.98 and 0.996, no
    constant output). But `predict()` returns independent per-class sigmoids that do not sum
    to 1, not the class probabilities the loss was computed on, so the finding is `info`.
    `categorical_crossentropy` trains only on labels of one column per class: given one column
    of 0/1 labels, Keras 3 raises at `fit()`, so where the labels are not known to be one-hot
    the message says "with one-hot labels it trains". In code only Keras 2 runs, the message
    does not say it trains: a held-out reader's notebook on standalone Keras 2 logged a loss
    of 0.6931 for 30 epochs, and the reader's emulation of Keras 2's normalise-then-log loss
    stalled at ln 2 once the inputs were 10x unit scale, where softmax trained. Where fit()'s
    labels are multi-hot (`MultiLabelBinarizer`: several classes per sample), the sigmoids are
    the right output and the loss is not: the message says to keep them and use
    `binary_crossentropy`, and offers no softmax fix (a held-out reader found the softmax advice
    backwards on a music-genre tagger whose tracks carry several genres).

    One-hot labels on sigmoid units with binary cross-entropy train as one yes/no question
    per class. Measured with `bench/calibrate_label_forms.py` (ten classes, 5 seeds), the
    held-out argmax accuracy was 0.789 against 0.785 for a softmax with categorical
    cross-entropy, but the sigmoid scores of 0.97 of the rows did not sum to 1 and 0.34 of the
    rows had no score above 0.5 (0.13 for the softmax). Keras up to 2.3 reports
    `metrics=["accuracy"]` with binary cross-entropy as binary accuracy (its `training_utils`
    picks it by the loss), which reads 0.8 on five classes for a model that predicts no class
    at all; said only of code that may run on standalone Keras, since TensorFlow 2.2's tf.keras
    and later, and Keras 3, pick the accuracy by the output's shape. It is `info`: the labels
    say the classes exclude each other, and the output does not.

    ## Example
    ```python
    keras.layers.Dense(10, activation="sigmoid")
    model.compile(loss="sparse_categorical_crossentropy")
    ```

    ## Use instead
    ```python
    keras.layers.Dense(10, activation="softmax")
    model.compile(loss="sparse_categorical_crossentropy")
    ```

    ## Fix safety
    Unsafe: the fix makes the output a softmax, which changes what `predict()` returns. No fix
    for multi-hot labels (the loss is what changes there), nor for one output unit: it needs as
    many units as classes and a categorical loss, or, for two classes, the labels mapped to 0
    and 1.
    """

    code = "DF406"
    name = "multiclass-on-sigmoid-output"
    severity = Severity.ERROR
    message = "A yes/no output or loss for labels of exclusive classes"
    judges_output = True

    VALID = [
        _MODEL.format(units=10, act="softmax", loss="sparse_categorical_crossentropy"),
        # Two classes: one sigmoid unit and binary cross-entropy is the right pair.
        "import keras\n(x, y), _ = keras.datasets.imdb.load_data(num_words=1000)\n"
        "model = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])\n"
        "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
        "model.fit(x, y)\n",
        # Two digits picked and mapped to 0 and 1.
        "import numpy as np\nimport keras\n(x, y), _ = keras.datasets.mnist.load_data()\n"
        "keep = np.where((y == 0) | (y == 1))\nx, y = x[keep] / 255.0, y[keep]\n"
        "model = keras.Sequential([keras.layers.Flatten(), "
        "keras.layers.Dense(1, activation='sigmoid')])\n"
        "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
        "model.fit(x, y)\n",
        # Several sigmoid units with binary cross-entropy: independent labels (multi-label).
        "import keras\nmodel = keras.Sequential([keras.layers.Dense(5, activation='sigmoid')])\n"
        "model.compile(optimizer='adam', loss='binary_crossentropy')\n",
        # An autoencoder: its targets are its inputs, not classes.
        "import keras\nfrom sklearn.datasets import load_iris\nx = load_iris().data / 8.0\n"
        "model = keras.Sequential([keras.layers.Dense(32, activation='relu'), "
        "keras.layers.Dense(4, activation='sigmoid')])\n"
        "model.compile(optimizer='adam', loss='categorical_crossentropy')\n"
        "model.fit(x, x)\n",
    ]
    INVALID = [
        Invalid(_MODEL.format(units=1, act="sigmoid", loss="binary_crossentropy")),
        # Numbers from 1 to 10 given to a yes/no loss: the output goes to 1.0 for every input.
        Invalid(
            "import numpy as np\nimport keras\nx = np.arange(1, 11)\ny = np.arange(1, 11)\n"
            "model = keras.Sequential([keras.layers.Dense(10, activation='relu'), "
            "keras.layers.Dense(1, activation='sigmoid')])\n"
            "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
            "model.fit(x, y)\n"
        ),
        # Two digits picked for a yes/no classifier, labels left as 1 and 5.
        Invalid(
            "import numpy as np\nimport keras\n(x, y), _ = keras.datasets.mnist.load_data()\n"
            "keep = np.where((y == 1) | (y == 5))\nx, y = x[keep] / 255.0, y[keep]\n"
            "model = keras.Sequential([keras.layers.Flatten(), "
            "keras.layers.Dense(1, activation='sigmoid')])\n"
            "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
            "model.fit(x, y)\n"
        ),
        Invalid(
            "import keras\n(x, y), _ = keras.datasets.mnist.load_data()\n"
            "y = keras.utils.to_categorical(y, 10)\n"
            "model = keras.Sequential([keras.layers.Flatten(), "
            "keras.layers.Dense(10, activation='sigmoid')])\n"
            "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
            "model.fit(x / 255.0, y)\n"
        ),
        Invalid(
            _MODEL.format(units=10, act="sigmoid", loss="sparse_categorical_crossentropy"),
            _MODEL.format(units=10, act="softmax", loss="sparse_categorical_crossentropy"),
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            stage = model.output_stage
            loss = model.compile.loss if model.compile else None
            if stage is None or loss is None or stage.units is None:
                continue
            if model.input_is_model_input:
                continue  # an autoencoder's targets are its inputs, not classes
            if loss.axis not in (None, -1) or not stage.activation_layer.activates_last_axis():
                continue
            units = stage.units
            if units == 1 and model.fit is not None and model.fit.loss is not None:
                if model.fit.loss.name in _BINARY:
                    self._one_unit(ctx, model)
            elif units > 1 and stage.activation == "sigmoid":
                self._one_hot_on_sigmoids(ctx, model)
            if (
                units > 1
                and stage.activation == "sigmoid"
                and loss.name in _CATEGORICAL
                and loss.from_logits is not True  # sigmoid read as logits: DF404's
            ):
                fitted = model.fitted_labels()
                if fitted is not None and fitted[2].label_format == "multi_hot":
                    self._multi_hot_on_categorical(ctx, model, stage, loss, fitted[2])
                    continue
                replacement = ctx.set_activation(stage.activation_layer, "softmax")
                ctx.report(
                    stage.activation_layer.where,
                    f"A {units}-unit sigmoid output"
                    f"{stage.activation_layer.last_built_here(model)} trained with {loss.name}: "
                    + (
                        "the Keras this code is written for (1 or 2) divides the sigmoid scores by "
                        "their sum before the loss, and once they saturate training can stay "
                        "at the class prior (risk: a held-out replica of a 2-unit output stalled "
                        "at a loss of ln 2 on inputs of 10x unit scale); its outputs are "
                        "independent per-class scores that do not sum to 1 (use softmax for "
                        "exclusive classes)"
                        if ctx.keras2_only()
                        else f"{_trains(model, loss.name)} (Keras 3 and recent tf.keras compute "
                        "the loss from the logits under the sigmoid, as for a softmax; older "
                        "Keras 2 releases normalise the scores to sum to 1), but its outputs are "
                        "independent per-class scores that do not sum to 1 (use softmax for "
                        "exclusive classes)"
                    ),
                    severity=Severity.INFO,
                    fix=ctx.fix("Use a softmax output", "unsafe", replacement)
                    if replacement
                    else None,
                    related=[*stage.activation_layer.activation_written(), (loss.where, loss.name)],
                    model=model,
                    what_if=WhatIf(
                        "activation",
                        "softmax",
                        layer_index=ctx.layer_index(model, stage.activation_layer),
                        description="sigmoid -> softmax output",
                        layer_line=stage.activation_layer.line,
                    ),
                )

    def _one_hot_on_sigmoids(self, ctx: RuleContext, model: ModelSpec) -> None:
        """One-hot labels (one class per sample) on sigmoid units trained as yes/no each."""
        fitted = model.fitted_labels()
        if fitted is None:
            return
        stage, loss, labels = fitted
        if labels.label_format != "one_hot" or loss.name not in _BINARY or loss.from_logits:
            return
        related = [(stage.layer.where, f"{stage.units}-unit sigmoid output")]
        if model.fit is not None and model.fit.y_arg is not None:
            related.append((model.fit.y_arg.where, "the labels given to fit()"))
        ctx.report(
            loss.where,
            f"{labels.describe_labels()[0].upper()}{labels.describe_labels()[1:]}, one class "
            f"per sample, but {loss.name} on {stage.units} sigmoid units scores each "
            "class on its own: it trains, but predict() returns scores that do not sum to 1 "
            "and may put none above 0.5 (use a softmax output and categorical_crossentropy)"
            + (
                ""
                if ctx.tf_keras_defaults()  # TF 2.2's tf.keras on and Keras 3 pick it by shape
                else "; Keras up to 2.3 also reports its 'accuracy' as binary accuracy, "
                f"{_no_class_accuracy(stage.units)} for a model that predicts no class"
            ),
            severity=Severity.INFO,
            related=related,
            model=model,
        )

    def _multi_hot_on_categorical(
        self, ctx: RuleContext, model: ModelSpec, stage: Stage, loss: LossSpec, labels: DataSpec
    ) -> None:
        """Several sigmoid units under a categorical cross-entropy, fitted to multi-hot labels:
        the sigmoids are right for them, the loss is not (a softmax would make it worse)."""
        ctx.report(
            stage.activation_layer.where,
            f"A {stage.units}-unit sigmoid output"
            f"{stage.activation_layer.last_built_here(model)} trained with {loss.name}: "
            f"{labels.describe_labels()}, but categorical cross-entropy takes each row as one "
            "distribution over the classes: it shares the scores among a row's classes rather "
            "than judging each class on its own (for several labels per sample, keep the "
            "sigmoid and use binary_crossentropy)",
            severity=Severity.INFO,
            related=[*stage.activation_layer.activation_written(), (loss.where, loss.name)],
            model=model,
        )

    def _one_unit(self, ctx: RuleContext, model: ModelSpec) -> None:
        fit = model.fit
        labels = fit.y if fit is not None else None
        if labels is None or labels.pipeline:
            return
        if labels.label_format == "class_ids":
            largest = labels.largest_class_id
            if largest is None or largest < 2:
                return
            described = labels.describe_labels()
            described, takes, measured = described[0].upper() + described[1:], "0/1 targets", ""
            remedy = (
                "map the two classes to 0 and 1"
                if labels.classes == 2
                else f"use Dense({largest + 1}, activation='softmax') and "
                "sparse_categorical_crossentropy"
            )
        elif (coded := _codes_read_from_file(ctx, labels)) is not None:
            # A label column of a data file beside the code, coded 1 and 2 (as UCI's liver
            # patients are): the same as two classes left as 1 and 5.
            scale, column, codes = coded
            shown = ", ".join(f"{c:g}" for c in codes[:-1]) + f" and {codes[-1]:g}"
            place = column.shown.replace("its ", "the ", 1)  # "the 8th column" of a file
            described = f"The labels read from {place} of {scale.name} are {shown}"
            takes, measured = "0/1 targets", ""
            remedy = (
                "map the two classes to 0 and 1"
                if len(codes) == 2
                else f"use Dense({len(codes)}, activation='softmax') and "
                "sparse_categorical_crossentropy on the classes numbered from 0"
            )
        else:
            # Labels not known as class ids whose values are (the literal numbers 1 to 10, a
            # continuous target drawn up to 5): no minimum for any of 2 and more either.
            bounds = labels.value_range or labels.span
            if bounds is None or labels.scaled or bounds[1] < 2:
                return
            described = f"The labels reach {bounds[1]:g} (from {bounds[0]:g})"
            takes, measured = "targets in [0, 1]", ", as on 9 of 9 runs in calibration"
            remedy = "scale the labels into [0, 1], or use a regression loss on a linear output"
        assert fit is not None and fit.loss is not None
        stage = model.output_stage
        assert stage is not None
        loss = fit.loss  # the loss compiled when fit() ran
        related = [(stage.layer.where, "one-unit output layer")]
        if fit.y_arg is not None:
            related.append((fit.y_arg.where, "the labels given to fit()"))
        ctx.report(
            loss.where,
            f"{described}, but {loss.name} on one output unit takes {takes}: for labels of 2 "
            f"and more it has no minimum and drives the output to 1.0 for every input{measured} "
            f"({remedy})",
            related=related,
            model=model,
        )


def _codes_read_from_file(
    ctx: RuleContext, labels: DataSpec
) -> tuple[FileScale, Column, tuple[float, ...]] | None:
    """The class codes of the label column the code names (`y = df["Dataset"]`) or numbers
    (`y = data[:, 7]`) in a data file beside it, when they are whole numbers that reach 2 (1
    and 2, say) and nothing else in the code touches that column (a `.map({2: 0})`, a `== 1`,
    a `data[:, 7] -= 1` would recode it)."""
    if labels.recoded:
        return None
    found = column_of_targets(ctx, labels, by_number=True)
    if found is None:
        return None
    scale, column = found
    codes = column.distinct
    if codes is None or len(codes) < 2 or codes[-1] < 2 or codes[0] < 0:
        return None
    if not all(code == int(code) for code in codes):
        return None
    if column.name and column_touched(ctx.statements, column.name):
        return None
    if column_number_touched(ctx.statements, column.number, scale.width):
        return None
    return scale, column, codes


def _no_class_accuracy(units: int | None) -> str:
    """What binary accuracy reads for a model that scores every class below 0.5: (k - 1) / k."""
    return f"{(units - 1) / units:.2f}" if units else "high"


def _trains(model: ModelSpec, loss: str) -> str:
    """Whether the categorical loss trains, as far as fit()'s labels are known: a sparse loss
    takes class ids, categorical_crossentropy only labels of one column per class (given one
    column of 0/1, Keras raises at fit())."""
    if loss.startswith("sparse_"):
        return "it trains"
    fitted = model.fitted_labels()
    if fitted is not None and fitted[2].label_format == "one_hot":
        return "it trains"
    return "with one-hot labels it trains"
