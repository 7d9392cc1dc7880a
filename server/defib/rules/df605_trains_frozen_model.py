"""DF605 trains-frozen-model."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.rules import Invalid, Rule, RuleContext

_MODEL = """import numpy as np
import keras

model = keras.Sequential([
    keras.Input((8,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
for layer in model.layers{part}:
    layer.trainable = False
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(np.random.rand(64, 8), np.random.randint(0, 3, 64), epochs=5)
"""


class TrainsFrozenModel(Rule):
    """A model trained after every one of its layers was frozen.

    ## What it does
    Flags a `fit()` of a model that was compiled after all of its layers were set
    `trainable = False` (`model.trainable = False`, or a loop over all of `model.layers`),
    with nothing made trainable again in between. Freezing a slice of the layers
    (`model.layers[:-2]`), a pretrained base that another model holds, or a layer found another
    way is left alone, as is a freeze under a condition Defib cannot decide.

    ## Why is this bad?
    Keras compiles the trainable state it finds: with every layer frozen there is nothing to
    train, so `fit()` runs its epochs without changing a weight, and the new head of a
    transfer-learning model keeps its random initial weights. Keras 3 only warns ("The model
    does not have any trainable weights"). Measured with `bench/calibrate_untrained_copy.py
    --frozen` (a two-layer classifier, 5 epochs, 3 seeds): none of its weights changed and its
    loss stayed at its first epoch's value, 3 of 3 seeds; with only the first layer frozen,
    every weight of the second changed (26% of the model's) and the loss fell by 7-11%.

    ## Example
    ```python
    for layer in model.layers:
        layer.trainable = False
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    model.fit(x, y)
    ```

    ## Use instead
    ```python
    for layer in model.layers[:-2]:  # keep the new head trainable
        layer.trainable = False
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    model.fit(x, y)
    ```

    ## Fix safety
    No fix: which layers should train is the author's choice.
    """

    code = "DF605"
    name = "trains-frozen-model"
    severity = Severity.ERROR
    message = "Every layer of this model is frozen: fit() trains nothing"

    VALID = [_MODEL.format(part="[:-1]")]
    INVALID = [Invalid(_MODEL.format(part=""))]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            if model.trained_frozen is None:
                continue
            frozen, fit = model.trained_frozen
            ctx.report(
                frozen,
                "Every layer of this model is frozen here, and it is compiled and fitted so: "
                "fit() changes no weight, so each layer keeps the weights it had (a new head's "
                "its random initial ones). Leave the layers to train trainable (freeze a slice "
                "such as `model.layers[:-2]`, or only the pretrained base)",
                related=[(fit, "trains the frozen model")],
                model=model,
            )
