"""The guard's fixed sample, taken from a `fit()` call's own data.

Rows are drawn at random (seeded), not the first ones: training data is often sorted by class,
and a sample of one class has targets that do not vary.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from defib.probe.worker.data import first_of, take

SAMPLE_SIZE = 256


def fit_data(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any]:
    """`x` and `y` as `fit()` received them, positionally or by name."""
    x = kwargs.get("x", args[0] if args else None)
    y = kwargs.get("y", args[1] if len(args) > 1 else None)
    return x, y


def take_sample(x: Any, y: Any, size: int = SAMPLE_SIZE, seed: int = 0) -> tuple[Any, Any]:
    """(inputs, targets) of at most `size` samples; (None, None) when the data cannot be read
    without consuming it (a generator, a `PyDataset`)."""
    if x is None:
        return None, None
    if y is None and _is_dataset(x):
        return _from_dataset(x, size)
    if y is None:
        return None, None
    try:
        count = len(first_of(x))
        rows = np.sort(np.random.default_rng(seed).permutation(count)[:size])
        return take(x, rows), take(y, rows)
    except Exception:
        return None, None


def _is_dataset(x: Any) -> bool:
    return hasattr(x, "element_spec") and hasattr(x, "take")


def _from_dataset(dataset: Any, size: int) -> tuple[Any, Any]:
    """The first batches of a `tf.data.Dataset` of (x, y[, weights]), up to `size` samples."""
    xs: list[Any] = []
    ys: list[Any] = []
    count = 0
    try:
        for element in dataset:
            if not isinstance(element, (tuple, list)) or len(element) < 2:
                return None, None
            xs.append(_to_numpy(element[0]))
            ys.append(_to_numpy(element[1]))
            count += len(first_of(xs[-1]))
            if count >= size:
                break
    except Exception:
        return None, None
    if not xs:
        return None, None
    return _concat(xs, size), _concat(ys, size)


def _to_numpy(values: Any) -> Any:
    if isinstance(values, dict):
        return {key: _to_numpy(value) for key, value in values.items()}
    if isinstance(values, (list, tuple)):
        return [_to_numpy(value) for value in values]
    return np.asarray(values)


def _concat(parts: list[Any], size: int) -> Any:
    first = parts[0]
    if isinstance(first, dict):
        return {key: _concat([part[key] for part in parts], size) for key in first}
    if isinstance(first, list):
        return [_concat([part[i] for part in parts], size) for i in range(len(first))]
    return np.concatenate(parts)[:size]
