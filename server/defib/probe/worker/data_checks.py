"""Checks of the real training data against the model and its loss (DF911-DF920).

The probe holds the arrays the script passed to `fit()`; a wrong label encoding, targets the
output cannot reach, unscaled or broken features and a crushing class imbalance show in
them before any training. The checks are numpy on the arrays plus plain facts about the
model (`ModelFacts`), so they run in the worker without Keras types and are tested on arrays.
Thresholds and what they were calibrated on: docs/probe.md, "Checks on the data".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .verdict import Finding

if TYPE_CHECKING:
    from .schema import Severity

# Thresholds (docs/probe.md gives what each was calibrated on).
UNSCALED_MAX_ABS = 100.0  # a float input column reaching this, with no scaling layer
OUTLIER_Z = 10.0  # a value this many robust standard deviations from its column's median ...
OUTLIER_SHARE = 0.001  # ... on more than this share of the column's values
OUTLIER_MIN_SAMPLES = 100  # fewer samples cannot tell an outlier from a small sample
OUTLIER_SAMPLE_ROWS = 20_000  # rows the outlier check reads at most (a seeded sample) ...
OUTLIER_SAMPLE_VALUES = 2_000_000  # ... fewer on wide data: at most this many values in all,
OUTLIER_SAMPLE_MIN_ROWS = 2_000  # but never fewer rows than this
IMBALANCE_SHARE = 0.95  # the majority class's share of the labels
ONE_HOT_TOLERANCE = 1e-6

# Output activations and the values they can produce.
_RANGES: dict[str, tuple[float, float]] = {
    "sigmoid": (0.0, 1.0),
    "hard_sigmoid": (0.0, 1.0),
    "softmax": (0.0, 1.0),
    "tanh": (-1.0, 1.0),
    "softsign": (-1.0, 1.0),
    "relu": (0.0, np.inf),
    "softplus": (0.0, np.inf),
    "exponential": (0.0, np.inf),
    "relu6": (0.0, 6.0),
}
# Layers that bring the input to a known scale before the first weights see it.
_SCALING_LAYERS = frozenset(
    {
        "Normalization",
        "Rescaling",
        "BatchNormalization",
        "LayerNormalization",
        "GroupNormalization",
        "UnitNormalization",
        "Lambda",
    }
)
# First layers that take indices or categories: their input has no scale to judge.
_INDEX_LAYERS = frozenset(
    {
        "Embedding",
        "TextVectorization",
        "StringLookup",
        "IntegerLookup",
        "CategoryEncoding",
        "Hashing",
        "Discretization",
    }
)


@dataclass(frozen=True)
class ModelFacts:
    """What the checks need to know about the model, read once from Keras."""

    output_units: int | None
    output_activation: str | None  # "linear" when none
    loss: str  # lower case, underscores kept: "sparse_categorical_crossentropy"
    scales_input: bool  # a scaling layer comes before the first layer with weights
    index_input: bool  # the first layer takes token ids or categories
    fit_line: int | None
    loss_line: int | None  # the compile() call
    output_line: int | None
    output_layer: str | None
    complete: bool  # the arrays are all of fit()'s data, not buffered batches
    optimizer: str = ""  # the optimizer's class name: "SGD", "Adam", ...

    @property
    def sparse(self) -> bool:
        return "sparse" in self.loss and "crossentropy" in self.loss

    @property
    def categorical(self) -> bool:
        return "categorical" in self.loss and "crossentropy" in self.loss and not self.sparse

    @property
    def binary(self) -> bool:
        return "binary" in self.loss and "crossentropy" in self.loss

    @property
    def classifier(self) -> bool:
        return self.sparse or self.categorical or self.binary


@dataclass
class DataFinding(Finding):
    """A problem in the data, in the report's finding shape (`source` tells it apart)."""

    source: str | None = "data"


def check(x: Any, y: Any, facts: ModelFacts) -> list[DataFinding]:
    """Every data finding for inputs `x` and targets `y` (arrays or nested structures)."""
    findings = list(_feature_findings(x, facts))
    target = _single_array(y)
    if target is not None and target.size and target.dtype.kind in "biuf":
        findings.extend(_label_findings(target.astype(np.float64), facts))
    return findings


# ---- labels and targets ----------------------------------------------------------------


def _label_findings(y: np.ndarray, facts: ModelFacts) -> list[DataFinding]:
    if not np.all(np.isfinite(y)):
        share = float(np.mean(~np.isfinite(y)))
        return [_at_fit(facts, "DF918", "error", f"{_pct(share)} of the targets are NaN or inf")]
    for check_labels in (
        _integer_labels_categorical,
        _one_hot_labels_sparse,
        _labels_outside_unit,
        _more_classes_than_units,
        _negative_targets,
        _targets_out_of_range,
    ):
        finding = check_labels(y, facts)
        if finding is not None:
            return [finding]  # one mismatch explains the rest; the class checks need sane labels
    return [f for f in (_single_class(y, facts), _imbalance(y, facts)) if f is not None]


def _integer_labels_categorical(y: np.ndarray, facts: ModelFacts) -> DataFinding | None:
    units = facts.output_units or 0
    if not facts.categorical or units < 2 or not _column(y) or not _integral(y):
        return None
    return _at_loss(
        facts,
        "DF911",
        "error",
        f"the labels are class indices (shape {_shape(y)}, values {_range(y)}) but the loss"
        f" {facts.loss} expects one-hot rows of {units}: use sparse_categorical_crossentropy"
        " (or one-hot the labels with keras.utils.to_categorical)",
    )


def _one_hot_labels_sparse(y: np.ndarray, facts: ModelFacts) -> DataFinding | None:
    if not facts.sparse or _column(y) or not _one_hot(y):
        return None
    return _at_loss(
        facts,
        "DF912",
        "error",
        f"the labels are one-hot rows (shape {_shape(y)}) but the loss {facts.loss} expects"
        " class indices: use categorical_crossentropy (or pass np.argmax(y, axis=-1))",
    )


def _labels_outside_unit(y: np.ndarray, facts: ModelFacts) -> DataFinding | None:
    sigmoid_classifier = facts.output_activation == "sigmoid" and "crossentropy" in facts.loss
    if not (facts.binary or sigmoid_classifier) or (y.min() >= 0.0 and y.max() <= 1.0):
        return None
    outside = float(np.mean((y < 0.0) | (y > 1.0)))
    why = f"the loss {facts.loss}" if facts.binary else "a sigmoid output"
    return _at_loss(
        facts,
        "DF913",
        "error",
        f"{_pct(outside)} of the labels lie outside [0, 1] (values {_range(y)}) but {why}"
        " needs labels in [0, 1]: for more than two classes use a softmax output with"
        " sparse_categorical_crossentropy, else map the labels to 0 and 1",
    )


def _more_classes_than_units(y: np.ndarray, facts: ModelFacts) -> DataFinding | None:
    units = facts.output_units
    if not facts.sparse or units is None or not _integral(y) or y.min() < 0:
        return None
    classes = int(y.max()) + 1
    if classes <= units:
        return None
    return _at_output(
        facts,
        "DF914",
        "error",
        f"the labels go up to {int(y.max())} ({classes} classes) but the output has {units}"
        f" unit{'s' if units != 1 else ''}: give the output layer {classes} units",
    )


def _negative_targets(y: np.ndarray, facts: ModelFacts) -> DataFinding | None:
    low, _ = _RANGES.get(facts.output_activation or "", (-np.inf, np.inf))
    if facts.classifier or low != 0.0 or y.min() >= 0.0:
        return None
    share = float(np.mean(y < 0.0))
    return _at_output(
        facts,
        "DF915",
        "error" if share >= 0.5 else "warning",
        f"{_pct(share)} of the targets are negative (down to {y.min():.4g}) but the output's"
        f" {facts.output_activation} cannot go below 0: use a linear output (or shift the"
        " targets)",
    )


def _targets_out_of_range(y: np.ndarray, facts: ModelFacts) -> DataFinding | None:
    """Targets beyond a bounded output's range by at least the range's own width."""
    low, high = _RANGES.get(facts.output_activation or "", (-np.inf, np.inf))
    if facts.classifier or not np.isfinite(high):
        return None
    width = high - low
    far = (y > high + width) | (y < low - width)
    if not far.any():
        return None
    return _at_output(
        facts,
        "DF916",
        "error",
        f"{_pct(float(np.mean(far)))} of the targets lie far outside what the output's"
        f" {facts.output_activation} can produce ([{low:g}, {high:g}]; targets {_range(y)}):"
        " use a linear output or scale the targets into that range",
    )


def _single_class(y: np.ndarray, facts: ModelFacts) -> DataFinding | None:
    labels = _class_labels(y, facts)
    if labels is None or len(np.unique(labels)) != 1:
        return None
    seen = "all of fit()'s labels" if facts.complete else "every label the probe read"
    return _at_fit(
        facts,
        "DF917",
        "error" if facts.complete else "warning",
        f"{seen} are one class ({labels.flat[0]:g}): the model can only learn to predict it",
    )


def _imbalance(y: np.ndarray, facts: ModelFacts) -> DataFinding | None:
    labels = _class_labels(y, facts)
    if labels is None:
        return None
    _, counts = np.unique(labels, return_counts=True)
    share = float(counts.max() / counts.sum())
    if len(counts) < 2 or share < IMBALANCE_SHARE:
        return None
    return _at_fit(
        facts,
        "DF919",
        "warning",
        f"one class holds {_pct(share)} of the labels: always predicting it already brings"
        " the loss near its minimum, so the model may learn nothing else (weight the classes"
        " with class_weight, or resample)",
    )


def _class_labels(y: np.ndarray, facts: ModelFacts) -> np.ndarray | None:
    """The class of each sample, for a classification loss on well-formed labels."""
    if not facts.classifier:
        return None
    if _column(y):
        return np.rint(y.reshape(-1)) if facts.binary or _integral(y) else None
    if _one_hot(y):
        classes: np.ndarray = np.argmax(y.reshape(len(y), -1), axis=1)
        return classes
    return None


# ---- features ------------------------------------------------------------------------


def _feature_findings(x: Any, facts: ModelFacts) -> Iterator[DataFinding]:
    for array in _arrays(x):
        if array.dtype.kind not in "biuf" or not array.size or array.ndim < 2:
            continue
        # Read in place, in the array's own dtype: a float64 copy of MNIST-sized inputs alone
        # is 376 MB and most of a second.
        values = array.reshape(len(array), -1)
        broken = ~np.isfinite(values)
        if broken.any():
            yield _at_fit(
                facts,
                "DF918",
                "error",
                f"the inputs hold {int(broken.sum())} NaN or inf values"
                f" ({_pct(float(broken.mean()))}): training on them makes every weight NaN",
            )
            continue
        if facts.index_input:
            continue
        unscaled = _unscaled(values, array.ndim, facts)
        if unscaled is not None:
            yield unscaled
        if array.ndim == 2:  # tabular: columns are features (image borders are often constant)
            yield from _constant_columns(values, facts)
            yield from _outliers(values, facts)


def _unscaled(values: np.ndarray, ndim: int, facts: ModelFacts) -> DataFinding | None:
    if facts.scales_input:
        return None
    peak = np.maximum(values.max(axis=0).astype(np.float64), -values.min(axis=0).astype(np.float64))
    wide = peak >= UNSCALED_MAX_ABS
    if not wide.any():
        return None
    what = (
        f"{int(wide.sum())} of {len(peak)} input columns reach |x| >= {UNSCALED_MAX_ABS:g}"
        if ndim == 2
        else f"the input values reach {peak.max():.4g}"
    )
    # Measured (bench/data_checks.py): the same x * 100 inputs diverge under SGD and train
    # under Adam, whose per-weight steps adapt to the gradient's scale: a risk, not a failure.
    if facts.optimizer == "SGD":
        return _at_fit(
            facts,
            "DF920",
            "warning",
            f"{what} (largest {peak.max():.4g}) and the model has no scaling layer: under plain"
            " SGD large inputs give the first layer huge steps and saturate it (standardise"
            " them, divide images by 255, or add a Normalization / Rescaling layer)",
        )
    return _at_fit(
        facts,
        "DF920",
        "info",
        f"{what} (largest {peak.max():.4g}) and the model has no scaling layer: a risk,"
        f" though {facts.optimizer or 'the optimizer'} adapts its steps to their scale and"
        " may still train (standardising them, dividing images by 255 or a Normalization /"
        " Rescaling layer is safer)",
    )


def _constant_columns(values: np.ndarray, facts: ModelFacts) -> Iterator[DataFinding]:
    if len(values) < 2:
        return
    constant = np.ptp(values, axis=0) == 0.0
    if constant.any():
        columns = _columns(np.flatnonzero(constant))
        yield _at_fit(
            facts,
            "DF921",
            "info",
            f"{int(constant.sum())} input column{'s' if constant.sum() > 1 else ''} ({columns})"
            f" {'hold' if constant.sum() > 1 else 'holds'} one value for every sample: nothing"
            " to learn from there",
        )


def _outliers(values: np.ndarray, facts: ModelFacts) -> Iterator[DataFinding]:
    """Robust z-scores (distance from the median in MADs x 1.4826), as the mean and standard
    deviation are dragged by the outliers themselves; columns with MAD 0 (binary, sparse,
    one-hot) are skipped: their rare values are categories, not outliers."""
    if len(values) < OUTLIER_MIN_SAMPLES:
        return
    width = max(1, values.shape[1] if values.ndim > 1 else 1)
    sample = min(OUTLIER_SAMPLE_ROWS, max(OUTLIER_SAMPLE_MIN_ROWS, OUTLIER_SAMPLE_VALUES // width))
    if len(values) > sample:
        # Medians sort every column: on a seeded sample of rows they cost a bounded time, and
        # a share of outlying values above OUTLIER_SHARE shows in the sample as well (a column
        # with twice that share holds 4 of them in 2,000 rows on average). 784 columns: 2,551 rows.
        rows = np.random.default_rng(0).choice(len(values), sample, replace=False)
        values = values[np.sort(rows)]
    # One row per column, contiguous: a median partitions each column, and reading a column
    # out of row-major data touches a cache line per value (2-3x slower on 784 columns).
    columns = np.ascontiguousarray(values.T, dtype=np.float64)
    median = np.median(columns, axis=1)
    deviation = np.abs(columns - median[:, None])
    scale = 1.4826 * np.median(deviation, axis=1)
    usable = scale > 0
    # |x - median| / scale > OUTLIER_Z, compared without dividing or copying the usable rows.
    outlying = np.count_nonzero(deviation > (OUTLIER_Z * scale)[:, None], axis=1)
    flagged = np.flatnonzero(usable & (outlying > OUTLIER_SHARE * columns.shape[1]))
    if flagged.size:
        yield _at_fit(
            facts,
            "DF922",
            "info",
            f"input column{'s' if flagged.size > 1 else ''} {_columns(flagged)}"
            f" {'hold' if flagged.size > 1 else 'holds'} values more"
            f" than {OUTLIER_Z:g} robust standard deviations from the column's median (on more"
            f" than {_pct(OUTLIER_SHARE)} of the samples): check them for errors, clip them or"
            " scale robustly",
        )


# ---- helpers ---------------------------------------------------------------------------


def _arrays(structure: Any) -> Iterator[np.ndarray]:
    if structure is None:
        return
    if isinstance(structure, dict):
        for value in structure.values():
            yield from _arrays(value)
    elif isinstance(structure, (list, tuple)):
        for value in structure:
            yield from _arrays(value)
    else:
        yield np.asarray(structure)


def _single_array(structure: Any) -> np.ndarray | None:
    arrays = list(_arrays(structure))
    return arrays[0] if len(arrays) == 1 else None


def _column(y: np.ndarray) -> bool:
    return y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1)


def _integral(y: np.ndarray) -> bool:
    return bool(np.all(y == np.rint(y)))


def _one_hot(y: np.ndarray) -> bool:
    if y.ndim < 2 or y.shape[-1] < 2:
        return False
    rows = y.reshape(-1, y.shape[-1])
    binary = np.all((rows == 0.0) | (rows == 1.0))
    return bool(binary and np.all(np.abs(rows.sum(axis=1) - 1.0) < ONE_HOT_TOLERANCE))


def _shape(y: np.ndarray) -> str:
    return "(" + ", ".join(str(d) for d in y.shape) + ("," if y.ndim == 1 else "") + ")"


def _range(y: np.ndarray) -> str:
    return f"{y.min():.4g} to {y.max():.4g}"


def _pct(share: float) -> str:
    return f"{100 * share:.3g}%"


def _columns(index: np.ndarray, limit: int = 5) -> str:
    shown = ", ".join(str(int(i)) for i in index[:limit])
    return shown + (f" and {len(index) - limit} more" if len(index) > limit else "")


def _at_fit(facts: ModelFacts, code: str, severity: Severity, message: str) -> DataFinding:
    return DataFinding(code, severity, f"data: {message}", facts.fit_line)


def _at_loss(facts: ModelFacts, code: str, severity: Severity, message: str) -> DataFinding:
    where = f" (loss at line {facts.loss_line})" if facts.loss_line else ""
    return DataFinding(code, severity, f"data: {message}{where}", facts.fit_line)


def _at_output(facts: ModelFacts, code: str, severity: Severity, message: str) -> DataFinding:
    where = f" (output layer at line {facts.output_line})" if facts.output_line else ""
    return DataFinding(
        code, severity, f"data: {message}{where}", facts.fit_line, facts.output_layer
    )


# ---- reading the facts from a Keras model ----------------------------------------------


def check_fit_data(model: Any, data: Any, capture: Any) -> list[DataFinding]:
    """The findings on the data the script passed to `fit()`; none for data the probe
    guessed (module arrays) or made up (synthetic)."""
    from .data import loss_name

    call = capture.chosen_fit
    if data.source != "fit" or call is None:
        return []
    try:
        facts = model_facts(
            model,
            loss_name(model.loss),
            capture.line_of,
            call.line,
            capture.compile_lines.get(id(model)),
            data.complete,
        )
        return check(data.x, data.y, facts)
    except Exception:
        return []  # data the checks cannot read: the probe's own measurement still stands


def model_facts(
    model: Any,
    loss: str,
    line_of: Callable[[Any], int | None],
    fit_line: int | None,
    loss_line: int | None,
    complete: bool,
) -> ModelFacts:
    """The facts the checks use, read from a built Keras model with plain attribute access."""
    layers = _flat_layers(model)
    output = layers[-1] if layers else None
    return ModelFacts(
        output_units=_output_units(model),
        output_activation=_activation(output),
        loss=loss,
        scales_input=_scales_input(layers),
        index_input=_index_input(layers),
        fit_line=fit_line,
        loss_line=loss_line,
        output_line=line_of(output) if output is not None else None,
        output_layer=getattr(output, "name", None),
        complete=complete,
        optimizer=type(getattr(model, "optimizer", None)).__name__,
    )


def _flat_layers(model: Any) -> list[Any]:
    """The layers in order, nested models opened (a preprocessing model first, say)."""
    out: list[Any] = []
    for layer in getattr(model, "layers", None) or []:
        if type(layer).__name__ == "InputLayer":
            continue
        inner = getattr(layer, "layers", None)
        out.extend(_flat_layers(layer) if inner else [layer])
    return out


def _output_units(model: Any) -> int | None:
    try:
        shape = tuple(model.outputs[0].shape)
        return int(shape[-1]) if len(shape) > 1 and shape[-1] is not None else 1
    except Exception:
        return None


def _activation(layer: Any) -> str | None:
    if layer is None:
        return None
    if type(layer).__name__ == "Softmax":
        return "softmax"
    if type(layer).__name__ == "ReLU":
        return "relu"
    function = getattr(layer, "activation", None)
    if function is None:
        return "linear"
    return str(getattr(function, "__name__", function)).lower()


def _scales_input(layers: list[Any]) -> bool:
    for layer in layers:
        if type(layer).__name__ in _SCALING_LAYERS:
            return True
        if getattr(layer, "weights", None):
            return False
    return False


def _index_input(layers: list[Any]) -> bool:
    return bool(layers) and type(layers[0]).__name__ in _INDEX_LAYERS
