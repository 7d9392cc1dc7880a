"""DF404 crossentropy-without-probabilities."""

from __future__ import annotations

from defib.engine import keras_names as kn
from defib.engine.diagnostics import Fix, Severity, WhatIf
from defib.engine.model import Located, ModelSpec, Stage
from defib.engine.rules import Invalid, Rule, RuleContext

# Layers that pass each value on as it is (or zero it in training): an activation before them
# still sets what the model outputs.
_VALUE_KEEPING = frozenset(
    {"Dropout", "AlphaDropout", "GaussianDropout", "GaussianNoise", "ActivityRegularization"}
)

# What draws from logits: the output it is given is meant to be logits.
_SAMPLES_LOGITS = "random.categorical("

_MODEL = """import keras
model = keras.Sequential([
    keras.layers.Dense(16, activation="relu", input_shape=(4,)),
    keras.layers.Dense(3{act}),
])
model.compile(optimizer="adam", loss={loss})
"""


class CrossentropyWithoutProbabilities(Rule):
    """Cross-entropy on an output that is not a probability, or logits declared twice.

    ## What it does
    Flags a cross-entropy loss on a linear or ReLU output without `from_logits=True`, a
    categorical cross-entropy on several tanh (or softsign) output units, and
    `from_logits=True` on an output that already applies softmax or sigmoid.

    ## Why is this bad?
    Without `from_logits=True`, Keras treats the outputs as probabilities and clips them into
    [1e-7, 1 - 1e-7]: a linear output outside that range gets no gradient at all, and training
    can stall on a constant prediction. With `from_logits=True` on a softmax output, the
    softmax is applied twice, squashing the predictions towards uniform and the gradients
    towards zero. Keras's TensorFlow backend undoes this for a softmax or sigmoid output
    that it can see (set by `activation=` or an `Activation` layer, with nothing after it): it
    computes the loss from the values under the activation and warns. Measured on Keras 3.15
    with TensorFlow 2.21 (Dense(16, relu), 2,000 rows, Adam, 5 epochs): the same loss and
    accuracy with `from_logits=True` as without, to the last digit (0.36709 and 0.919 on a
    sigmoid unit, 0.78305 and 0.781 on a 4-way softmax). So that case is an info, and a
    warning where nothing undoes it: the JAX and PyTorch backends, a `tf.nn.*_with_logits`
    loss, a layer after the activation.

    Tanh outputs go negative, and the categorical loss divides the outputs by their sum before
    it clips them: the sum can be near zero or negative. Measured with
    `bench/calibrate_tanh_output.py` (10 classes, Dense(64, relu), Adam, 20 epochs, 5 seeds):
    10 tanh units under categorical cross-entropy reached a held-out accuracy of 0.10-0.21
    (chance 0.10), against 0.99 with softmax. Under the sparse loss, which clips first, they
    reached 0.60-0.91: not flagged. A held-out reader found it in a tutorial on custom layers.

    ## Example
    ```python
    keras.layers.Dense(10)  # linear
    model.compile(loss=keras.losses.CategoricalCrossentropy())
    ```

    ## Use instead
    ```python
    keras.layers.Dense(10)
    model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
    ```

    ## Fix safety
    Safe when the loss is a categorical class instance on a linear output: the fix sets
    `from_logits` to match the output, and what reads the output (accuracy, `argmax` of the
    predictions) picks the same class from logits as from probabilities. Unsafe when the loss is
    binary, a string, or the output is a ReLU: the fix then puts the matching activation on the
    output layer, which changes what the model outputs at prediction time. A binary loss is not
    given `from_logits=True`: its `"accuracy"` thresholds the output at 0.5, and code that
    rounds the predictions does too, so both would read a logit as a probability (3 of 3 such
    fixes judged in real code were wrong for that reason). No activation is added to a layer
    whose values are pooled or otherwise changed before the output (a `Conv2D` before
    `GlobalMaxPooling2D`): a softmax there is not one over the classes, nor to the output of a
    file that samples it with `tf.random.categorical`, which reads logits (a text generator's
    sampling would turn near uniform; readers of the fixes found this twice). A ReLU output is
    never given `from_logits=True`: its values are never negative, so read as logits a sigmoid
    over them never goes below 0.5 (the model could not predict class 0 with any confidence).
    """

    code = "DF404"
    name = "crossentropy-without-probabilities"
    severity = Severity.WARNING
    message = "Cross-entropy on an output that is not a probability"
    judges_output = True

    VALID = [
        _MODEL.format(act=', activation="softmax"', loss='"categorical_crossentropy"'),
        _MODEL.format(act="", loss="keras.losses.CategoricalCrossentropy(from_logits=True)"),
        # A GAN's generator compiled out of habit: it trains only through the combined model,
        # whose loss meets the discriminator's sigmoid.
        """import keras
generator = keras.Sequential([keras.layers.Dense(16, activation="relu", input_shape=(4,)),
    keras.layers.Dense(8)])
generator.compile(optimizer="adam", loss="binary_crossentropy")
discriminator = keras.Sequential([keras.layers.Dense(1, activation="sigmoid", input_shape=(8,))])
discriminator.compile(optimizer="adam", loss="binary_crossentropy")
combined = keras.Sequential([generator, discriminator])
combined.compile(optimizer="adam", loss="binary_crossentropy")
combined.train_on_batch(noise, ones)
""",
        # Weights copied in from a network trained elsewhere, and only evaluated here.
        _MODEL.format(act="", loss='"categorical_crossentropy"')
        + "for i, layer in enumerate(model.layers):\n"
        + "    layer.set_weights(trained_weights[i])\n"
        + "accuracy = model.evaluate(x_test, y_test)[1]\n",
        # Compiled again after training, to make `trainable = False` take effect before the
        # model only predicts: no training meets that loss.
        """import numpy as np
import keras
x, y = np.load("x.npy"), np.load("prices.npy")
model = keras.Sequential([keras.Input((13,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="rmsprop", loss="mse")
model.fit(x, y, epochs=80)
model.trainable = False
model.compile(optimizer="rmsprop", loss="binary_crossentropy")
print(model(x[:1]))
""",
    ]
    INVALID = [
        # Tanh scores of either sign, divided by their sum: training stays near chance.
        Invalid(
            _MODEL.format(act=', activation="tanh"', loss='"categorical_crossentropy"'),
            _MODEL.format(act=', activation="softmax"', loss='"categorical_crossentropy"'),
        ),
        Invalid(
            _MODEL.format(act="", loss="keras.losses.CategoricalCrossentropy()"),
            _MODEL.format(act="", loss="keras.losses.CategoricalCrossentropy(from_logits=True)"),
        ),
        # A ReLU output read as logits would never be negative: the activation is what to fix.
        Invalid(
            _MODEL.format(act=', activation="relu"', loss="keras.losses.CategoricalCrossentropy()"),
            _MODEL.format(
                act=', activation="softmax"', loss="keras.losses.CategoricalCrossentropy()"
            ),
        ),
        Invalid(
            _MODEL.format(act="", loss='"categorical_crossentropy"'),
            _MODEL.format(act=', activation="softmax"', loss='"categorical_crossentropy"'),
        ),
        Invalid(
            _MODEL.format(
                act=', activation="softmax"',
                loss="keras.losses.CategoricalCrossentropy(from_logits=True)",
            ),
            _MODEL.format(
                act=', activation="softmax"',
                loss="keras.losses.CategoricalCrossentropy(from_logits=False)",
            ),
        ),
        # Compiled again after training and trained again: that second training meets it.
        Invalid(
            """import numpy as np
import keras
x, y = np.load("x.npy"), np.load("labels.npy")
model = keras.Sequential([keras.Input((13,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="rmsprop", loss="mse")
model.fit(x, y, epochs=80)
model.compile(optimizer="rmsprop", loss="binary_crossentropy")
model.fit(x, y, epochs=10)
"""
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            stage = model.output_stage
            loss = model.compile.loss if model.compile else None
            if stage is None or loss is None or loss.name not in kn.CROSSENTROPY_LOSSES:
                continue
            probability = (
                "sigmoid" if loss.name.startswith("binary") or stage.units == 1 else "softmax"
            )
            if stage.activation in ("linear", "relu") and loss.from_logits is not True:
                relu = stage.activation == "relu"
                fix: Fix | None
                add = (
                    ctx.add_keyword(loss.where, "from_logits", "True")
                    if loss.is_call and probability == "softmax"
                    else None
                )
                if add is not None and not relu:
                    fix = ctx.fix("Set from_logits=True", "safe", add)
                else:
                    # Pooling over the activated values (a Conv2D, then GlobalMaxPooling2D):
                    # the activation's layer is not the output, and a softmax there is not one
                    # over the classes.
                    # A file that samples the output with tf.random.categorical reads it as
                    # logits (a text generator): an activation there would break sampling.
                    replacement = (
                        ctx.set_activation(stage.activation_layer, probability)
                        if _activation_reaches_output(stage)
                        and not any(_SAMPLES_LOGITS in text for text in ctx.statements)
                        else None
                    )
                    verb = "Use" if relu else "Add"
                    fix = (
                        ctx.fix(f"{verb} a {probability} output activation", "unsafe", replacement)
                        if replacement
                        else None
                    )
                # A ReLU's values are never negative: read as logits (from_logits=True), a
                # sigmoid over them never goes below 0.5, and a softmax gets no negative logit.
                way_out = (
                    f"use a {probability} output in place of the relu; from_logits=True would "
                    "not do, since logits must be free to go negative and a relu's never are"
                    if relu
                    else f"set from_logits=True, or use a {probability} output"
                )
                # Keras divides a categorical loss's outputs by their sum before it clips them;
                # the sparse one clips them first, then divides (Keras 3.15: the loss of
                # [0.5, 1.5] for class 0 is -log(1/3)).
                if loss.name in ("categorical_crossentropy", "categorical_focal_crossentropy"):
                    clipped = (
                        "the outputs are divided by their sum, then values outside (0, 1) are "
                        "clipped and get no gradient"
                    )
                elif loss.name == "sparse_categorical_crossentropy":
                    clipped = (
                        "values outside (0, 1) are clipped and get no gradient, then the "
                        "outputs are divided by their sum"
                    )
                else:
                    clipped = "outputs outside (0, 1) are clipped and get no gradient"
                ctx.report(
                    loss.where,
                    f"{loss.name} expects probabilities but the output layer is {stage.activation}: "
                    f"{clipped} ({way_out})",
                    fix=fix,
                    related=[
                        (stage.activation_layer.where, f"{stage.activation} output layer"),
                        *stage.activation_layer.activation_written(),
                    ],
                    model=model,
                    what_if=WhatIf(
                        "activation",
                        probability,
                        ctx.layer_index(model, stage.activation_layer),
                        f"relu -> {probability}",
                        stage.activation_layer.line,
                    )
                    if relu
                    else WhatIf("from_logits", True, description="from_logits=True"),
                )
            elif (
                stage.activation in _SIGNED_SQUASHES
                and loss.name == "categorical_crossentropy"
                and loss.from_logits is not True
                and (stage.units or 0) > 1
            ):
                self._signed_scores(ctx, model, stage, loss.where)
            elif (
                stage.activation in ("softmax", "sigmoid")
                and loss.from_logits is True
                # A categorical loss on one unit is DF403's: no activation makes it train.
                and not (stage.units == 1 and loss.name in _ONE_UNIT_CATEGORICAL)
            ):
                arg = loss.from_logits_arg
                applied = _applied_to_logits(loss.logits_function or loss.name)
                on_top = (
                    f"{stage.activation} twice"
                    if applied == stage.activation
                    else f"{applied} on top of the {stage.activation}"
                )
                twice = (
                    f"from_logits=True on a {stage.activation} output applies {on_top}"
                    if loss.logits_function is None
                    else f"{loss.logits_function} takes logits, but the output layer already "
                    f"applies {stage.activation}: it applies {on_top}"
                )
                recovered = (
                    loss.logits_function is None
                    and _output_is_the_activation(stage)
                    and not ctx.other_backend()
                )
                if recovered:
                    twice = (
                        f"from_logits=True on a {stage.activation} output: Keras on TensorFlow "
                        f"sees the {stage.activation}, computes the loss from the values under it "
                        "and warns, so this trains as intended there; on the JAX or PyTorch "
                        f"backend, or in older Keras, it applies {on_top}"
                    )
                ctx.report(
                    arg.where if arg is not None else loss.where,
                    twice if recovered else f"{twice}, squashing predictions and gradients",
                    severity=Severity.INFO if recovered else None,
                    fix=ctx.fix("Set from_logits=False", "safe", ctx.replace_value(arg, "False"))
                    if arg
                    else None,
                    related=[
                        (stage.activation_layer.where, f"{stage.activation} output layer"),
                        *stage.activation_layer.activation_written(),
                    ],
                    model=model,
                    what_if=WhatIf("from_logits", False, description="from_logits=False"),
                )

    def _signed_scores(
        self, ctx: RuleContext, model: ModelSpec, stage: Stage, loss: Located
    ) -> None:
        """Several tanh units under categorical cross-entropy: scores of either sign, which
        the loss divides by their sum before it clips them."""
        replacement = (
            ctx.set_activation(stage.activation_layer, "softmax")
            if _activation_reaches_output(stage)
            else None
        )
        ctx.report(
            loss,
            "categorical_crossentropy expects probabilities but the output layer is "
            f"{stage.activation}, whose values go negative: the outputs are divided by their "
            "sum, which can be near zero or below it, then clipped (in calibration 10 tanh "
            "units reached a held-out accuracy of 0.10-0.21 on 10 classes, where chance is "
            "0.10, against 0.99 with softmax); use a softmax output",
            fix=ctx.fix("Use a softmax output activation", "unsafe", replacement)
            if replacement
            else None,
            related=[
                (stage.activation_layer.where, f"{stage.activation} output layer"),
                *stage.activation_layer.activation_written(),
            ],
            model=model,
            what_if=WhatIf(
                "activation",
                "softmax",
                ctx.layer_index(model, stage.activation_layer),
                f"{stage.activation} -> softmax",
                stage.activation_layer.line,
            ),
        )


# Squashing activations whose values take both signs.
_SIGNED_SQUASHES = frozenset({"tanh", "softsign"})


def _activation_reaches_output(stage: Stage) -> bool:
    """Whether what the output stage's activation returns is what the model outputs: only
    layers that keep each value follow it (not pooling, whose activation is then not one over
    the classes)."""
    return all(later.kind in _VALUE_KEEPING for later in stage.after[stage.activated_after :])


def _applied_to_logits(loss: str) -> str:
    """What a cross-entropy on logits applies to them: a sigmoid for the yes/no ones, a
    softmax for the others."""
    return "sigmoid" if "binary" in loss or "sigmoid" in loss else "softmax"


def _output_is_the_activation(stage: Stage) -> bool:
    """Whether the model outputs what its last softmax or sigmoid returns, applied by the
    layer's `activation=` or an `Activation` layer, with nothing after it: the tensor Keras's
    TensorFlow backend reads the logits back from."""
    if stage.activation_layer is stage.layer:
        return not stage.after
    return (
        stage.activation_layer.kind == "Activation" and not stage.after[stage.activated_after + 1 :]
    )


_ONE_UNIT_CATEGORICAL = frozenset({"categorical_crossentropy", "sparse_categorical_crossentropy"})
