"""DF411 class-ids-divided."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.rules import Invalid, Rule, RuleContext

_MNIST = """from tensorflow import keras
from tensorflow.keras.utils import to_categorical

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784)
{scaling}
model = keras.Sequential([
    keras.Input((784,)),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="{loss}", metrics=["accuracy"])
model.fit(x_train, {labels}, epochs=5)
"""

_SPARSE = "sparse_categorical_crossentropy"
_CATEGORICAL = "categorical_crossentropy"


class ClassIdsDivided(Rule):
    """Class ids divided like pixels, then cast back to classes.

    ## What it does
    Flags the labels given to `fit()` when they are class ids (`load_data()` of a Keras data
    set, ...) divided by a number larger than every id (`y_train = y_train / 255.0`, written
    beside the images' scaling), then made one-hot by `to_categorical` or trained with a
    sparse categorical loss.

    ## Why is this bad?
    Divided by 255, the ids 0 to 9 become 0 to 0.035. `to_categorical` and the sparse losses
    cast labels to integers, so every one becomes 0: each sample is labelled class 0, and the
    model learns to predict class 0 for every input. Measured with
    `bench/calibrate_divided_labels.py` (3,000 synthetic images of 10 classes, a 128-unit ReLU
    MLP, 3 epochs, 3 seeds): the ids as they are reached held-out accuracy 1.0; divided by
    255 every held-out image was predicted class 0 on 6 of 6 runs, through `to_categorical`
    and the sparse loss alike, accuracy 0.11-0.12 (the share of class 0). Held-out
    readers found the line twice in students' MNIST code (`y_train = y_train / 255.0` beside
    the images' scaling).

    ## Example
    ```python
    x_train, y_train = x_train / 255.0, y_train / 255.0
    model.fit(x_train, to_categorical(y_train, 10))
    ```

    ## Use instead
    ```python
    x_train = x_train / 255.0
    model.fit(x_train, to_categorical(y_train, 10))
    ```

    ## Fix safety
    No fix: the division may sit on a line that also scales the images.
    """

    code = "DF411"
    name = "class-ids-divided"
    severity = Severity.ERROR
    message = "Class ids divided below 1 all become class 0"

    VALID = [
        _MNIST.format(
            scaling="x_train = x_train / 255.0\ny_train = to_categorical(y_train, 10)",
            loss=_CATEGORICAL,
            labels="y_train",
        ),
        _MNIST.format(scaling="x_train = x_train / 255.0", loss=_SPARSE, labels="y_train"),
    ]
    INVALID = [
        Invalid(
            _MNIST.format(
                scaling="x_train = x_train / 255.0\ny_train = y_train / 255.0\n"
                "y_train = to_categorical(y_train, 10)",
                loss=_CATEGORICAL,
                labels="y_train",
            )
        ),
        Invalid(
            _MNIST.format(
                scaling="x_train, y_train = x_train / 255.0, y_train / 255.0",
                loss=_SPARSE,
                labels="y_train",
            )
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            fit = model.fit
            labels = fit.y if fit is not None else None
            if fit is None or labels is None or labels.ids_divided_by is None:
                continue
            loss = fit.loss
            if labels.label_format == "one_hot":
                cast = "to_categorical casts them to integers"
            elif loss is not None and loss.name == _SPARSE:
                cast = f"{_SPARSE} casts them to integers"
            else:
                continue
            ctx.report(
                fit.y_arg.where if fit.y_arg is not None else fit.where,
                f"These labels are class ids divided by {labels.ids_divided_by:g}, which leaves "
                f"every one below 1, and {cast}: every sample is labelled class 0, and the "
                "model learns to predict class 0 for every input (divide the images, not the "
                "labels)",
                related=[(labels.origin, "class ids loaded here")] if labels.origin else [],
                model=model,
            )
