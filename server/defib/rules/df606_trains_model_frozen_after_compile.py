"""DF606 trains-model-frozen-after-compile."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.rules import Invalid, Rule, RuleContext

_GAN = """import numpy as np
import keras

discriminator = keras.Sequential([
    keras.Input((2,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
discriminator.compile(optimizer="adam", loss="binary_crossentropy")
discriminator.trainable = False

generator = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
noise = keras.Input((4,))
combined = keras.Model(noise, discriminator(generator(noise)))
combined.compile(optimizer="adam", loss="binary_crossentropy")

for step in range(1000):
    real = np.random.normal(3.0, 1.0, (32, 2))
    fake = generator.predict(np.random.normal(size=(32, 4)))
{before}    discriminator.train_on_batch(np.concatenate([real, fake]), np.r_[np.ones(32), np.zeros(32)])
{after}    combined.train_on_batch(np.random.normal(size=(32, 4)), np.ones(32))
"""


class TrainsModelFrozenAfterCompile(Rule):
    """A model set `trainable = False` after its `compile()`, then trained on its own.

    ## What it does
    Flags `fit()` or `train_on_batch()` of a model that was compiled, then had every layer set
    `trainable = False` (`model.trainable = False`, or a loop over all of `model.layers`), and
    was not compiled again or made trainable again before training. This is Keras 2's GAN
    recipe: compile the discriminator, freeze it so the combined model compiled next trains the
    generator alone, then train the discriminator with its own `train_on_batch()`. A file
    that uses something only Keras 2 has (`lr=`, `nb_epoch=`, `keras.layers.convolutional`,
    `fit_generator()`, a TensorFlow 1 session) is left alone: it runs under Keras 2, where the
    recipe trains.

    ## Why is this bad?
    Keras 2 kept the trainable state a model had when it was compiled, so the recipe worked.
    Keras 3 (the Keras of TensorFlow 2.16 and later, and of `pip install keras`) reads
    `trainable` when it trains: the frozen discriminator's own steps change none of its
    weights, it never learns to tell real from generated samples, and the generator trains
    against a fixed random judge. Keras 3 only warns ("The model does not have any trainable
    weights"). Measured with `bench/calibrate_untrained_copy.py --frozen-after-compile`
    (Keras 3.15, a discriminator of two Dense layers and a generator on 2-D points, 100
    rounds, 3 seeds): built as the recipe does, 0% of the discriminator's weights changed and
    its loss stayed where it started (1.13 to 1.19, 0.65 to 0.66, 0.57 to 0.57); made
    trainable again before its own steps (and frozen again before the combined model's), 100%
    changed and its loss fell (to 0.53, 0.43, 0.35). Under Keras 2 the recipe trains, so this
    is a `warning`, not an error.

    ## Example
    ```python
    discriminator.compile(optimizer="adam", loss="binary_crossentropy")
    discriminator.trainable = False
    combined.compile(optimizer="adam", loss="binary_crossentropy")
    ...
    discriminator.train_on_batch(x, y)
    ```

    ## Use instead
    ```python
    discriminator.trainable = True
    discriminator.train_on_batch(x, y)
    discriminator.trainable = False
    combined.train_on_batch(noise, valid)
    ```

    ## Fix safety
    No fix: where the model should be made trainable again depends on the training loop.
    """

    code = "DF606"
    name = "trains-model-frozen-after-compile"
    severity = Severity.WARNING
    message = "This model is frozen after its compile(): Keras 3 trains none of its weights"

    VALID = [
        # Keras 2 code (`lr=`): compile() kept the discriminator trainable for its own steps.
        _GAN.format(before="", after="").replace(
            'optimizer="adam"', "optimizer=keras.optimizers.Adam(lr=2e-4)"
        ),
        _GAN.format(
            before="    discriminator.trainable = True\n",
            after="    discriminator.trainable = False\n",
        ),
    ]
    INVALID = [Invalid(_GAN.format(before="", after=""))]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            if model.trained_frozen_after_compile is None or ctx.keras2_only():
                continue
            frozen, trained = model.trained_frozen_after_compile
            ctx.report(
                trained,
                "This model was compiled, then frozen (trainable = False), and is trained "
                "here without being made trainable again: Keras 3 reads `trainable` when it "
                "trains, so this changes none of its weights (Keras 2 trained what compile() "
                "saw). Set `trainable = True` before training it, and back to False before "
                "training the model that should keep it frozen",
                related=[(frozen, "frozen after its compile()")],
                model=model,
            )
