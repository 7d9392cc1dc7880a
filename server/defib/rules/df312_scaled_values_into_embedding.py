"""DF312 scaled-values-into-embedding."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.rules import Invalid, Rule, RuleContext

_MODEL = """import numpy as np
import keras
from sklearn.preprocessing import MinMaxScaler

x = np.random.randint(0, 200, size=(3000, 9))
y = np.random.randint(0, 3, size=3000)
x = {features}
model = keras.Sequential([
    keras.layers.Embedding(200, 32),
    keras.layers.LSTM(32),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=10)
"""

# Layers that pass ids on unchanged in meaning to the first layer with weights.
_PASS_THROUGH = frozenset({"InputLayer", "Reshape", "Flatten", "Permute", "Dropout"})
_EMBEDDING = frozenset({"Embedding"})


class ScaledValuesIntoEmbedding(Rule):
    """Scaled values given to an Embedding, which reads its input as integer ids.

    ## What it does
    Flags a model whose first layer with weights is an `Embedding` when the inputs given to
    `fit()` were scaled on the way (a scikit-learn scaler, a division, `normalize`): values
    such as a `MinMaxScaler`'s, between 0 and 1, or a `StandardScaler`'s, around 0.

    ## Why is this bad?
    An Embedding looks each input up as a row of its table, so Keras casts what it is given
    to integers, and the cast cuts the fraction off: every value between -1 and 1 is read as
    id 0, and a negative one is not an id at all (TensorFlow refuses it on a CPU). Scaled
    features become one token repeated, and the model can only learn the classes' frequency.
    Measured with `bench/calibrate_scaled_embedding.py` (9 integer features from 0 to 199, an
    Embedding, an LSTM and a 3-class softmax, Adam, 10 epochs, 3 seeds): given as integers,
    0.5% of the inputs were read as id 0 and held-out accuracy was 0.75-0.80; scaled by a
    `MinMaxScaler`, 99.5% were read as id 0, accuracy was 0.52-0.55 and the predictions' spread
    across samples 0.001-0.006 (0.34-0.36 as integers): the same output for every input. With a
    `StandardScaler` (clipped at 0 so TensorFlow accepts the ids), 79% were read as id 0 and
    accuracy fell to 0.56-0.61.

    ## Example
    ```python
    x = MinMaxScaler().fit_transform(features)
    model = keras.Sequential([keras.layers.Embedding(200000, 250), keras.layers.LSTM(250), ...])
    model.fit(x, y)
    ```

    ## Use instead
    ```python
    model = keras.Sequential([keras.Input((9,)), keras.layers.Dense(64, activation="relu"), ...])
    model.fit(MinMaxScaler().fit_transform(features), y)
    ```
    or give the Embedding the integer ids, unscaled.

    ## Fix safety
    No fix: whether the inputs are ids or measurements is the author's choice.
    """

    code = "DF312"
    name = "scaled-values-into-embedding"
    severity = Severity.WARNING
    message = "Scaled values given to an Embedding, which reads them as integer ids"

    VALID = [
        _MODEL.format(features="x"),
        # Scaled features into a Dense layer: read as numbers, as they should be.
        _MODEL.format(features="MinMaxScaler().fit_transform(x)")
        .replace("keras.layers.Embedding(200, 32),\n", "")
        .replace("keras.layers.LSTM(32)", "keras.layers.Dense(32, activation='relu')"),
    ]
    INVALID = [
        Invalid(_MODEL.format(features="MinMaxScaler().fit_transform(x)")),
        Invalid(_MODEL.format(features="x / 199.0")),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            fit = model.fit
            if fit is None or fit.x is None:
                continue
            data = fit.x
            if not data.scaled or data.pipeline:
                continue
            embedding = model.first_layer_past(_PASS_THROUGH, _EMBEDDING)
            if embedding is None:
                continue
            related = [(embedding.where, "Embedding, the first layer the values meet")]
            if data.origin is not None:
                related.append((data.origin, "data created here"))
            where = fit.x_arg.where if fit.x_arg is not None else fit.where
            # Word ids joined with scaled columns: the ids are read right, the columns not.
            scaled = (
                "Some of these inputs were scaled (the rest are word ids)"
                if data.token_ids
                else "These inputs were scaled"
            )
            ctx.report(
                where,
                f"{scaled}, and the Embedding they go to reads them as integer "
                "ids: Keras casts them to int, which cuts the fraction off, so every value "
                "between -1 and 1 becomes id 0 and a negative one is no id at all. On a "
                "measured task, MinMaxScaler's values were 99.5% id 0 and the output was the "
                "same for every input. Give the Embedding the unscaled integer ids, or give "
                "scaled measurements to a Dense layer",
                related=related,
                model=model,
            )
