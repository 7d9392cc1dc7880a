"""DF408 targets-outside-output-range."""

from __future__ import annotations

from defib.engine import keras_names as kn
from defib.engine.diagnostics import Severity
from defib.engine.model import DataSpec, ModelSpec, Stage
from defib.engine.rules import Invalid, Rule, RuleContext
from defib.rules.df301_unscaled_input_features import file_features_largest
from defib.rules.df302_unscaled_regression_targets import column_of_targets, largest_target

_MODEL = """import numpy as np
import keras
x = np.random.normal(size=(512, 10))
y = {targets}
model = keras.Sequential([keras.layers.Dense(32, activation="relu"), keras.layers.Dense(1, activation="{act}")])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=20)
"""

# An autoencoder's losses: a regression loss, or binary cross-entropy on targets in [0, 1],
# whose minimum beyond 1 lies past the output's edge.
_RECONSTRUCTION_LOSSES = kn.REGRESSION_LOSSES | {"binary_crossentropy"}
# The values each bounded output activation can take (the probe's data checks keep the same
# table in probe/worker/data_checks.py, which runs in the user's Python without the engine).
_RANGES: dict[str, tuple[float, float]] = {
    "sigmoid": (0.0, 1.0),
    "hard_sigmoid": (0.0, 1.0),
    "softmax": (0.0, 1.0),
    "tanh": (-1.0, 1.0),
    "softsign": (-1.0, 1.0),
}


class TargetsOutsideOutputRange(Rule):
    """Regression targets larger than a bounded output can ever be.

    ## What it does
    Flags a model trained with a regression loss (`mse`, `mae`, `huber`, ...) whose output
    layer is a sigmoid, softmax (values in 0 to 1), tanh or softsign (-1 to 1), when the
    targets given to `fit()` are known to reach 4 or more in size: arrays the code builds,
    Keras's data sets, and a data file's column beside the code. An autoencoder's targets are
    its inputs (`fit(x, x)`, `class_mode="input"`): the pixels or the file's feature columns,
    under a regression loss or binary cross-entropy, whose minimum for a target above 1 lies
    past the output's edge too. An error when every target is known to lie beyond the range;
    an info when they reach 1.5 to 4, where part of them may still fit.

    ## Why is this bad?
    The output cannot leave its range, so every target beyond it pulls the output to the edge,
    where the activation's slope is nearly 0. Where most targets lie beyond, the output sits
    at the edge for every input: the model always predicts about the same value.
    `bench/calibrate_output_range.py` (10 standardised features, a 32-16 ReLU MLP, Adam, 50
    epochs, 3 seeds; the ideal output varies across the whole interval): with targets in
    [0, 8], [0, 255] or [1001, 1100], a sigmoid or tanh output explained none of the targets'
    variance (R² -1.1, -2.0 and -963) and its spread was 0.001-0.002, 1e-5 and 2e-5 of the
    targets'; the same network with a linear output reached R² 0.80, 0.71 and, for targets
    around 1,000 (DF302's case), -50. With targets in [0, 2], half of which fit, R² was 0.50
    (0.91 in [0.1, 0.9]).

    ## Example
    ```python
    keras.layers.Dense(1, activation="sigmoid")  # prices in dollars, loss="mse"
    ```

    ## Use instead
    ```python
    keras.layers.Dense(1)  # and standardise the targets (DF302)
    ```
    or scale the targets into the output's range (divide pixels by 255).

    ## Fix safety
    Unsafe: the fix makes the output linear, which changes what `predict()` returns.
    """

    code = "DF408"
    name = "targets-outside-output-range"
    severity = Severity.WARNING
    message = "Regression targets outside the output activation's range"
    judges_output = True
    thresholds = {"min-target-size": 4.0}

    VALID = [
        _MODEL.format(targets="np.random.rand(512)", act="sigmoid"),
        _MODEL.format(targets="np.random.rand(512) * 100", act="linear"),
        # Scaled into the output's range on the way.
        _MODEL.format(targets="np.random.rand(512) * 100 / 100.0", act="sigmoid"),
    ]
    INVALID = [
        Invalid(
            _MODEL.format(targets="np.random.rand(512) * 50", act="sigmoid"),
            _MODEL.format(targets="np.random.rand(512) * 50", act="linear"),
        ),
        # Every target above 1: an error.
        Invalid(_MODEL.format(targets="1000 + np.random.rand(512) * 100", act="tanh")),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            stage, fit = model.output_stage, model.fit
            if stage is None or fit is None or fit.y is None or fit.y_arg is None:
                continue
            loss = fit.loss or (model.compile.loss if model.compile else None)
            bounds = _RANGES.get(stage.activation or "")
            if (
                loss is None
                or bounds is None
                or loss.name
                not in (
                    _RECONSTRUCTION_LOSSES if model.input_is_model_input else kn.REGRESSION_LOSSES
                )
            ):
                continue
            if not stage.activation_layer.activates_last_axis():
                continue
            reach = _targets_reach(ctx, fit.y)
            if reach is None and model.input_is_model_input and fit.x is not None:
                # An autoencoder on a data file's columns: its targets are those columns.
                found = file_features_largest(ctx, fit.x, fit)
                if found is not None:
                    scale, column = found
                    reach = column.largest, f" read from {scale.name} ({column.shown})"
            if reach is None:
                continue
            largest, named = reach
            low, high = bounds
            beyond = _all_beyond(fit.y, low, high)
            if beyond is None and largest < 1.5 * high:
                continue
            if beyond is None and largest < ctx.threshold("min-target-size"):
                severity = Severity.INFO
                outcome = (
                    "the targets beyond it cannot be fitted and pull the output to its edge "
                    "(risk; those within it can still be)"
                )
            elif beyond is None:
                severity = Severity.WARNING
                outcome = (
                    "it cannot fit them: where most lie beyond it, the output sits at its edge, "
                    "the same for every input (as on every seed in calibration)"
                )
            else:
                severity = Severity.ERROR
                outcome = (
                    f"every target lies {beyond} it, so the output is pushed to "
                    f"{high if beyond == 'above' else low:g} for every input"
                )
            self._report(ctx, model, stage, severity, named, largest, bounds, outcome)

    def _report(
        self,
        ctx: RuleContext,
        model: ModelSpec,
        stage: Stage,
        severity: Severity,
        named: str,
        largest: float,
        bounds: tuple[float, float],
        outcome: str,
    ) -> None:
        fit = model.fit
        assert fit is not None and fit.y is not None and fit.y_arg is not None
        layer = stage.activation_layer
        fix, what_if = ctx.output_activation(model, stage, "linear")
        size = f"{largest:,.0f}" if largest >= 1000 else f"{largest:,.3g}"
        if not model.input_is_model_input:
            targets = f"Regression targets{named}"
            advice = (
                "use a linear output (and standardise the targets), or scale them into the "
                "output's range"
            )
        else:
            targets = f"The targets, which are the model's inputs{named},"
            pixels = fit.x is not None and fit.x.is_image_dataset
            advice = (
                "divide the pixels by 255, or use a linear output"
                if pixels
                else "scale the inputs into the output's range (MinMaxScaler), or use a "
                "linear output"
            )
        ctx.report(
            fit.y_arg.where,
            f"{targets} reach {size} in size, but a {stage.activation} output stays "
            f"within [{bounds[0]:g}, {bounds[1]:g}]: {outcome}; {advice}",
            severity=severity,
            fix=fix,
            related=[
                (layer.where, f"{stage.activation} output layer"),
                *([(fit.y.origin, "targets created here")] if fit.y.origin else []),
            ],
            model=model,
            what_if=what_if,
        )


def _targets_reach(ctx: RuleContext, data: DataSpec) -> tuple[float, str] | None:
    """How large the targets get, when known and not scaled on the way, and where that is
    read from for the message ("" for the code's own arrays)."""
    largest = largest_target(data)
    if largest is not None:
        return largest, ""
    column = column_of_targets(ctx, data)
    if column is None:
        return None
    scale, found = column
    return found.largest, f" read from {scale.name} ({found.shown})"


def _all_beyond(data: DataSpec, low: float, high: float) -> str | None:
    """'above' or 'below' when every target is known to lie beyond that side of the range."""
    known = data.value_range or data.span
    if known is None:
        return None
    if known[0] > high:
        return "above"
    if known[1] < low:
        return "below"
    return None
