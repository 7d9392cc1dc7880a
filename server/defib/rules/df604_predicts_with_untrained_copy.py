"""DF604 predicts-with-untrained-copy."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.model import ModelSpec
from defib.engine.rules import Invalid, Rule, RuleContext

_GAN = """import numpy as np
import keras

def generator_network(z):
    x = keras.layers.Dense(32, activation="relu")(z)
    return keras.layers.Dense(4, activation="tanh")(x)

def discriminator_network(x):
    x = keras.layers.Dense(32, activation="relu")(x)
    return keras.layers.Dense(1, activation="sigmoid")(x)

z = keras.Input((8,))
image = keras.Input((4,))
generator = keras.Model(z, generator_network(z))
discriminator = keras.Model(image, discriminator_network(image))
discriminator.compile(optimizer="adam", loss="binary_crossentropy")
discriminator.trainable = False
combined = keras.Model(z, {combined})
combined.compile(optimizer="adam", loss="binary_crossentropy")
for step in range(100):
    noise = np.random.normal(size=(32, 8))
    fake = generator.predict(noise)
    discriminator.train_on_batch(fake, np.zeros((32, 1)))
    combined.train_on_batch(noise, np.ones((32, 1)))
"""


class PredictsWithUntrainedCopy(Rule):
    """A model that predicts, while training goes to new copies of its layers.

    ## What it does
    Flags a model the file predicts with but never trains, when a model the file does train
    was built by running the same layer-building code again (`discriminator_network(
    generator_network(z))` for a GAN's combined model). That code made new layers, with
    weights of their own, so training the second model never reaches the first.

    ## Why is this bad?
    Keras layers hold their weights: calling a function that creates layers twice gives two
    independent networks. The model that predicts keeps the weights it was built with, so its
    outputs never improve however long the other trains: a GAN's samples stay the noise of an
    untrained generator while the combined model's loss moves. Measured with
    `bench/calibrate_untrained_copy.py` (a GAN on 2-D points, 300 steps of the combined model,
    3 seeds): none of the generator model's weights changed, while the copy of its layers in
    the combined model moved by 50-62% of their size; with the combined model built from the
    generator itself, every one of the generator's weights changed (3 of 3 seeds).

    Not flagged: a model whose weights are loaded or set, or one built around a block whose
    weights are (a checkpoint restored into a fresh copy, a target network refreshed with
    `set_weights`, a rebuilt head given the trained head's saved weights), one passed to code Defib does not
    read, one whose layers or variables are reached another way, and a model that is itself
    called on tensors (so a trained model holds its layers). Weights loaded only under a
    condition (`if weights_path:`) are named in the message: they do not change in training
    either.

    ## Example
    ```python
    generator = keras.Model(z, generator_network(z))
    combined = keras.Model(z, discriminator_network(generator_network(z)))
    ```

    ## Use instead
    ```python
    generator = keras.Model(z, generator_network(z))
    combined = keras.Model(z, discriminator(generator(z)))
    ```

    ## Fix safety
    No fix: which models should share layers is the author's design.
    """

    code = "DF604"
    name = "predicts-with-untrained-copy"
    severity = Severity.WARNING
    message = "This model predicts but is never trained: training goes to copies of its layers"
    judges_training = False  # a model run to predict is what it is about

    VALID = [
        _GAN.format(combined="discriminator(generator(z))"),
        # A checkpoint restored into a fresh copy of the trained model.
        """import numpy as np
import keras

def create_model():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                             keras.layers.Dense(1)])

x, y = np.random.rand(64, 4), np.random.rand(64, 1)
model = create_model()
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=2)
model.save_weights("w.weights.h5")
restored = create_model()
restored.load_weights("w.weights.h5")
restored.predict(x)
""",
    ]
    INVALID = [Invalid(_GAN.format(combined="discriminator_network(generator_network(z))"))]

    def check(self, ctx: RuleContext) -> None:
        trained = [m for m in ctx.models if m.fit is not None]
        for model in ctx.models:
            if model.predicted is None or model.fit is not None or model.used_as_layer:
                continue
            if model.handled_elsewhere or model.shares_trained_layers:
                continue
            if any(layer.opaque or layer.weights_loaded for layer in model.layers):
                continue  # what it computes, or which weights it holds, is not known
            copy = _trained_copy(model, trained)
            if copy is None:
                continue
            loaded = model.weights_loaded_if
            message = (
                "This model predicts but is never trained: the model that is trained was built "
                "by running the same layer-building code again, which made new layers with "
                "weights of their own, so training never changes this model's weights"
                + (" (nor those it loads under a condition)" if loaded is not None else "")
                + ". Build the trained model by calling this one"
            )
            related = [(copy.where, "the model trained instead, with copies of its layers")]
            related.append((model.predicted, "predicts with the weights it was built with"))
            if loaded is not None:
                related.append((loaded, "weights loaded only under a condition"))
            ctx.report(model.where, message, related=related, model=model)


def _trained_copy(model: ModelSpec, trained: list[ModelSpec]) -> ModelSpec | None:
    """A trained model with a layer made by the same code as each of `model`'s weight layers
    (one that shares a layer with `model` is ruled out before: `shares_trained_layers`)."""
    weights = [layer for layer in model.layers if layer.has_weights]
    if not weights:
        return None
    for other in trained:
        made_there = {layer.where.key for layer in other.layers}
        if all(layer.where.key in made_there for layer in weights):
            return other
    return None
