"""DF310 vanishing-inputs."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.model import ModelSpec
from defib.engine.rules import Invalid, Rule, RuleContext

_MNIST = """from tensorflow import keras

(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0{again}
model = keras.Sequential([
    keras.Input((784,)),
    {first}
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5)
"""


def _mnist(again: str = "", first: str = "") -> str:
    return _MNIST.format(again=again, first=first)


class VanishingInputs(Rule):
    """Inputs scaled so far below unit scale that the first layer barely sees them.

    ## What it does
    Flags the data given to `fit()` when everything known of it says its largest value is
    below 0.005 (`vanishing-input-max`): pixels divided by 255 twice (the largest is then
    1/255 = 0.0039; in a tf.data pipeline too, mapped twice by a function that divides by
    255), by 255 * 255, or by a number pasted in by mistake. Not reported where a
    layer rescales the input inside the model (`Normalization`, `BatchNormalization`,
    `Rescaling`, `LayerNormalization`) before its first layer with weights, nor where the
    values are not known: an array made by `np.zeros` and filled image by image has a size
    Defib does not follow.

    ## Why is this bad?
    The first layer's weights start at the scale that suits inputs near 1: on inputs near 0.001
    its outputs are its biases plus almost nothing, the same for every sample, and the
    gradients that would grow the weights are as small as the inputs. Measured with
    `bench/calibrate_vanishing_inputs.py` (scikit-learn's 8x8 digits, Dense(64, relu),
    Dense(10, softmax), 20 epochs, 3 seeds, held-out accuracy): on [0, 1] 0.97 under Adam and
    0.88-0.90 under SGD at 0.01; divided by 255 once more (largest 0.0039) 0.45-0.60 under
    Adam, and under SGD one class for every image on 2 of 3 seeds; at a largest value of 1e-4
    and below, one class for every image on 3 of 3 seeds under both. A held-out round-41
    program divided MNIST pixels by 7439062911558151 (a loss value pasted where 255 belonged),
    and its reader's replica predicted one class for every image.

    ## Example
    ```python
    x_train = x_train / 255.0
    x_train = x_train / 255.0  # scaled a second time
    ```

    ## Use instead
    ```python
    x_train = x_train / 255.0
    ```

    ## Fix safety
    No fix: which of the scalings is the extra one is the author's to say.
    """

    code = "DF310"
    name = "vanishing-inputs"
    severity = Severity.WARNING
    message = "Inputs are scaled so small that the first layer barely sees them"
    thresholds = {"vanishing-input-max": 0.005}

    VALID = [
        _mnist(),
        _mnist(" * 2.0 - 1.0"),
        _mnist(" / 255.0", "keras.layers.Normalization(),"),
        _mnist(" / 255.0", "keras.layers.BatchNormalization(),"),
    ]
    INVALID = [
        Invalid(_mnist(" / 255.0")),
        Invalid(_mnist(" / 7439062911558151")),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            fit = model.fit
            if fit is None or fit.x is None or fit.x_arg is None:
                continue
            data = fit.x
            # An array made by np.zeros (or drawn) and filled later has a size Defib estimates,
            # not one it knows. A pipeline's values are known through the maps Defib reads
            # (`ds.map(process)` run twice, each dividing by 255).
            if data.source == "random":
                continue
            if _rescaled_inside(model):
                continue
            largest = data.largest_value()
            if largest is None or not 0 < largest < ctx.threshold("vanishing-input-max"):
                continue
            related = [(data.where, "these inputs are made here")] if data.where is not None else []
            ctx.report(
                fit.x_arg.where,
                f"These inputs reach at most {largest:.3g}: the first layer's weights start at "
                "the scale that suits inputs near 1, so its outputs are its biases plus almost "
                "nothing, the same for every sample, and the gradients that would grow them are "
                "as small. Measured on digits scaled to at most 1e-4, the model predicted one "
                "class for every image on 3 of 3 seeds (at 1/255, pixels divided by 255 twice, "
                "0.45-0.60 accuracy against 0.97). Scale the inputs once, to about [0, 1]",
                related=related,
                model=model,
            )


def _rescaled_inside(model: ModelSpec) -> bool:
    """Whether a layer before the model's first layer with weights brings its input to a scale
    of its own."""
    if model.input_preprocessed or not model.input_traced:
        return True
    for layer in model.layers:
        if layer.opaque or layer.scales_input or layer.kind in _RESCALING:
            return True
        if layer.has_weights:
            return False
    return False


_RESCALING = frozenset({"BatchNormalization", "LayerNormalization", "Normalization", "Rescaling"})
