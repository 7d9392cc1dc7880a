"""DF603 dropout-after-output."""

from __future__ import annotations

from defib.engine import keras_names as kn
from defib.engine.diagnostics import Severity
from defib.engine.model import DROPOUT_LAYERS, MERGE_LAYERS, NORMALIZATION_LAYERS
from defib.engine.rules import Invalid, Rule, RuleContext

_MODEL = """import keras
model = keras.Sequential([
    keras.layers.Dense(32, activation="relu", input_shape=(8,)),
    {middle}keras.layers.Dense(1),{after}
])
model.compile(optimizer="adam", loss="mse")
"""


class DropoutAfterOutput(Rule):
    """A dropout layer after the output layer.

    ## What it does
    Flags a dropout layer placed after the model's last weight layer.

    ## Why is this bad?
    Dropout then zeroes the predictions themselves during training: the loss sees zeros for
    a random share of the outputs, and the model learns to make up for them, so once trained
    its outputs run low by the rate. Measured with `bench/calibrate_dropout_after_output.py`
    (a two-layer ReLU regression with 1 or 16 linear outputs, targets standardised around
    2.0, 3 seeds): the mean prediction came out at 0.95, 0.90, 0.80 and 0.50 of the mean
    target at rates 0.05, 0.1, 0.2 and 0.5, and the held-out error over the targets'
    variance grew from 0.007 without the dropout to 0.017, 0.049, 0.20 and 1.23 (worse than
    predicting the mean). Below a rate of 0.05 (`small-rate`) the cost is small (0.008 at
    0.01), and the finding is an `info`. A rate of 0 drops nothing and is not reported; a
    rate Defib cannot read (from a configuration file, say) is an `info` too: the one such
    warning in the ecosystem corpus was on a rate both of its shipped configurations set to 0.

    A model neither compiled nor fitted in the file is left alone: built at the top level, it
    is made to show a block's summary (dropout acts only in training); returned by a function,
    it may be a trunk its caller adds the output to (a GAN's discriminator body, an encoder
    whose classification head is added only `if classes is not None`).
    Nor is a dropout on the logits, before the softmax or sigmoid `Activation` that ends the
    model: a dropped logit still gives a probability. A replica of a real melody model (60
    classes, `Dense(60)`, `Dropout(0.3)`, `Activation("softmax")`) reached a test accuracy of
    0.63 against 0.66 without that dropout, on 3 seeds, predicting 56-58 classes either way.
    Nor is a model trained with a cosine loss (`cosine_similarity`, Keras 2's
    `cosine_proximity`), which reads the outputs' direction and not their size: in a replica
    of a real chatbot (word vectors out, `Dropout(0.5)` last, 3 seeds) the test cosine was
    0.585 against 0.600 without the dropout, while with mse the outputs' size halved.

    Nor is a dropout that a normalisation layer follows (`Dropout`, then `BatchNormalization`,
    closing a tower), nor one before a function Defib does not read (a Siamese model's
    distance between its two towers' encodings): the outputs are then not the dropped values.
    A held-out round on Siamese code (2026-12-07) found 5 wrong warnings of both kinds in 100
    files; in its reader's replica of a tower under an exp(-L1) similarity, the dropout made
    the trained similarities higher at inference (0.685 against 0.514), not lower.

    Under a cross-entropy loss the outputs are scores, and the message says what dropping them
    costs there: a held-out reader's replica of a keyword spotter whose last layer is
    `Dense(64, "relu")`, `Dropout(0.5)`, trained with `from_logits=True` (3 seeds), ended with
    logits of 2.3 against 9.3 without the dropout and a top probability of 0.14 against 0.60,
    at the same accuracy (0.71 against 0.72).

    ## Example
    ```python
    model = keras.Sequential([Dense(32, activation="relu"), Dense(1), Dropout(0.5)])
    ```

    ## Use instead
    ```python
    model = keras.Sequential([Dense(32, activation="relu"), Dropout(0.5), Dense(1)])
    ```

    ## Fix safety
    No fix: moving the layer is a change of architecture best made by hand.
    """

    code = "DF603"
    name = "dropout-after-output"
    severity = Severity.WARNING
    message = "Dropout after the output layer zeroes predictions during training"
    judges_output = True
    thresholds = {"small-rate": 0.05}

    VALID = [
        # A block whose layers were never called on its inputs (layer objects concatenated):
        # what its Dropout follows is not known, and Keras refuses to build it anyway.
        "import keras\ndef build_head():\n    a, b = keras.Input((8,)), keras.Input((2,))\n"
        "    merged = keras.layers.Concatenate()([keras.layers.Dense(16), keras.layers.Dense(4)])\n"
        "    return keras.Model([a, b], keras.layers.Dropout(0.5)(merged))\n"
        "inp = keras.Input((8,))\nhidden = keras.layers.Dense(8, activation='sigmoid')(inp)\n"
        "model = keras.Model(inp, build_head()([hidden, inp]))\n"
        "model.compile(optimizer='adam', loss='mse')\nmodel.fit(x, y)\n",
        # A cosine loss reads the outputs' direction, which dropout does not change.
        "import keras\nmodel = keras.Sequential([keras.Input((300,)), keras.layers.Dense(300),\n"
        "    keras.layers.Dropout(0.5)])\n"
        "model.compile(optimizer='adam', loss='cosine_proximity')\n",
        _MODEL.format(middle="keras.layers.Dropout(0.5),\n    ", after=""),
        # Built to look at a block's shapes, never compiled or fitted: its dropout never runs.
        """import keras
inputs = keras.Input((8,))
x = keras.layers.Dense(4)(inputs)
model = keras.Model(inputs, keras.layers.Dropout(0.1)(x))
model.summary()
""",
        # A trunk whose output tensor the trained model's head continues.
        """import keras
def trunk(inputs):
    x = keras.layers.Dense(32, activation="relu")(inputs)
    return keras.Model(inputs, keras.layers.Dropout(0.1)(x))

inputs = keras.Input((8,))
outputs = keras.layers.Dense(1)(trunk(inputs).output)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
""",
        # A residual block's dropout, added back to its input and normalised: not the output.
        """import keras
inputs = keras.Input((8,))
projected = keras.layers.Dense(16)(inputs)
x = keras.layers.Dropout(0.1)(keras.layers.Dense(16)(projected))
outputs = keras.layers.LayerNormalization()(keras.layers.Add()([projected, x]))
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
""",
        # A subclass's method adds the hidden layers to a model its base class made; the base
        # class's __init__ adds the output after calling it.
        """import keras
class Network:
    def __init__(self, classes):
        self.model = keras.Sequential()
        self.hidden_layers()
        self.model.add(keras.layers.Dense(classes, activation="softmax"))
        self.model.compile(optimizer="adam", loss="categorical_crossentropy")

class Wide(Network):
    def hidden_layers(self):
        self.model.add(keras.layers.Dense(64, activation="relu"))
        self.model.add(keras.layers.Dropout(0.2))
""",
        # A trunk a function returns uncompiled: its callers add the output after the dropout.
        """import keras
def discriminator_body(input_shape=(28, 28, 1)):
    model = keras.Sequential()
    model.add(keras.layers.Conv2D(64, 4, strides=2, padding="same", input_shape=input_shape))
    model.add(keras.layers.LeakyReLU())
    model.add(keras.layers.Dropout(0.3))
    model.add(keras.layers.Flatten())
    return model
""",
        # Dropout on the logits: the softmax after it turns a dropped logit into a probability.
        """import keras
model = keras.Sequential([
    keras.Input((100, 1)),
    keras.layers.GRU(256),
    keras.layers.Dense(60),
    keras.layers.Dropout(0.3),
    keras.layers.Activation("softmax"),
])
model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
""",
        # Layers made from a configuration's list by their type: which one ends the model is
        # not known.
        """import json
import keras
config = json.load(open("config.json"))
model = keras.Sequential()
for layer in config["layers"]:
    if layer["type"] == "lstm":
        model.add(keras.layers.LSTM(layer["neurons"], return_sequences=layer["seq"]))
    if layer["type"] == "dense":
        model.add(keras.layers.Dense(layer["neurons"], activation=layer["activation"]))
    if layer["type"] == "dropout":
        model.add(keras.layers.Dropout(layer["rate"]))
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=2)
""",
        # A tower closed by Dropout then BatchNormalization: the output is normalised.
        _MODEL.format(
            middle="",
            after="\n    keras.layers.Dropout(0.25),\n    keras.layers.BatchNormalization(),",
        ),
        # The Siamese towers' encodings meet in a distance Defib does not read.
        """import keras
from keras import ops
def tower():
    inputs = keras.Input((8,))
    x = keras.layers.Dense(32, activation="relu")(inputs)
    return keras.Model(inputs, keras.layers.Dropout(0.2)(x))

a, b = keras.Input((8,)), keras.Input((8,))
shared = tower()
distance = keras.layers.Lambda(lambda t: ops.exp(-ops.sum(ops.abs(t[0] - t[1]), axis=1)))(
    [shared(a), shared(b)]
)
model = keras.Model([a, b], distance)
model.compile(optimizer="adam", loss="binary_crossentropy")
""",
    ]
    INVALID = [Invalid(_MODEL.format(middle="", after="\n    keras.layers.Dropout(0.5),"))]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            stage = model.output_stage
            if stage is None or model.output_continued:
                continue  # a sub-model's last layer is not the output
            if stage.layer.opaque:
                # A block not read (a model called on tensors it was not traced from): its
                # end is not known to be an output layer.
                continue
            if model.never_trained or (model.compile is None and model.fit is None):
                # Dropout acts only in training; and a model a function returns uncompiled may
                # be a trunk its caller adds the output to.
                continue
            loss = model.compile.loss if model.compile is not None else None
            if loss is not None and loss.name in kn.SCALE_FREE_LOSSES:
                continue  # a cosine loss reads the outputs' direction, which dropout keeps
            for index, layer in enumerate(stage.after):
                if layer.kind not in DROPOUT_LAYERS:
                    continue
                if index < stage.activated_after and stage.activation in _NONZERO_AT_ZERO:
                    # Dropout on the logits, before a softmax or sigmoid: a dropped logit still
                    # gives a probability, so no prediction is zeroed.
                    continue
                if index < stage.activated_after and stage.activation is None:
                    # A function not read comes after it (a Siamese model's distance between
                    # the two towers' dropped encodings): what reaches the output is not known.
                    continue
                if any(
                    later.kind in MERGE_LAYERS or later.kind in NORMALIZATION_LAYERS
                    for later in stage.after[index + 1 :]
                ):
                    # A residual branch's dropout, added back to the branch's input (a
                    # transformer block's closing Add and LayerNormalization), or one a
                    # normalisation follows, which shifts and rescales what it keeps.
                    continue
                arg = layer.args.get("rate")
                rate = arg.number if arg is not None else None
                if rate == 0:
                    continue  # drops nothing
                # A rate not known here may be 0 (a configuration's default): say less.
                small = rate is None or rate < ctx.threshold("small-rate")
                effect = (
                    f"so the trained outputs run about {rate:.0%} low"
                    if rate is not None and rate < 1
                    else "so the loss sees zeros and the trained outputs run low"
                )
                unknown = (
                    " (its rate is not known here: at 0 it drops nothing)" if rate is None else ""
                )
                zeroed = "the predictions themselves"
                if loss is not None and loss.name in kn.CROSSENTROPY_LOSSES:
                    if stage.units == 1:
                        # One probability (a binary classifier): no class scores to compare.
                        zeroed = "the predicted probability itself"
                        effect = "so the predicted probabilities come out under-confident"
                    else:
                        zeroed = "the class scores themselves"
                        # A classifier's outputs are scores: smaller ones keep the predicted
                        # class but flatten the probabilities (a reader's replica of a keyword
                        # spotter at 0.5: top probability 0.14 against 0.60, same accuracy).
                        effect = (
                            "so the trained scores run low and the predicted probabilities "
                            "come out under-confident (the predicted class is mostly kept)"
                        )
                ctx.report(
                    layer.where,
                    f"Dropout after the output layer zeroes {zeroed} during training, "
                    f"{effect}; put dropout between hidden layers{unknown}",
                    severity=Severity.INFO if small else None,
                    related=[(stage.layer.where, "output layer")],
                    model=model,
                )


# Output activations that map a dropped (zero) input to a value that is not zero.
_NONZERO_AT_ZERO = frozenset({"softmax", "sigmoid", "hard_sigmoid", "softplus", "log_softmax"})
