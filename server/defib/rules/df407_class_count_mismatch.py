"""DF407 class-count-mismatch."""

from __future__ import annotations

from defib.engine import keras_names as kn
from defib.engine.diagnostics import Severity
from defib.engine.model import DataSpec, Located, LossSpec, ModelSpec, Stage
from defib.engine.rules import Invalid, Rule, RuleContext

_MODEL = """import keras
{num}(x, y), _ = keras.datasets.cifar10.load_data()
{convert}model = keras.Sequential([
    keras.layers.Flatten(),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense({units}, activation="softmax"),
])
model.compile(optimizer="adam", loss="{loss}")
model.fit(x / 255.0, y, epochs=5)
"""

_TOKENIZED = """import numpy as np
import keras
from keras.preprocessing.text import Tokenizer
topics = Tokenizer()
topics.fit_on_texts(label_words)
y = np.array(topics.texts_to_sequences(label_words)){shift}
model = keras.Sequential([
    keras.layers.Embedding(1000, 16),
    keras.layers.GlobalAveragePooling1D(),
    keras.layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=10)
"""

_CATEGORICAL = ("categorical_crossentropy", "categorical_focal_crossentropy")


class ClassCountMismatch(Rule):
    """Fewer output units than the labels have classes, or a one-hot width the output lacks.

    ## What it does
    When the number of classes is known from the labels given to `fit()` (`load_data()` of a
    Keras data set, `to_categorical(y, 10)`, `np.random.randint(0, k, n)`, a literal array),
    flags an output trained with categorical cross-entropy whose units differ from the one-hot
    width, and an output trained with sparse categorical cross-entropy with fewer units than the
    largest class id needs; and one output unit trained with a regression loss
    against one-hot labels of two or more classes. As info, it flags one linear unit trained with a regression loss
    (mse, mae, ...) on class ids above 1 when the model reports accuracy: a classifier written
    as a regression.

    ## Why is this bad?
    With sparse categorical cross-entropy, a class id at or above the number of units has no
    output to score it: TensorFlow stops at the first such batch on the CPU
    (`InvalidArgumentError: Received a label value of 9 which is outside the valid range`),
    and on a GPU gives that sample a NaN loss. With categorical cross-entropy the label rows
    and the predictions differ in width and Keras stops with a shape error. Measured with
    `bench/calibrate_rules.py`: ten classes on six softmax units, and four one-hot classes on
    three, raised on 5 of 5 seeds each. More units than classes is not flagged: measured, two
    classes on ten softmax units trained as well as on two (median accuracy 1.0 both, final
    loss 0.041 against 0.022).

    One unit against one-hot labels is broadcast over the label columns by tf.keras 2 and
    Keras 3 (Keras up to 2.3 checks the shapes and stops): each row's loss is then lowest at
    the mean of its columns, 1/k under mse, whatever the input, and the argmax of one column is
    always class 0. Measured with `bench/calibrate_one_hot_on_one_unit.py` (three Gaussian
    classes, a 32-unit ReLU layer and one linear unit under mse, Adam, 2 seeds): the mean
    prediction was 0.326-0.331 and its spread across samples fell from 0.05-0.08 after 20
    epochs to 0.02-0.04 after 60 (three softmax units: 0.47), and the argmax picked one class
    on every run. A held-out reader's replica of a transformer on stock data
    (one-hot over 3 classes into `Dense(1)`) ran without error with a mean prediction of 0.330
    and class 0 for every sample.

    One linear unit regressing ten class ids with mse trains, but to numbers between the
    classes: measured, its rounded prediction was the right class for a median of 0.19 of the
    samples (0 of 5 seeds constant), where ten softmax units reached 0.98. A regression on
    ordered class ids can be meant, so that case is `info`.

    Labels made by a Keras `Tokenizer` (`texts_to_sequences` of one label word per sample) are
    word indices, which start at 1: k label words are class ids 1 to k, and a softmax of k
    units trained with sparse categorical cross-entropy has no unit for class k. How many label
    words there are is read from the data, not the code, so this case is `info`. Measured with
    `bench/calibrate_tokenizer_labels.py` (five label words): Dense(5) raised on 5 of 5 seeds,
    Dense(6) trained on 5 of 5.

    ## Example
    ```python
    (x, y), _ = keras.datasets.cifar10.load_data()  # ten classes
    keras.layers.Dense(6, activation="softmax")
    ```

    ## Use instead
    ```python
    (x, y), _ = keras.datasets.cifar10.load_data()
    keras.layers.Dense(10, activation="softmax")
    ```

    ## Fix safety
    No fix: whether the output or the labels are wrong is the user's call.
    """

    code = "DF407"
    name = "class-count-mismatch"
    severity = Severity.ERROR
    message = "The output layer does not have one unit per class of the labels"
    judges_output = True

    VALID = [
        _MODEL.format(num="", convert="", units=10, loss="sparse_categorical_crossentropy"),
        _MODEL.format(
            num="num_classes = 10\n",
            convert="y = keras.utils.to_categorical(y, num_classes)\n",
            units="num_classes",
            loss="categorical_crossentropy",
        ),
        # One unit on class ids without accuracy: maybe a regression on ordered classes.
        "import keras\n(x, y), _ = keras.datasets.mnist.load_data()\n"
        "model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(1)])\n"
        "model.compile(optimizer='adam', loss='mse')\n"
        "model.fit(x / 255.0, y)\n",
        # More units than classes: wasteful, not broken.
        _MODEL.format(num="", convert="", units=12, loss="sparse_categorical_crossentropy"),
        # Tokenizer word indices moved to start at 0.
        _TOKENIZED.format(shift=" - 1"),
    ]
    INVALID = [
        Invalid(_MODEL.format(num="", convert="", units=6, loss="sparse_categorical_crossentropy")),
        Invalid(
            "import keras\n(x, y), _ = keras.datasets.mnist.load_data()\n"
            "model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(1)])\n"
            "model.compile(optimizer='adam', loss='mse', metrics=['accuracy'])\n"
            "model.fit(x / 255.0, y)\n"
        ),
        Invalid(
            _MODEL.format(
                num="",
                convert="y = keras.utils.to_categorical(y, 10)\n",
                units=100,
                loss="categorical_crossentropy",
            )
        ),
        Invalid(_TOKENIZED.format(shift="")),
        # One-hot rows against one unit: broadcast, the loss is lowest at 1/10 for every input.
        Invalid(
            "import keras\n(x, y), _ = keras.datasets.mnist.load_data()\n"
            "y = keras.utils.to_categorical(y, 10)\n"
            "model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(1)])\n"
            "model.compile(optimizer='adam', loss='mse')\n"
            "model.fit(x / 255.0, y)\n"
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            fitted = model.fitted_labels()
            if fitted is None:
                continue
            stage, loss, labels = fitted
            units = stage.units
            if units == 1:
                self._one_unit(ctx, model)
                continue  # one unit with a categorical loss: DF401, DF403, DF406
            if units is None:
                continue
            if loss.axis not in (None, -1) or not stage.activation_layer.activates_last_axis():
                continue
            described = labels.describe_labels()
            if (
                loss.name == "sparse_categorical_crossentropy"
                and labels.label_format == "class_ids"
            ):
                largest = labels.largest_class_id
                if largest is None and labels.one_based:
                    self._one_based(ctx, model, stage, loss, labels, units)
                    continue
                if largest is None or largest < units:
                    continue
                message = (
                    f"{described}, but the output{stage.layer.last_built_here(model)} has {units} "
                    f"units: class ids {units} to {largest} are out of range, so TensorFlow stops "
                    "at the first batch that holds one (on a GPU their loss is NaN); the output "
                    f"needs {largest + 1} units"
                )
            elif loss.name in _CATEGORICAL and labels.label_format == "one_hot":
                if labels.classes is None or labels.classes == units:
                    continue
                message = (
                    f"{described}, but the output{stage.layer.last_built_here(model)} has {units} "
                    "units: Keras stops at the first batch with a shape error; the output needs "
                    f"{labels.classes} units"
                )
            else:
                continue
            ctx.report(
                stage.layer.where,
                message[0].upper() + message[1:],
                related=_related(model, loss, labels),
                model=model,
            )

    def _one_based(
        self,
        ctx: RuleContext,
        model: ModelSpec,
        stage: Stage,
        loss: LossSpec,
        labels: DataSpec,
        units: int,
    ) -> None:
        """Class ids from a Tokenizer, which start at 1, on a sparse loss (info): how many
        label words there are is not written, so this is a risk, not a certainty."""
        related = [(loss.where, loss.name)]
        if labels.origin is not None:
            related.append((labels.origin, "where the labels are made"))
        ctx.report(
            stage.layer.where,
            "The labels are a Tokenizer's word indices, which start at 1 (0 is kept for "
            f"padding): with {loss.name} the {units} output units score class ids 0 to "
            f"{units - 1}, so if there are {units} label words the last one is out of range "
            "and TensorFlow stops at the first batch that holds it; subtract 1 from the "
            f"labels, or give the output one unit more than there are label words",
            severity=Severity.INFO,
            related=related,
            model=model,
        )

    def _one_unit(self, ctx: RuleContext, model: ModelSpec) -> None:
        """One unit under a regression loss: against one-hot labels (broadcast, an error), or
        regressing class ids the model reports accuracy on (info)."""
        stage = model.output_stage
        fit = model.fit
        if stage is None or fit is None or fit.y is None or fit.loss is None:
            return
        labels = fit.y
        if (
            not labels.pipeline
            and labels.label_format == "one_hot"
            and labels.classes is not None
            and labels.classes >= 2
            and fit.loss.name in kn.REGRESSION_LOSSES
        ):
            self._one_unit_on_one_hot(ctx, model, stage, fit.loss, labels, labels.classes)
            return
        largest = labels.largest_class_id
        if labels.pipeline or labels.label_format != "class_ids" or largest is None:
            return
        reports_accuracy = model.compile is not None and any(
            "acc" in metric for metric in model.compile.metrics
        )
        if (
            largest < 2
            or fit.loss.name not in kn.REGRESSION_LOSSES
            or stage.activation not in ("linear", "relu")
            or not reports_accuracy
        ):
            return
        related = [(fit.loss.where, fit.loss.name)]
        if fit.y_arg is not None:
            related.append((fit.y_arg.where, "the labels given to fit()"))
        described = labels.describe_labels()
        ctx.report(
            stage.layer.where,
            f"{described[0].upper()}{described[1:]}, but the output is one unit trained with "
            f"{fit.loss.name}: the class ids are fitted as numbers, so predictions drift to the "
            f"average class (use Dense({largest + 1}, activation='softmax') and "
            "sparse_categorical_crossentropy)",
            severity=Severity.INFO,
            related=related,
            model=model,
        )

    def _one_unit_on_one_hot(
        self,
        ctx: RuleContext,
        model: ModelSpec,
        stage: Stage,
        loss: LossSpec,
        labels: DataSpec,
        classes: int,
    ) -> None:
        """One unit against one-hot rows: Keras broadcasts it over the label columns, and each
        row's loss is lowest at the same value whatever the input."""
        described = labels.describe_labels()
        lowest = f"1/{classes}" if loss.name == "mse" else "one value"
        ctx.report(
            stage.layer.where,
            f"{described[0].upper()}{described[1:]}, but the output"
            f"{stage.layer.last_built_here(model)} is one unit trained with {loss.name}: tf.keras "
            f"2 and Keras 3 compare the unit with each of the {classes} label columns, and every "
            f"row's loss is lowest at {lowest} whatever the input, so training drives the output "
            "towards a constant and its argmax is always class 0 (Keras up to 2.3 stops with a "
            f"shape error); use Dense({classes}, activation='softmax') and "
            "categorical_crossentropy",
            related=_related(model, loss, labels),
            model=model,
        )


def _related(model: ModelSpec, loss: LossSpec, labels: DataSpec) -> list[tuple[Located, str]]:
    """The loss, fit()'s labels argument and where the labels are made, as notes."""
    related = [(loss.where, loss.name)]
    if model.fit is not None and model.fit.y_arg is not None:
        related.append((model.fit.y_arg.where, "the labels given to fit()"))
    if labels.origin is not None:
        related.append((labels.origin, "where the labels are made"))
    return related
