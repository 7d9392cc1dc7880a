"""DF405 labels-loss-mismatch."""

from __future__ import annotations

import libcst as cst

from defib.engine.diagnostics import Fix, Severity, WhatIf
from defib.engine.fixes import string_like
from defib.engine.model import ModelSpec
from defib.engine.rules import Invalid, Rule, RuleContext

_MODEL = """import keras
(x, y), _ = keras.datasets.mnist.load_data()
{convert}model = keras.Sequential([
    keras.layers.Flatten(),
    keras.layers.Dense(10, activation="{act}"),
])
model.compile(optimizer="adam", loss="{loss}")
model.fit(x / 255.0, y, epochs=5)
"""
_ONE_HOT = "y = keras.utils.to_categorical(y, 10)\n"
_MULTI_HOT = """import keras
import numpy as np
from sklearn.preprocessing import MultiLabelBinarizer
x = np.load("features.npy")
y = MultiLabelBinarizer().fit_transform(tags)  # several 1s per row
model = keras.Sequential([
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(y.shape[1], activation="{act}"),
])
model.compile(optimizer="adam", loss="{loss}")
model.fit(x, y, epochs=5)
"""

_CATEGORICAL = ("categorical_crossentropy", "categorical_focal_crossentropy")
_BINARY = ("binary_crossentropy", "binary_focal_crossentropy")


class LabelsLossMismatch(Rule):
    """Labels in the form the loss does not take: class ids for a one-hot loss, or the reverse.

    ## What it does
    Follows the labels given to `fit()` back to where they were made (`load_data()`,
    `to_categorical`, `np.random.randint`, `LabelEncoder`, `pd.get_dummies`, literals, and the
    labels a pipeline carries: `flow_from_directory`'s `class_mode`, which is one-hot by
    default, `image_dataset_from_directory`'s `label_mode`, integer by default, or
    `from_tensor_slices((x, y))`) and flags:
    - integer class ids (one per sample) with categorical cross-entropy, which takes one-hot
      rows;
    - integer class ids with binary cross-entropy on several output units, which takes one 0/1
      column per unit;
    - one-hot labels with sparse categorical cross-entropy, which takes one class id per sample;
    - multi-hot labels (`MultiLabelBinarizer`: any number of classes per sample) with
      categorical cross-entropy on a softmax output, as a warning.

    A one-unit output is DF403's, except that class ids with categorical cross-entropy are
    reported when the output's width is not known: they fail on any width. Where the labels'
    form is not known (read from a file, built by a function Defib cannot read, changed by
    arithmetic or a `.map()` Defib cannot follow, made in a branch whose condition is not
    known), nothing is said. The loss read is the one compiled when `fit()` ran.

    ## Why is this bad?
    The labels and the predictions do not have the same shape. Keras 3 refuses them at the
    first batch of `fit()` with a `ValueError` ("Arguments `target` and `output` must have the
    same shape"): measured with `bench/calibrate_rules.py`, each of the three forms raised on
    5 of 5 seeds. The model never trains, so this is not a constant output but a certain
    failure, reported where it is written instead of after the data has loaded.

    Multi-hot labels on a softmax train, but a softmax shares 1.0 among the classes, so no two
    classes can both score above 0.5: a sample with several labels is never predicted as such.
    Measured with `bench/calibrate_label_forms.py` (ten classes, 1 to 3 per sample, 5 seeds):
    held-out F1 at 0.5 was 0.41 against 0.72 for sigmoid units with binary cross-entropy,
    exact matches 0.15 against 0.29, and ranked by score the softmax found 0.53 of each
    sample's classes among its top scores against 0.84; no row ever had two scores above 0.5.
    It trains, to a measurably worse model, so this case is a warning rather than an error.

    ## Example
    ```python
    (x, y), _ = keras.datasets.mnist.load_data()  # y: class ids 0-9
    model.compile(loss="categorical_crossentropy")
    ```

    ## Use instead
    ```python
    (x, y), _ = keras.datasets.mnist.load_data()
    model.compile(loss="sparse_categorical_crossentropy")  # or y = to_categorical(y, 10)
    ```

    ## Fix safety
    Unsafe: the fix switches to the loss that takes the labels as they are (sparse categorical
    cross-entropy for class ids, categorical for one-hot); converting the labels instead is
    as good. No fix for binary cross-entropy, where the output layer may be what is wrong.
    """

    code = "DF405"
    name = "labels-loss-mismatch"
    severity = Severity.ERROR
    message = "The labels are not in the form the loss takes"
    judges_output = True

    VALID = [
        _MULTI_HOT.format(act="sigmoid", loss="binary_crossentropy"),
        _MODEL.format(convert="", act="softmax", loss="sparse_categorical_crossentropy"),
        _MODEL.format(convert=_ONE_HOT, act="softmax", loss="categorical_crossentropy"),
        # Labels read from a file: their form is not known.
        "import keras\nimport pandas as pd\ndf = pd.read_csv('train.csv')\n"
        "model = keras.Sequential([keras.layers.Dense(3, activation='softmax')])\n"
        "model.compile(optimizer='adam', loss='categorical_crossentropy')\n"
        "model.fit(df.drop('label', axis=1).values / 255.0, df['label'].values)\n",
    ]
    INVALID = [
        Invalid(_MULTI_HOT.format(act="softmax", loss="categorical_crossentropy")),
        Invalid(
            _MODEL.format(convert="", act="softmax", loss="categorical_crossentropy"),
            _MODEL.format(convert="", act="softmax", loss="sparse_categorical_crossentropy"),
        ),
        Invalid(
            _MODEL.format(convert=_ONE_HOT, act="softmax", loss="sparse_categorical_crossentropy"),
            _MODEL.format(convert=_ONE_HOT, act="softmax", loss="categorical_crossentropy"),
        ),
        Invalid(_MODEL.format(convert="", act="sigmoid", loss="binary_crossentropy")),
        Invalid(
            "import numpy as np\nimport keras\n"
            "x = np.random.random((1000, 20))\n"
            "y = np.random.randint(0, 5, size=(1000, 1))\n"
            "model = keras.Sequential([keras.layers.Dense(5, activation='softmax')])\n"
            "model.compile(optimizer='adam', loss='categorical_crossentropy')\n"
            "model.fit(x, y)\n",
            "import numpy as np\nimport keras\n"
            "x = np.random.random((1000, 20))\n"
            "y = np.random.randint(0, 5, size=(1000, 1))\n"
            "model = keras.Sequential([keras.layers.Dense(5, activation='softmax')])\n"
            "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
            "model.fit(x, y)\n",
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
                continue  # one unit: DF403's
            one_hot_sparse = (
                labels.label_format == "one_hot" and loss.name == "sparse_categorical_crossentropy"
            )
            ids_categorical = labels.label_format == "class_ids" and loss.name in _CATEGORICAL
            several_on_softmax = (
                labels.label_format == "multi_hot"
                and loss.name in _CATEGORICAL
                and stage.activation == "softmax"
            )
            if units is None and not (one_hot_sparse or ids_categorical or several_on_softmax):
                continue  # those fail whatever the output's width
            if loss.axis not in (None, -1) or not stage.activation_layer.activates_last_axis():
                continue
            if several_on_softmax:
                self._report(
                    ctx,
                    model,
                    None,
                    f"{labels.describe_labels()}, but {loss.name} on a softmax output takes "
                    "one class per sample: the softmax shares 1.0 among the classes, so no two "
                    "can both score above 0.5 (for several labels per sample, use a sigmoid "
                    "output and binary_crossentropy)",
                    severity=Severity.WARNING,
                )
            elif ids_categorical and units is None:
                # One unit would take them, but its categorical cross-entropy is always 0.
                self._report(
                    ctx,
                    model,
                    "sparse_categorical_crossentropy",
                    f"{labels.describe_labels()}, but {loss.name} takes one-hot rows: on "
                    "several output units Keras stops at the first batch with a shape error, "
                    "on one the loss is always 0 (use sparse_categorical_crossentropy, or "
                    "one-hot labels)",
                )
            elif ids_categorical:
                self._report(
                    ctx,
                    model,
                    "sparse_categorical_crossentropy",
                    f"{labels.describe_labels()}, but {loss.name} takes one-hot rows of "
                    f"{units} columns: Keras stops at the first batch with a shape error "
                    "(use sparse_categorical_crossentropy, or to_categorical the labels)",
                )
            elif labels.label_format == "class_ids" and loss.name in _BINARY:
                self._report(
                    ctx,
                    model,
                    None,
                    f"{labels.describe_labels()}, but {loss.name} on {units} output units "
                    f"takes {units} 0/1 columns: Keras stops at the first batch with a shape "
                    "error (for one class per sample, use a softmax output and "
                    "sparse_categorical_crossentropy)",
                )
            elif one_hot_sparse:
                self._report(
                    ctx,
                    model,
                    "categorical_crossentropy",
                    f"{labels.describe_labels()}, but sparse_categorical_crossentropy takes "
                    "one class id per sample: Keras stops at the first batch with a shape "
                    "error (use categorical_crossentropy, or pass the class ids)",
                )

    def _report(
        self,
        ctx: RuleContext,
        model: ModelSpec,
        better: str | None,
        message: str,
        severity: Severity | None = None,
    ) -> None:
        assert model.fit is not None and model.fit.y is not None
        assert model.fit.loss is not None
        loss = model.fit.loss
        fix: Fix | None = None
        if better is not None and isinstance(loss.where.node, cst.SimpleString):
            fix = ctx.fix(
                f"Use {better}", "unsafe", (loss.where, string_like(loss.where.node, better))
            )
        related = []
        if model.fit.y_arg is not None:
            related.append((model.fit.y_arg.where, "the labels given to fit()"))
        if model.fit.y.origin is not None:
            related.append((model.fit.y.origin, "where the labels are made"))
        ctx.report(
            loss.where,
            message[0].upper() + message[1:],
            severity=severity,
            fix=fix,
            related=related,
            model=model,
            what_if=WhatIf("loss", better, description=f"{loss.name} -> {better}")
            if better is not None
            else None,
        )
