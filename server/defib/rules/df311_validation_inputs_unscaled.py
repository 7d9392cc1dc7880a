"""DF311 validation-inputs-unscaled."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.model import DataSpec, FitSpec, Located, ModelSpec
from defib.engine.rules import Invalid, Rule, RuleContext

_TABLE = """import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from tensorflow import keras

df = pd.read_csv("features.csv")
X_train, X_test, y_train, y_test = train_test_split(df.drop(columns="label"), df["label"])
mean, std = X_train.mean(axis=0), X_train.std(axis=0)
X_train = (X_train - mean) / std{test_scaled}
model = keras.Sequential([
    keras.Input((40,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(8, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=30, validation_data=(X_test, y_test))
model.evaluate(X_test, y_test)
"""


class ValidationInputsUnscaled(Rule):
    """Validation or test inputs left raw while the training inputs were scaled.

    ## What it does
    Flags the inputs given to `fit()`'s `validation_data`, or to `evaluate()` or `predict()`
    after training, when they come from the same place as the training inputs (the same file
    read, data set loaded or array split), the training inputs were scaled on the way
    (standardised, divided by 255 or by their largest value), and these were not: the
    notebook that writes `X_train = (X_train - mean) / std` and forgets `X_test`. Not reported
    when anything is done to the held-out inputs that Defib does not follow (a helper of the
    file's own, a scaler it cannot read): it reports only arrays it saw left as they were.

    ## Why is this bad?
    The model learned its weights for inputs on the training scale. Raw held-out inputs land
    far outside it: the validation loss and accuracy are not the model's, and its predictions
    on those rows often fall in one class. Measured with `bench/calibrate_validation_scale.py`
    (scikit-learn's wine, digits and breast cancer tables, a 32-16 ReLU MLP under Adam, 30
    epochs, 3 seeds, a quarter held out), held-out accuracy scaled against raw:
    - breast cancer, standardised or divided by its largest value: 0.88-0.98 against 0.37, one
      class for every row on 6 of 6 runs;
    - wine: 0.58-0.98 against 0.33-0.58, one class on 5 of 6;
    - digits standardised: 0.96-0.97 against 0.54-0.83;
    - digits divided by 16: 0.95-0.96 either way. Every pixel was divided by the same number,
      which a ReLU network's highest output barely notices; its probabilities still change.

    So one class on 11 of 18 runs, and lower accuracy on 15 of 18. For images, whose pixels
    are all divided by one number, the message says the probabilities and the loss are off,
    not that the classes are.

    ## Example
    ```python
    X_train = (X_train - mean) / std
    model.fit(X_train, y_train, validation_data=(X_test, y_test))
    ```

    ## Use instead
    ```python
    X_train = (X_train - mean) / std
    X_test = (X_test - mean) / std  # the training rows' mean and deviation
    model.fit(X_train, y_train, validation_data=(X_test, y_test))
    ```

    ## Fix safety
    No fix: how the training inputs were scaled is written in the author's own way, and the
    held-out inputs must use the training rows' statistics, not their own.
    """

    code = "DF311"
    name = "validation-inputs-unscaled"
    severity = Severity.WARNING
    message = "Held-out inputs are not scaled the way the training inputs were"

    VALID = [
        _TABLE.format(test_scaled="\nX_test = (X_test - mean) / std"),
        # Scaled by code Defib does not read: nothing is said.
        _TABLE.format(test_scaled="\nX_test = normalise(X_test)").replace(
            "from tensorflow import keras",
            "from tensorflow import keras\nfrom prep import normalise",
        ),
    ]
    INVALID = [Invalid(_TABLE.format(test_scaled=""))]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            fit = model.fit
            if fit is None or fit.x is None or fit.x_arg is None:
                continue
            reported: set[tuple[int, int]] = set()
            for held_out, where in _held_out(model, fit):
                if where.key in reported or not _left_raw(fit.x, held_out):
                    continue
                reported.add(where.key)
                ctx.report(where, _IMAGES if held_out.is_image_dataset else _TABLES, model=model)


_TABLES = (
    "These inputs are left as loaded, while the training inputs were scaled: the model meets "
    "them on a scale it never trained on, so what it scores or predicts on them is not what it "
    "learned (in calibration, raw held-out rows were all put in one class on 11 of 18 runs). "
    "Scale them the same way, with the statistics learned on the training rows where the "
    "scaling learns any (a scaler, a mean and deviation)"
)
# Every pixel divided by the same number: a ReLU network's top class may survive the factor
# (digits divided by 16 kept their accuracy in calibration, and a held-out reader's replica
# kept its classes), its probabilities and loss do not.
_IMAGES = (
    "These images are left as loaded, while the training images were scaled: the model meets "
    "pixels far larger than it trained on, so its probabilities saturate and the loss and "
    "metrics measured on them are not the model's, even where the top class survives. Scale "
    "them the same way"
)


def _held_out(model: ModelSpec, fit: FitSpec) -> list[tuple[DataSpec, Located]]:
    found: list[tuple[DataSpec, Located]] = []
    if fit.validation_x is not None and fit.validation_x_where is not None:
        found.append((fit.validation_x, fit.validation_x_where))
    found.extend(model.judged_on)
    return found


def _left_raw(trained: DataSpec, held_out: DataSpec) -> bool:
    """Whether `held_out` comes from where the training inputs do, which were scaled on the
    way, and was itself left unscaled."""
    if trained.pipeline or held_out.pipeline or trained.origin is None:
        return False
    if held_out.origin is None or held_out.origin.key != trained.origin.key:
        return False
    return trained.scaled and not held_out.scaled and not held_out.centred
