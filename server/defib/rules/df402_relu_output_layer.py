"""DF402 relu-output-layer."""

from __future__ import annotations

from defib.engine import keras_names as kn
from defib.engine.diagnostics import Severity
from defib.engine.model import NORMALIZATION_LAYERS, ModelSpec, Stage
from defib.engine.rules import Invalid, Rule, RuleContext

_MODEL = """import keras
model = keras.Sequential([
    keras.layers.Dense(32, activation="relu", input_shape=(8,)),
    keras.layers.Dense(1, activation={out}),
])
model.compile(optimizer="adam", loss="mse")
"""


class ReluOutputLayer(Rule):
    """ReLU on the output of a regression model.

    ## What it does
    Flags a regression model (a mean squared/absolute error style loss) whose output layer
    applies ReLU. Not when the targets are image pixels (an image-to-image model or an
    autoencoder on images): they are never negative, so nothing pushes the unit below zero.
    Nor when the output is itself an image, a 2-D or 3-D convolution's map (super-resolution,
    denoising, colourisation), even where the targets come from a generator Defib cannot
    read: each output channel would have to be negative at every pixel of every image to die.
    An info, not a warning, when what feeds the output takes both signs: a
    `BatchNormalization` or `LayerNormalization` right before it, however wide, or a tanh, ELU
    or linear layer of 8 units or more; not a linear layer over a sigmoid or softmax code,
    whose inputs are all positive. (A held-out reader's replica of a factorisation machine,
    merged embeddings then `BatchNormalization` then `Dense(1, "relu")` on log counts, never
    lost its unit on 6 of 6 seeds.) An info too when a ReLU layer of 32 units or more whose
    every input path is an `Embedding` (reshaped, sliced, dropped out or merged with other
    embeddings) feeds the output: a collaborative filter's head, whose embedded ids vary in
    sign from sample to sample.

    ## Why is this bad?
    ReLU outputs 0 for every negative input and has no gradient there. If the output unit's
    input goes negative for all samples (easily, when targets are negative or after one large
    step) the unit dies and the model outputs 0 for every input from then on. Measured: a ReLU
    output on an all-negative target collapsed in 5 of 5 runs.

    Behind ReLU features, which are never negative, the unit's input can have one sign for every
    sample from the start. `bench/calibrate_relu_output.py` (8 standardised features, Dense(32,
    relu), then 8 features, then `Dense(1, relu)`; Adam, 20 epochs, 10 seeds): fed by `Dense(8,
    relu)` the output died on 1 of 10 seeds with targets that are never negative (dead at
    initialisation) and on 2 of 10 with standardised targets; fed by `Dense(8, tanh)` or by a
    `LayerNormalization` after the ReLU layer, on 0 of 10 and 1 of 10, never at initialisation.
    Fed by `Dense(64, relu)` instead (`--feeders "relu stack 64" --seeds 30`), it still died on
    3 of 30 seeds with standardised targets (0 of 30 with non-negative ones): width alone does
    not make the risk small. Embeddings do: a collaborative filter's head (two `Embedding(n,
    64)`s of 300 users and 200 items, concatenated into `Dense(64, relu)` or `Dense(32, relu)`,
    4,096 ratings, 20 epochs) lost its unit on 0 of 40 runs, on non-negative and on standardised
    targets; a held-out reader's anime-rating model of that shape reached an RMSE of 1.41 on
    ratings 1 to 10. A linear `Dense(32)` over `Dense(8, sigmoid)` is no better than ReLU
    features: dead on 4 of 10 seeds with non-negative targets and 5 of 10 with standardised ones
    (4 of 10 dead at initialisation each time), as each of its units keeps nearly one sign on
    every sample. Real models behind a narrow ReLU layer or unscaled inputs start dead far more
    often (40-49% of initialisations in the triage's checks): a warning there, an info behind
    features of both signs. The same script's denoising autoencoder (16x16 images in [0, 1],
    `Conv2D(1, activation="relu")` output) lost its output channel on 0 of 10 seeds, as replicas
    of two real super-resolution and denoising models did on 9 of 9.

    ## Example
    ```python
    keras.layers.Dense(1, activation="relu")  # loss="mse"
    ```

    ## Use instead
    ```python
    keras.layers.Dense(1)  # linear output for regression
    ```

    Under `msle`, which clips predictions below 0 before taking their logarithm, a linear
    output that starts below 0 gets no gradient either, so the message advises softplus and
    scaled inputs and offers no fix: a held-out reader's Bitcoin regressions (raw prices in,
    msle) stalled on 4-5 of 10 seeds with ReLU and just as often with a linear output. A
    replica (5 raw price-like features, 16 ReLU units, msle, Adam, 30 epochs, 10 seeds)
    stalled on 3 of 10 seeds with a ReLU, a linear and a softplus output alike, and on 0 of
    10 with each once the inputs were standardised.

    ## Fix safety
    Unsafe: when the targets are known to be non-negative a ReLU output may be intended;
    `softplus` keeps positivity without dying. None under `msle`, where no output activation
    alone mends it.
    """

    code = "DF402"
    name = "relu-output-layer"
    severity = Severity.WARNING
    message = "ReLU output on a regression model can die and output 0 for every input"
    judges_output = True

    VALID = [
        _MODEL.format(out='"linear"'),
        _MODEL.format(out='"softplus"'),
        # An encoder cut from the autoencoder that trains it, compiled out of habit and only
        # run to predict: its own loss never trains anything.
        """import numpy as np
from keras.layers import Conv2D, Input, MaxPool2D, UpSampling2D
from keras.models import Model
x = np.load("noisy.npy") / 255.0
inp = Input((28, 28, 1))
h = MaxPool2D(2)(Conv2D(16, 3, activation="relu", padding="same")(inp))
latent = Conv2D(8, 3, activation="relu", padding="same")(h)
out = Conv2D(1, 3, padding="same")(UpSampling2D(2)(latent))
model = Model(inp, out)
model.compile(optimizer="adam", loss="mse")
model.fit(x, x, epochs=20)
encoder = Model(inp, latent)
encoder.compile(optimizer="adam", loss="mse")
codes = encoder.predict(x[:5])
""",
        # An image-to-image model: each output channel is a map over every pixel.
        """import keras
model = keras.Sequential([
    keras.Input((None, None, 3)),
    keras.layers.Conv2D(64, 9, padding="same", activation="relu"),
    keras.layers.Conv2D(32, 1, padding="same", activation="relu"),
    keras.layers.Conv2DTranspose(3, 5, padding="same", activation="relu"),
])
model.compile(optimizer="adam", loss="mse")
model.fit(pairs, epochs=50)
""",
    ]
    INVALID = [Invalid(_MODEL.format(out='"relu"'), _MODEL.format(out='"linear"'))]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            stages = model.stages()
            stage = stages[-1] if stages and model.output_known else None
            loss = model.compile.loss if model.compile else None
            if stage is None or loss is None or loss.name not in kn.REGRESSION_LOSSES:
                continue
            if stage.activation not in kn.RELU_LIKE or _targets_are_pixels(model):
                continue
            if stage.layer.kind in _IMAGE_MAP_LAYERS and not stage.reshaped:
                continue
            # Why the unit is unlikely to die, where what feeds it says so.
            unlikely = (
                f"{signed}, whose values take both signs, it is unlikely to start dead"
                if (signed := _fed_signed_values(model, stages))
                else f"{embedded}, it died on none of 40 runs in calibration"
                if (embedded := _fed_by_embeddings(model, stages))
                else None
            )
            # msle clips predictions below 0, where a linear output gets no gradient either.
            clipped = loss.name == "msle"
            fix, what_if = ctx.output_activation(model, stage, "softplus" if clipped else "linear")
            if clipped:
                fix = None  # no output activation alone mends it: see the docs
            advice = (
                "msle clips predictions below 0, so a linear output would stall the same way: "
                "use softplus, and scaled inputs"
                if clipped
                else "use a linear output"
                if not unlikely
                else "use a linear output, or softplus for targets that are never negative"
            )
            output = f"ReLU on the output{stage.activation_layer.last_built_here(model)}"
            # No fit() of it is seen: it is compiled for the loss, which is all that is known.
            trained = "trained" if model.fit is not None else "compiled"
            ctx.report(
                stage.activation_layer.where,
                f"{output} of a model {trained} with {loss.name}: an output unit whose "
                "input turns negative for every sample dies, and outputs 0 for every input (a "
                "matter of the seed: it died on 1 to 5 of 10 seeds in calibration, by what feeds "
                f"it); {advice}"
                if not unlikely
                else f"{output} of a model {trained} with {loss.name}: it outputs 0 where "
                "its input is negative and dies if that holds for every sample (risk: fed by "
                f"{unlikely}); {advice}",
                severity=Severity.INFO if unlikely else None,
                fix=fix,
                related=[
                    *stage.activation_layer.activation_written(),
                    (loss.where, f"regression loss {loss.name}"),
                ],
                model=model,
                what_if=what_if,
            )


# Activations whose outputs take both signs on every sample's features.
_SIGNED_ACTIVATIONS = frozenset({"linear", "tanh", "elu", "selu", "softsign"})
# The narrowest such feeder measured (bench/calibrate_relu_output.py feeds 8 units).
_SIGNED_MIN_UNITS = 8


def _fed_signed_values(model: ModelSpec, stages: list[Stage]) -> str | None:
    """What feeds the output stage (the last of `stages`), when its values take both signs (a
    normalisation layer, a tanh or linear layer): the unit's input then varies in sign across
    samples, so it is not dead from the start, as it often is behind ReLU features, which are
    never negative."""
    output = stages[-1].layer if stages else None
    index = next((i for i, layer in enumerate(model.layers) if layer is output), None)
    if index and model.layers[index - 1].kind in NORMALIZATION_LAYERS:
        # Each feature it gives is centred on the batch, however many there are and whatever
        # comes before it.
        return f"a {model.layers[index - 1].kind}"
    if len(stages) < 2:
        return None
    feeder = stages[-2]
    normalisation = feeder.normalised_output
    if normalisation is not None:
        return f"a {normalisation.kind}"
    if (feeder.layer.units or 0) < _SIGNED_MIN_UNITS:
        # A few units can each keep one sign on every sample (a tanh saturated by unscaled
        # inputs), and so can their weighted sum.
        return None
    if feeder.layer.opaque or feeder.activation not in _SIGNED_ACTIVATIONS:
        return None
    if feeder.activation == "linear" and _positive_values(stages[:-2]):
        # Each unit of a linear layer over all-positive values (a sigmoid code) keeps nearly
        # one sign on every sample, and so may the output unit's input.
        return None
    article = "an" if feeder.activation[0] in "aeiou" else "a"
    return f"{article} {feeder.activation} {feeder.layer.kind} layer"


# What may carry embeddings to the layer that feeds the output without changing what they
# are: reshaping, slicing (read as a Reshape), dropout and merges of embeddings.
_EMBEDDING_PATH = frozenset(
    {"Embedding", "Reshape", "Flatten", "Dropout", "SpatialDropout1D", "Concatenate", "Multiply"}
)
# The narrowest ReLU layer over embeddings measured (bench/calibrate_relu_output.py).
_EMBEDDED_MIN_UNITS = 32


def _fed_by_embeddings(model: ModelSpec, stages: list[Stage]) -> str | None:
    """What feeds the output stage when it is a wide ReLU layer whose every input path is an
    Embedding (a collaborative filter's head): the embeddings of ids vary in sign from sample
    to sample, so the layer's features do not keep the output unit's input on one side."""
    if len(stages) < 2 or not model.input_traced or model.input_preprocessed:
        return None
    feeder = stages[-2]
    layer = feeder.layer
    if feeder.activation != "relu" or layer.opaque or (layer.units or 0) < _EMBEDDED_MIN_UNITS:
        return None
    index = next((i for i, each in enumerate(model.layers) if each is layer), None)
    if index is None:
        return None
    paths = [model.layers[:index], *(branch.layers for branch in model.input_branches)]
    for path in paths:
        kinds = [each.kind for each in path if each.kind != "Reshape"]  # an input's slice
        if not kinds or kinds[0] != "Embedding":
            return None
        if any(
            each.opaque or each.merges_untraced or each.kind not in _EMBEDDING_PATH for each in path
        ):
            return None
    return f"a {layer.units}-unit ReLU layer over embeddings"


# Activations whose outputs are positive and dense (never 0 on most samples, unlike ReLU's).
_POSITIVE_ACTIVATIONS = frozenset({"sigmoid", "hard_sigmoid", "softmax", "softplus"})


def _positive_values(stages: list[Stage]) -> bool:
    """Whether the last of `stages` outputs positive values on every sample."""
    return (
        bool(stages)
        and stages[-1].normalised_output is None
        and not stages[-1].feeds_merge
        and not stages[-1].layer.opaque
        and stages[-1].activation in _POSITIVE_ACTIVATIONS
    )


# Layers whose output is an image (a map over 2 or 3 spatial axes) unless it is reshaped.
_IMAGE_MAP_LAYERS = frozenset(
    {
        "Conv2D",
        "Conv3D",
        "Conv2DTranspose",
        "Conv3DTranspose",
        "SeparableConv2D",
        "DepthwiseConv2D",
    }
)


def _targets_are_pixels(model: ModelSpec) -> bool:
    """Whether fit() trains on image pixels, which are never negative: the measured collapse
    needs targets below zero."""
    y = model.fit.y if model.fit is not None else None
    return y is not None and y.is_image_dataset
