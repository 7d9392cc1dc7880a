"""The probe's watch never outruns the training it predicts: the planned length comes from the
data passed to fit() (a dataset's cardinality, the batches it held, `len()` of a loader), and
the watch stops there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from defib.probe.report import format_text
from defib.probe.worker.watch import plan_watch, whole_training

pytestmark = pytest.mark.tensorflow

Probe = Callable[..., dict[str, Any]]

# 13 batches of 32 in a tf.data pipeline; DATA is spliced in where the dataset is made.
DATASET = """
import numpy as np
import keras
import tensorflow as tf
rng = np.random.default_rng(0)
x = rng.standard_normal((13 * 32, 8)).astype("float32")
y = (x @ rng.standard_normal(8)).astype("float32")
train_ds = {data}
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(train_ds, {fit})
"""

BATCHED = "tf.data.Dataset.from_tensor_slices((x, y)).batch(32)"


def dataset_script(data: str = BATCHED, fit: str = "epochs=5, verbose=0") -> str:
    return DATASET.format(data=data, fit=fit)


def test_a_datasets_cardinality_caps_the_watch(probe: Probe) -> None:
    # Watched for the full length, the probe would go to 300 steps; the training is 65.
    report = probe(dataset_script(), watch_longer="always")
    metrics = report["metrics"]
    assert metrics["planned_steps"] == 13 * 5
    assert metrics["steps"] == 65
    assert metrics["watch_history"][-1]["step"] == 65
    assert metrics["whole_training"] is True
    text = format_text(report)
    assert "no fit() call says" not in text
    assert "trains for 65 steps and the probe ran them all" in text


def test_the_default_watch_stays_within_the_planned_training(probe: Probe) -> None:
    report = probe(dataset_script())
    assert report["metrics"]["planned_steps"] == 65
    assert report["metrics"]["steps"] <= 65
    assert "no fit() call says" not in format_text(report)


def test_a_dataset_of_unknown_length_is_counted_when_it_ends_while_buffered(probe: Probe) -> None:
    filtered = BATCHED + ".filter(lambda a, b: True)"  # tf.data cannot tell its length
    report = probe(dataset_script(filtered, "epochs=3, verbose=0"), watch_longer="always")
    assert report["metrics"]["planned_steps"] == 13 * 3
    assert report["metrics"]["steps"] == 39


def test_a_repeated_dataset_trains_steps_per_epoch_times_epochs(probe: Probe) -> None:
    report = probe(
        dataset_script(BATCHED + ".repeat()", "epochs=4, steps_per_epoch=20, verbose=0"),
        watch_longer="always",
    )
    assert report["metrics"]["planned_steps"] == 80
    assert report["metrics"]["steps"] == 80


def test_a_training_shorter_than_the_probe_is_run_whole(probe: Probe) -> None:
    report = probe(dataset_script(fit="epochs=1, verbose=0"))
    metrics = report["metrics"]
    assert metrics["planned_steps"] == 13
    assert metrics["steps"] == 13  # not the probe's 30
    assert metrics["watched_longer_from"] is None
    assert metrics["whole_training"] is True
    assert "the verdict is about that training itself" in format_text(report)


def test_a_training_longer_than_the_watch_is_not_run_whole(probe: Probe) -> None:
    report = probe(
        dataset_script(fit="epochs=50, verbose=0").replace("train_ds,", "x, y,"),
        watch_longer="always",
    )
    metrics = report["metrics"]
    assert metrics["planned_steps"] == 650
    assert metrics["steps"] == 300
    assert metrics["whole_training"] is False
    assert "ran them all" not in format_text(report)


def test_a_torch_data_loaders_length_is_its_batches_per_epoch(probe: Probe) -> None:
    pytest.importorskip("torch")
    loader = (
        "torch.utils.data.DataLoader(torch.utils.data.TensorDataset("
        "torch.from_numpy(x), torch.from_numpy(y)), batch_size=32)"
    )
    script = "import torch\n" + dataset_script(loader, "epochs=2, verbose=0")
    report = probe(script, watch_longer="always")
    assert report["metrics"]["planned_steps"] == 26
    assert report["metrics"]["steps"] == 26


def test_plan_caps_the_first_steps_and_the_longest_watch_at_the_planned_training() -> None:
    assert plan_watch(30, 10, None) == plan_watch(30, 10, 0)
    assert (plan_watch(30, 10, None).steps, plan_watch(30, 10, None).max_steps) == (30, 300)
    assert (plan_watch(30, 10, 1280).steps, plan_watch(30, 10, 1280).max_steps) == (30, 300)
    assert (plan_watch(30, 10, 65).steps, plan_watch(30, 10, 65).max_steps) == (30, 65)
    assert (plan_watch(30, 10, 13).steps, plan_watch(30, 10, 13).max_steps) == (13, 13)
    assert whole_training(65, 65) and not whole_training(64, 65) and not whole_training(65, None)


# Healthy, but under Adam a third of each ReLU layer's units die in the first 30 steps, which
# makes the probe watch longer; by step 120 the loss has fallen 100-fold and no more units die.
DYING_BUT_LEARNING = """
import numpy as np
import keras
rng = np.random.default_rng(0)
prototypes = rng.uniform(0.0, 1.0, size=(10, 784)).astype("float32")
y = rng.integers(0, 10, size=4000)
x = np.clip(prototypes[y] + 0.6 * rng.standard_normal((4000, 784), dtype=np.float32), 0.0, 1.0)
model = keras.Sequential([
    keras.Input(shape=(784,)),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=5, batch_size=32, verbose=0)
"""


def test_a_longer_watch_stops_at_the_look_where_training_has_taken_hold(probe: Probe) -> None:
    report = probe(DYING_BUT_LEARNING)
    metrics = report["metrics"]
    assert report["verdict"] == "healthy"
    assert [look["step"] for look in metrics["watch_history"]] == [30, 120]
    assert metrics["steps"] == 120  # not the 300 a full watch runs
    assert metrics["watch_history"][-1]["loss"] < 0.5 * metrics["loss"][0]
