"""Probe measurements, one concern each (after Cockpit's quantities).

Each takes plain numpy arrays and returns a number; the training loop collects the raw
arrays and `verdict` reads the numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

# A unit is constant when its spread across inputs is this small relative to its size.
CONSTANT_RELATIVE = 1e-6
CONSTANT_ABSOLUTE = 1e-8


def finite(value: float) -> bool:
    """Loss is a finite number."""
    return bool(np.isfinite(value))


def update_ratio(weight_before: np.ndarray, weight_after: np.ndarray) -> float:
    """||w_after - w_before|| / ||w_before||: how much one step moved a layer's kernel."""
    before = float(np.linalg.norm(weight_before))
    return float(np.linalg.norm(weight_after - weight_before)) / (before + 1e-12)


def spread(values: np.ndarray) -> float:
    """Mean over units of the standard deviation across inputs (axis 0)."""
    flat = _per_unit(values)
    if flat.size == 0:
        return 0.0
    return float(np.mean(np.std(flat, axis=0)))


def output_spread_ratio(prediction: np.ndarray, target: Any) -> float:
    """How much the output varies across inputs, relative to how much the target varies.

    Sparse class labels are compared as one-hot vectors against the class probabilities.
    Integers that cannot be class indices of the output (a regression's whole-number targets
    under a several-unit output, which Keras broadcasts) are compared as they are.
    A constant target (spread 0) is compared on an absolute scale of 1.
    """
    prediction = np.asarray(prediction, dtype=np.float64)
    target_array = np.asarray(target)
    if (
        prediction.ndim >= 2
        and prediction.shape[-1] > 1
        and target_array.ndim == prediction.ndim - 1
        and target_array.dtype.kind in "iu"
        and target_array.size > 0
        and target_array.min() >= 0
        and target_array.max() < prediction.shape[-1]
    ):
        target_array = np.eye(prediction.shape[-1])[target_array.astype(np.int64)]
    target_spread = spread(target_array.astype(np.float64))
    if not np.all(np.isfinite(prediction)):
        return float("nan")
    return spread(prediction) / (target_spread if target_spread > 1e-12 else 1.0)


def dead_fraction(activations: np.ndarray) -> float:
    """Share of units that output zero (or less) for every input: dead ReLUs."""
    flat = _per_unit(activations)
    if flat.size == 0:
        return 0.0
    return float(np.mean(np.all(flat <= 0.0, axis=0)))


def constant_fraction(activations: np.ndarray) -> float:
    """Share of units whose output is the same for every input.

    A convolution's output has a row per input and position (173,056 rows for 256 images of
    26x26): the units whose range alone shows they vary are settled from their minimum and
    maximum in one pass, and only the others get the exact test on their spread."""
    raw = _per_unit_raw(activations)
    if raw.size == 0:
        return 0.0
    unsure = _maybe_constant(raw)
    constant = np.zeros(raw.shape[1], dtype=bool)
    if unsure.any():
        flat = raw[:, unsure].astype(np.float64)
        std = np.std(flat, axis=0)
        scale = np.mean(np.abs(flat), axis=0)
        constant[unsure] = std <= CONSTANT_ABSOLUTE + CONSTANT_RELATIVE * scale
    return float(np.mean(constant))


def _maybe_constant(raw: np.ndarray) -> np.ndarray:
    """Per unit, False where it surely varies: its spread is at least its range over
    sqrt(2 x inputs), and its size at most its largest magnitude, so a range above
    sqrt(2 x inputs) x the constant threshold at that magnitude settles it (with a margin
    for rounding). True for the rest, and for every unit of a non-float array."""
    if raw.dtype.kind != "f":
        return np.ones(raw.shape[1], dtype=bool)
    low = np.min(raw, axis=0).astype(np.float64)
    high = np.max(raw, axis=0).astype(np.float64)
    largest = np.maximum(np.abs(low), np.abs(high))
    least_spread = (high - low) / np.sqrt(2.0 * raw.shape[0])
    varies: np.ndarray = least_spread * 0.99 > CONSTANT_ABSOLUTE + CONSTANT_RELATIVE * largest
    return ~varies  # NaN ranges compare False: they get the exact test


def _per_unit_raw(values: Any) -> np.ndarray:
    """(inputs, units) in the values' own dtype: every axis but the last is a sample."""
    array = np.asarray(values)
    if array.ndim == 0:
        return array.reshape(1, 1)
    if array.ndim == 1:
        return array.reshape(-1, 1)
    return array.reshape(-1, array.shape[-1])


def _per_unit(values: Any) -> np.ndarray:
    """(inputs, units): every axis but the last is a sample of the same unit."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 0:
        return array.reshape(1, 1)
    if array.ndim == 1:
        return array.reshape(-1, 1)
    return array.reshape(-1, array.shape[-1])


def probabilities(output: np.ndarray) -> bool:
    """Whether an output reads as probabilities, whatever layer computed it: every value in
    (0, 1] (a sigmoid, or a softmax over one unit), or rows of values in [0, 1] summing to 1 (a
    softmax)."""
    flat = _per_unit(output)
    if flat.size == 0 or not np.all(np.isfinite(flat)):
        return False
    if np.all((flat > 0.0) & (flat <= 1.0)):
        return True
    in_range = bool(np.all((flat >= 0.0) & (flat <= 1.0)))
    return in_range and flat.shape[1] > 1 and bool(np.allclose(flat.sum(axis=1), 1.0, atol=1e-3))


# Output activations that clip exactly at the ends of their range. Saturating ones (sigmoid,
# tanh) only approach their ends, and 20 epochs leave their outputs varying (measured: 1-2% of
# the targets' spread with all targets above a sigmoid's range), so they are left out.
ACTIVATION_RANGES: dict[str, tuple[float, float]] = {
    "relu": (0.0, np.inf),
    "relu6": (0.0, 6.0),
    "hard_sigmoid": (0.0, 1.0),
}
UNREACHABLE_SHARE = 0.99


def unreachable_targets(prediction: np.ndarray, target: Any, activation: str | None) -> str | None:
    """Which end ("below" / "above") nearly every target lies beyond, for an output activation
    that clips: the best the model can then do is that end for every input, and the clipped
    units pass no gradient back. None otherwise."""
    bounds = ACTIVATION_RANGES.get(activation or "")
    if bounds is None:
        return None
    target_array = np.asarray(target, dtype=np.float64)
    prediction = np.asarray(prediction)
    matches = target_array.shape == prediction.shape or (
        target_array.ndim == 1 and prediction.ndim == 2 and prediction.shape[1] == 1
    )
    if not matches or target_array.size == 0:
        return None
    low, high = bounds
    if np.mean(target_array < low) >= UNREACHABLE_SHARE:
        return "below"
    if np.mean(target_array > high) >= UNREACHABLE_SHARE:
        return "above"
    return None
