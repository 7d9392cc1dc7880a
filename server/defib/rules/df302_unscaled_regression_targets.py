"""DF302 unscaled-regression-targets."""

from __future__ import annotations

from defib.engine import keras_names as kn
from defib.engine.data_files import (
    Column,
    FileScale,
    label_column_numbers,
    label_columns,
    read_call_scale,
)
from defib.engine.diagnostics import Severity
from defib.engine.model import DataSpec, FitSpec, ModelSpec
from defib.engine.rules import Invalid, Rule, RuleContext

_MODEL = """import numpy as np
import keras
x = np.random.normal(size=(512, 10))
y = np.random.normal(size=(512, 1)) * {scale}
model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer={optimizer}, loss="mse")
model.fit(x, y, epochs=20)
"""


_LINEAR_REGRESSION = """import numpy as np
import keras
x = np.random.normal(size=(512, 10))
y = np.random.normal(size=(512, 1)) * 100000
model = keras.Sequential([keras.Input(shape=(10,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit(x, y, epochs=20)
"""

_SGD_DEFAULT_RATE = kn.OPTIMIZER_DEFAULT_RATES["sgd"]


class UnscaledRegressionTargets(Rule):
    """Regression targets far from unit scale.

    ## What it does
    Flags a regression model (linear output, mean squared error) trained with `fit()` on targets
    whose values reach 100 or more under plain SGD at its default rate of 0.01 (the limit
    moves with the rate: rate x targets² of 100 or more), or 1,000 or more under an adaptive
    optimizer, when the targets were not scaled on the way. Targets read from a data file
    beside the code, as the column the code names (`y = df["price"]`), are measured in the
    file's first 2 MB. Under an adaptive optimizer those are reported only where the training
    is measured too short to reach them: every row of the file in every epoch, at fit()'s
    batch size, is fewer steps than the calibration needed for targets that large (an info).

    ## Why is this bad?
    The mean squared error and its gradient grow with the square of the targets' scale. Plain
    SGD then takes steps large enough to overflow; an adaptive optimizer moves each weight by
    about its learning rate per step, so the output needs thousands of steps just to reach the
    targets' mean and predicts much the same value for every input meanwhile. (The absolute
    error's gradient does not grow with the targets: `mae` and `huber` are not flagged.)
    Calibrated (`bench/calibrate_rules.py --only DF302,control`: a ReLU MLP on 10 features,
    5 seeds, 20 epochs, targets offset and scaled so that they reach about 13x the scale):
    under SGD(0.01) the training broke (non-finite or constant) in 1/5 runs at scale 10 and
    5/5 at scales 30 and 1,000 (0/5 at scale 1); under Adam the final squared error was about
    0.12, 1.3 and 1.7 times the targets' variance at scales 100, 1,000 and 10,000 (0.003 at
    scale 1; above 1 is worse than predicting the mean).

    A single Dense layer with no activation is the exception under SGD: the error is quadratic
    in its weights, whose curvature comes from the inputs alone, so the targets' scale changes
    how far the weights travel, not whether the steps stay stable (DF101 weighs the inputs).
    Measured with `bench/calibrate_linear_targets.py` (512 samples, 10 standardised features,
    SGD(0.01), 20 epochs, 5 seeds): one
    `Dense(1)` ended with a squared error of 8e-5 to 6e-4 of the targets' variance at target
    scales 1, 1,000 and 100,000; two stacked linear `Dense(1)` layers, whose weights multiply,
    ended NaN on 5 of 5 seeds at 1,000 and 100,000 (fine at 1).

    How long the training runs decides whether an adaptive optimizer gets there: measured with
    `bench/calibrate_rules.py --epochs 90` and `--epochs 200` (16 steps an epoch), targets
    reaching about 1.3 million were still worse than their mean after 1,440 steps (1.25 times
    their variance) and fit after 3,200 (0.15); targets reaching 130,000 fit after 1,440
    (0.13). A held-out reader's car-price regression (prices up to 8.9 million, about 2,200
    steps) predicted 79,000 on average for a mean of 490,000, worse than a constant; a course's
    house-price regression (7.7 million, about 67,000 steps) trains.

    ## Example
    ```python
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, prices)  # prices in dollars
    ```

    ## Use instead
    ```python
    scaler = StandardScaler()
    model.fit(x, scaler.fit_transform(prices))  # predict, then scaler.inverse_transform
    ```

    ## Fix safety
    No fix: the predictions must be scaled back, which only the author can place.
    """

    code = "DF302"
    name = "unscaled-regression-targets"
    severity = Severity.WARNING
    message = "Regression targets far from unit scale"
    judges_output = True
    thresholds = {"max-target-magnitude-sgd": 100.0, "max-target-magnitude": 1000.0}

    VALID = [
        _MODEL.format(scale=10, optimizer='"adam"'),
        _MODEL.format(scale=1, optimizer='"sgd"'),
        _LINEAR_REGRESSION,  # one Dense layer: its step does not grow with the targets
    ]
    INVALID = [
        Invalid(_MODEL.format(scale=1000, optimizer='"sgd"')),
        Invalid(_MODEL.format(scale=100000, optimizer='"adam"')),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            fit, stage = model.fit, model.output_stage
            if fit is None or fit.y is None or fit.y_arg is None or stage is None:
                continue
            loss = fit.loss or (model.compile.loss if model.compile else None)
            optimizer = model.compile.optimizer if model.compile else None
            if loss is None or loss.name != "mse":
                continue  # an absolute or Huber loss's gradient does not grow with the targets
            if stage.activation != "linear" or model.input_is_model_input:
                continue
            largest = largest_target(fit.y)
            column = column_of_targets(ctx, fit.y) if largest is None else None
            if column is not None:
                largest = column[1].largest
            if largest is None:
                continue
            plain_sgd = optimizer is not None and optimizer.name == "sgd" and not optimizer.clipped
            rate = optimizer.learning_rate if optimizer is not None else None  # default filled in
            if plain_sgd and rate is None:
                continue  # a rate Defib cannot read: say nothing
            # SGD's step grows with rate x targets^2: calibrated at its default rate of 0.01.
            sgd_limit = ctx.threshold("max-target-magnitude-sgd") ** 2 * _SGD_DEFAULT_RATE
            if plain_sgd and _linear_in_its_weights(model):
                continue  # its stable step depends on the inputs alone: DF101 weighs those
            if plain_sgd and rate is not None and rate * largest**2 >= sgd_limit:
                severity = Severity.WARNING
                outcome = (
                    "plain SGD's steps on them overflow, or the output settles on their mean "
                    "(non-finite or constant in calibration)"
                )
            elif column is not None:
                # A file's targets under an adaptive optimizer: whether the output gets to them
                # depends on how long it trains, which the file's rows and fit() tell.
                steps = _most_steps(fit, column[0])
                if plain_sgd or steps is None or not _too_few_steps(largest, steps):
                    continue
                severity = Severity.INFO
                outcome = (
                    f"this fit() takes at most about {steps:,} steps, fewer than Adam needed to "
                    "reach targets this large from an output near 0 (risk of predicting much the "
                    "same value for every input)"
                )
            elif not plain_sgd and largest >= 10 * ctx.threshold("max-target-magnitude"):
                severity = Severity.WARNING
                outcome = (
                    "the output takes thousands of steps to reach them and predicts much the "
                    "same value meanwhile"
                )
            elif not plain_sgd and largest >= ctx.threshold("max-target-magnitude"):
                severity = Severity.INFO
                outcome = "training is slow (risk)"
            else:
                continue
            reach = (
                f"Regression targets read from {column[0].name} reach "
                f"{f'{largest:,.0f}' if largest >= 1000 else f'{largest:,.6g}'} "
                f"({column[1].shown}) and are not scaled"
                if column is not None
                else f"Regression targets reach about {largest:,.6g} and are not scaled"
            )
            ctx.report(
                fit.y_arg.where,
                f"{reach}: {outcome}; standardise them (and scale predictions back)",
                severity=severity,
                related=[(fit.y.origin, "targets created here")] if fit.y.origin else [],
                model=model,
            )


def largest_target(data: DataSpec) -> float | None:
    """The largest absolute target value known, if the targets were not scaled."""
    if data.scaled or data.label_format not in ("continuous", "unknown"):
        return None
    return data.largest_value()


def column_of_targets(
    ctx: RuleContext, data: DataSpec, by_number: bool = False
) -> tuple[FileScale, Column] | None:
    """The column of a data file beside the code that the targets are, when the code names it
    (`y = df["price"]`) and the targets were not scaled on the way: its values are the
    targets'. `by_number`: failing that, the column it takes by number (`y = data[:, 7]`).
    Only the file's first 2 MB are read, so the largest value is a floor. No column where the
    code names or numbers several: which one is fitted is not known."""
    if data.source != "file" or data.scaled or data.label_format not in ("continuous", "unknown"):
        return None
    names = label_columns(ctx.statements)
    if len(names) != 1 and not by_number:
        return None
    scale = read_call_scale(ctx.path, data.origin, data.path)
    if scale is None:
        return None
    found = [c for c in scale.columns if len(names) == 1 and c.name in names]
    if not (found and _measured_values(found[0])) and by_number:
        numbers = label_column_numbers(ctx.statements, scale.width)
        found = [c for c in scale.columns if len(numbers) == 1 and c.number in numbers]
    if not found or not _measured_values(found[0]):
        return None
    return scale, found[0]


def _measured_values(column: Column) -> bool:
    """Neither standardised nor row numbers: values as the targets are."""
    return not column.standardised and not column.row_ids


# Measured with bench/calibrate_rules.py (a ReLU MLP, Adam, 16 steps an epoch, 5 seeds): targets
# reaching about 1.3 million were still worse than their mean after 1,440 steps (1.25 times
# their variance), fit at 3,200 (0.15); targets reaching 13,000 and 130,000 were worse than
# their mean after 320 steps (1.3 and 1.7 times), fit at 1,440 (0.13) or 3,200 (0.006).
_STEPS_NEEDED = ((1_000_000.0, 3_200), (10_000.0, 320))


def _too_few_steps(largest: float, steps: int) -> bool:
    """Whether targets this large were measured out of reach in this many steps."""
    return any(largest >= size and steps < needed for size, needed in _STEPS_NEEDED)


def _most_steps(fit: FitSpec, scale: FileScale) -> int | None:
    """The most optimizer steps fit() can take on the file: every row of it in every epoch (a
    split only takes fewer). None where the epochs are not known, or fit() runs in a loop."""
    if fit.epochs is None or fit.repeated or scale.rows_in_file <= 0:
        return None
    batch = fit.batch_size or 32
    return fit.epochs * -(-scale.rows_in_file // batch)


def _linear_in_its_weights(model: ModelSpec) -> bool:
    """One Dense layer with no activation between input and output: a linear regression."""
    return (
        model.linear_units() is not None
        and sum(1 for layer in model.layers if layer.kind == "Dense") == 1
    )
