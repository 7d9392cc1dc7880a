"""The probe's measurements on plain arrays (no TensorFlow)."""

from __future__ import annotations

import numpy as np
from defib.probe.worker import quantities


def test_spread_ratio_of_a_constant_output_is_zero() -> None:
    target = np.arange(10.0)
    assert quantities.output_spread_ratio(np.full((10, 1), 3.0), target) == 0.0


def test_spread_ratio_compares_class_probabilities_with_one_hot_labels() -> None:
    labels = np.array([0, 1, 2, 0, 1, 2])
    probabilities = np.eye(3)[labels]
    assert quantities.output_spread_ratio(probabilities, labels) == 1.0


def test_spread_ratio_reads_whole_number_targets_beyond_the_units_as_values() -> None:
    # A regression on integer targets under a two-unit output: Keras broadcasts them, and
    # they cannot be class indices of two units.
    targets = np.array([4, 5, 6, 7, 50, 60])
    prediction = np.stack([targets, targets], axis=1).astype(np.float64)
    assert quantities.output_spread_ratio(prediction, targets) == 1.0


def test_spread_ratio_of_non_finite_output_is_nan() -> None:
    assert np.isnan(quantities.output_spread_ratio(np.array([[np.nan], [1.0]]), np.array([0, 1])))


def test_dead_fraction_counts_units_zero_for_every_input() -> None:
    activations = np.array([[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 2.0, 0.0]])
    assert quantities.dead_fraction(activations) == 0.5


def test_constant_fraction_counts_units_equal_for_every_input() -> None:
    activations = np.array([[5.0, 1.0], [5.0, 2.0], [5.0, 3.0]])
    assert quantities.constant_fraction(activations) == 0.5


def test_constant_fraction_of_a_convolution_output_matches_the_spread_test() -> None:
    # 64 images x 12x12 positions x 8 units: varying, constant, zero, varying below the
    # threshold (float32 rounding of a constant), varying just above it, one NaN.
    rng = np.random.default_rng(0)
    out = rng.standard_normal((64, 12, 12, 8)).astype(np.float32)
    out[..., 1] = 2.5
    out[..., 2] = 0.0
    out[..., 3] = np.float32(3.0) + rng.standard_normal((64, 12, 12)).astype(np.float32) * 1e-7
    out[..., 4] = np.float32(3.0) + rng.standard_normal((64, 12, 12)).astype(np.float32) * 1e-4
    out[0, 0, 0, 5] = np.nan
    flat = out.reshape(-1, 8).astype(np.float64)
    threshold = quantities.CONSTANT_ABSOLUTE + quantities.CONSTANT_RELATIVE * np.mean(
        np.abs(flat), axis=0
    )
    exact = np.std(flat, axis=0) <= threshold
    assert exact.tolist() == [False, True, True, True, False, False, False, False]
    assert quantities.constant_fraction(out) == 3 / 8


def test_update_ratio_is_relative_to_the_weights() -> None:
    assert abs(quantities.update_ratio(np.array([3.0, 4.0]), np.array([3.0, 4.5])) - 0.1) < 1e-9


def test_targets_below_a_relu_output_are_unreachable() -> None:
    prediction = np.zeros((4, 1))
    assert quantities.unreachable_targets(prediction, -np.ones(4), "relu") == "below"
    assert quantities.unreachable_targets(prediction, np.ones(4), "relu") is None


def test_saturating_activations_are_not_judged_by_target_range() -> None:
    prediction = np.zeros((4, 1))
    assert quantities.unreachable_targets(prediction, np.full(4, 7.0), "sigmoid") is None


def test_sparse_labels_are_not_compared_with_the_output_range() -> None:
    prediction = np.zeros((4, 3))
    assert quantities.unreachable_targets(prediction, np.array([-1, -1, -1, -1]), "relu") is None
