"""DF607 misspelt-trainable."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.rules import Invalid, Rule, RuleContext

_GAN = """import keras

discriminator = keras.Sequential([
    keras.Input((784,)),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
discriminator.compile(optimizer="adam", loss="binary_crossentropy")
discriminator.{flag} = False
generator = keras.Sequential([keras.Input((32,)), keras.layers.Dense(784, activation="sigmoid")])
gan = keras.Sequential([generator, discriminator])
gan.compile(optimizer="adam", loss="binary_crossentropy")
"""


class MisspeltTrainable(Rule):
    """`trainable` set under a misspelt name: nothing is frozen.

    ## What it does
    Flags `obj.<name> = True` or `= False` where the name is one or two letters off
    `trainable` (`trainabe`, `trainble`, `traininable`) or in another case (`Trainable`).
    A name the file also reads somewhere is left alone: it is the file's own attribute, as is
    one set on `self` alone, whose class may be the file's. So are names of their own that
    happen to be near (`_trainable`, `untrainable`, `trainables`).

    ## Why is this bad?
    Python sets a new attribute of that name, Keras never reads it, and no error is raised:
    the layers the line meant to freeze train on. Checked on Keras 3.15: after
    `model.trainabe = False` and `layer.trainble = False` on each layer, all 4 of a
    two-layer model's weights were still trainable; `model.trainable = False` left 0. In a
    GAN the discriminator then learns, during every generator step, to call the generated
    samples real, and the pair stops teaching the generator anything (a held-out reader found
    `discriminator.traininable = False` in a course's GAN); in transfer learning the
    pretrained base is retrained with the new head's random gradients. Searching public code
    found the misspelling in loops that freeze a pretrained base, in GANs and in encoders.

    ## Example
    ```python
    for layer in base_model.layers:
        layer.trainabe = False
    ```

    ## Use instead
    ```python
    for layer in base_model.layers:
        layer.trainable = False
    ```

    ## Fix safety
    Unsafe: the fix spells the name right, which freezes what the line meant to freeze and so
    changes what trains.
    """

    code = "DF607"
    name = "misspelt-trainable"
    severity = Severity.WARNING
    message = "`trainable` is misspelt: nothing is frozen or unfrozen"

    VALID = [
        _GAN.format(flag="trainable"),
        # The file's own attribute: it reads it back.
        _GAN.format(flag="trainables") + "print(discriminator.trainables)\n",
        _GAN.format(flag="trainble") + "if discriminator.trainble:\n    pass\n",
    ]
    INVALID = [
        Invalid(_GAN.format(flag="traininable"), _GAN.format(flag="trainable")),
        Invalid(_GAN.format(flag="trainabe"), _GAN.format(flag="trainable")),
        Invalid(_GAN.format(flag="Trainable"), _GAN.format(flag="trainable")),
    ]

    def check(self, ctx: RuleContext) -> None:
        for found in ctx.misspelt_flags():
            ctx.report(
                found.where,
                f"`{found.written}` is not an attribute Keras reads (did you mean "
                f"`{found.meant}`?): this sets a new attribute and "
                f"{'unfreezes' if found.value else 'freezes'} nothing; the layers keep the "
                "trainable state they had",
                fix=ctx.fix(f"Spell it `{found.meant}`", "unsafe", (found.where, found.meant)),
            )
