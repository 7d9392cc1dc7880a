"""DF702 division-by-zero-sums."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.model import DataSpec, Located
from defib.engine.rules import Invalid, Rule, RuleContext

_PROGRAM = """import numpy as np
import keras

x = np.load("features.npy")
y = np.load("labels.npy")
x = x / {divisor}

model = keras.Sequential([
    keras.Input((300,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=5)
"""


class DivisionByZeroSums(Rule):
    """Features divided by their own row sums or norms, with no floor, and passed to `fit()`.

    ## What it does
    Flags `x / x.sum(axis=1, keepdims=True)`, `x /= x.sum(1).reshape(-1, 1)` and
    `x / np.linalg.norm(x, axis=1, keepdims=True)` (sums or norms along an axis, reshaped or
    not) when the result reaches `fit()` as the model's input and nothing keeps the divisor
    above zero (`np.maximum(sums, eps)`, `+ eps`). A single sum of the whole array is left
    alone: it is 0 only when every value is.

    ## Why is this bad?
    A sample whose features are all 0 (an empty bag of words, a graph node with no features)
    has a sum of 0, and 0 / 0 is NaN. One NaN input turns the first layer's kernel NaN at the
    first update that sees it. Measured with `bench/calibrate_zero_sums.py` (a bag-of-words
    classifier, 2,000 samples of 300 binary features with about 5% empty rows, 5 seeds,
    5 epochs, Adam): the bare division left the first kernel NaN on 5 of 5 seeds, and the
    model then output one constant for every input (the ReLU after the kernel passes NaN on as
    0 on a CPU), at the accuracy of guessing (median 0.36, three classes) with a finite loss;
    floored, 0 of 5, accuracy 0.85. With no empty row (denser features) the bare division is
    harmless (0 of 5). Whether the data has an empty row is not in the code, so this is `info`.

    ## Example
    ```python
    x = x / x.sum(axis=1, keepdims=True)
    ```

    ## Use instead
    ```python
    x = x / np.maximum(x.sum(axis=1, keepdims=True), 1e-12)
    ```

    ## Fix safety
    No fix is offered: whether an empty sample should stay all zeros (a floored divisor) or be
    dropped from the data is the author's call.
    """

    code = "DF702"
    name = "division-by-zero-sums"
    severity = Severity.INFO
    message = (
        "Features divided by their own row sums with no floor: a sample whose features are all 0"
        " becomes 0/0 = NaN, which turns the first layer's weights NaN and the output constant"
        " (risk: sparse text or graph features often have empty rows); divide by"
        " np.maximum(sums, 1e-12) instead"
    )

    VALID = [
        _PROGRAM.format(divisor="np.maximum(x.sum(axis=1, keepdims=True), 1e-12)"),
        _PROGRAM.format(divisor="(x.sum(axis=1, keepdims=True) + 1e-8)"),
        # One sum of everything is 0 only when every value is.
        _PROGRAM.format(divisor="x.sum()"),
        _PROGRAM.format(divisor="np.sum(x)"),
        _PROGRAM.format(divisor="255.0"),
    ]
    INVALID = [
        Invalid(_PROGRAM.format(divisor="x.sum(axis=1, keepdims=True)")),
        Invalid(_PROGRAM.format(divisor="x.sum(1).reshape(-1, 1)")),
        Invalid(_PROGRAM.format(divisor="np.linalg.norm(x, axis=1)[:, np.newaxis]")),
    ]

    def check(self, ctx: RuleContext) -> None:
        reported: set[tuple[int, int]] = set()
        for model in ctx.models:
            fit = model.fit
            if fit is None:
                continue
            inputs: list[DataSpec] = [*([fit.x] if fit.x is not None else []), *fit.x_inputs]
            for data in inputs:
                where: Located | None = data.divided_by_sums
                if where is None or where.key in reported:
                    continue
                reported.add(where.key)
                ctx.report(where, related=[(fit.where, "the features reach fit() here")])
