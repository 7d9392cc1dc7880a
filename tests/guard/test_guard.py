"""The guard on real TensorFlow trainings: it stops certain failures, and only those."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
keras = pytest.importorskip("keras")

from defib.keras import Guard  # noqa: E402


def regression(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1024, 8)).astype("float32")
    return x, (x @ rng.standard_normal(8)).astype("float32")


def mlp(kernel_initializer: str = "glorot_uniform") -> keras.Model:
    return keras.Sequential(
        [
            keras.Input(shape=(8,)),
            keras.layers.Dense(32, activation="relu", kernel_initializer=kernel_initializer),
            keras.layers.Dense(1),
        ]
    )


def train(model: keras.Model, optimizer: object, epochs: int, guard: Guard) -> dict:
    x, y = regression()
    model.compile(optimizer=optimizer, loss="mse")
    history = model.fit(x, y, epochs=epochs, batch_size=32, verbose=0, callbacks=[guard])
    return history.history


def test_stops_a_collapse_early_and_names_the_dead_layer() -> None:
    keras.utils.set_random_seed(0)
    x, y = regression()
    guard = Guard(x[:256], y[:256], verbose=False)
    history = train(mlp("zeros"), "adam", 20, guard)
    assert len(history["loss"]) <= 3  # stopped a little over an epoch after the collapse
    [recorded] = history["defib"]
    assert recorded["verdict"] == "collapsed" and recorded["stopped"] is True
    assert recorded["layer"] == guard.model.layers[0].name  # all-zero kernel: constant units
    assert "constant output confirmed" in recorded["message"]


def test_stops_a_divergence_at_once() -> None:
    keras.utils.set_random_seed(0)
    x, y = regression()
    guard = Guard(x[:256], y[:256], verbose=False)
    history = train(mlp(), keras.optimizers.SGD(learning_rate=1e4), 10, guard)
    assert len(history["loss"]) == 1
    assert history["defib"][0]["verdict"] == "diverged"
    assert "non-finite" in history["defib"][0]["message"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_never_stops_a_healthy_training(seed: int) -> None:
    keras.utils.set_random_seed(seed)
    x, y = regression(seed)
    guard = Guard(x[:256], y[:256], verbose=False)
    history = train(mlp(), "adam", 8, guard)
    assert len(history["loss"]) == 8
    assert "defib" not in history and guard.diagnoses == []
    assert guard.looks >= 8  # it did look: every epoch end and between batches


def test_stop_false_records_without_stopping(capsys: pytest.CaptureFixture[str]) -> None:
    keras.utils.set_random_seed(0)
    x, y = regression()
    guard = Guard(x[:256], y[:256], stop=False)
    history = train(mlp("zeros"), "adam", 5, guard)
    assert len(history["loss"]) == 5
    [recorded] = history["defib"]
    assert recorded["verdict"] == "collapsed" and recorded["stopped"] is False
    assert "training goes on (stop=False)" in capsys.readouterr().err


def test_without_a_sample_it_still_catches_non_finite_weights() -> None:
    keras.utils.set_random_seed(0)
    guard = Guard(verbose=False)
    history = train(mlp(), keras.optimizers.SGD(learning_rate=1e4), 10, guard)
    assert len(history["loss"]) == 1
    assert history["defib"][0]["verdict"] == "diverged"


def tiny_tanh(seed: int = 1) -> tuple[Any, np.ndarray, np.ndarray]:
    """Three tanh layers with tiny initial weights under plain SGD: the output is flat (below
    1e-4 of the targets' spread) for about six epochs while every layer still moves, then the
    training escapes the plateau and fits."""
    keras.utils.set_random_seed(seed)
    x, y = regression(seed)
    tiny = keras.initializers.RandomNormal(stddev=0.02)
    model = keras.Sequential(
        [keras.Input(shape=(8,))]
        + [keras.layers.Dense(16, activation="tanh", kernel_initializer=tiny) for _ in range(3)]
        + [keras.layers.Dense(1, kernel_initializer=tiny)]
    )
    return model, x, y


def test_a_flat_start_that_recovers_is_reported_as_likely_and_not_stopped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    model, x, y = tiny_tanh()
    guard = Guard(x[:256], y[:256])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    history = model.fit(x, y, epochs=10, batch_size=32, verbose=0, callbacks=[guard]).history
    assert len(history["loss"]) == 10  # not stopped
    assert history["loss"][-1] < 0.2 * history["loss"][0]  # it did recover
    [recorded] = history["defib"]  # the likely collapse, once
    assert recorded["verdict"] == "collapsed" and recorded["confidence"] == "likely"
    assert recorded["stopped"] is False and recorded["severity"] == "warning"
    assert recorded["epoch"] < 3  # seen while the output was still flat
    assert "constant output likely" in recorded["message"]
    assert "warning, training goes on" in capsys.readouterr().err


def test_stops_a_softmax_over_one_unit_at_once() -> None:
    keras.utils.set_random_seed(0)
    x, y = regression()
    model = keras.Sequential(
        [
            keras.Input(shape=(8,)),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(1, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy")
    guard = Guard(x[:256], (y[:256] > 0).astype("float32"), verbose=False)
    history = model.fit(x, (y > 0).astype("float32"), epochs=10, verbose=0, callbacks=[guard])
    assert len(history.history["loss"]) == 1  # stopped within the first epoch
    [recorded] = history.history["defib"]
    assert recorded["confidence"] == "confirmed" and recorded["stopped"] is True
    assert recorded["layer"] == model.layers[-1].name
    assert "softmax over one unit" in recorded["message"]


def test_never_looks_again_before_a_step_has_trained() -> None:
    """Epochs of one batch: each epoch-end look is followed by the next epoch's first batch at
    the same step. A look there saw no weight move and read every layer as frozen, which made a
    flat start that later recovered look like a certain collapse."""
    keras.utils.set_random_seed(0)
    x, y = regression()
    guard = Guard(x[:256], y[:256], verbose=False, budget=1.0)
    model = mlp()
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, epochs=12, batch_size=len(x), verbose=0, callbacks=[guard])
    steps = [look.step for look in guard.watch.looks]
    assert len(steps) == len(set(steps)) == 12, steps
    ratios = [layer.update_ratio for look in guard.watch.looks for layer in look.layers]
    assert all(ratio is not None and ratio > 0.0 for ratio in ratios), ratios
