"""What the probe's speed rests on (the timings themselves are benchmarks, not tests): the
spare child does not collect the heap it inherits, and fit()'s batches are drawn as needed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.tensorflow

Probe = Callable[..., dict[str, Any]]

FROZEN = """
import gc, json, os
import numpy as np
import keras
json.dump(gc.get_freeze_count(), open(os.path.join(os.path.dirname(__file__), "frozen.json"), "w"))
x = np.zeros((64, 4), "float32")
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, x[:, 0], verbose=0)
"""


def test_the_probe_child_leaves_the_inherited_heap_to_the_warm_worker(
    probe: Probe, tmp_path: Path
) -> None:
    # Frozen objects are skipped by the child's collections (Keras's clear_session() runs
    # one): TensorFlow and Keras alone are hundreds of thousands of objects.
    report = probe(FROZEN)
    assert report["verdict"] != "error", report.get("error")
    assert json.loads((tmp_path / "frozen.json").read_text()) > 100_000


LAZY = """
import json
import numpy as np
import keras
import tensorflow as tf
from defib.probe.worker.data import fit_order

keras.utils.set_random_seed(3)
order = fit_order(60_000, 32, True)
order.batch(0)
drawn_for_one = len(order.batches)
lazy = [order.batch(step).tolist() for step in range(2 * 1875)]

keras.utils.set_random_seed(3)
from keras.src.trainers.data_adapters import get_data_adapter
adapter = get_data_adapter(np.arange(60_000, dtype=np.int64), batch_size=32, shuffle=True)
dataset = adapter.get_tf_dataset()
whole = [b.numpy().tolist() for epoch in range(2) for b in dataset]
print(json.dumps({"drawn_for_one": drawn_for_one, "same": lazy == whole}))
"""


def test_fits_batches_are_drawn_as_needed_in_the_order_of_whole_epochs() -> None:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "KERAS_BACKEND": "tensorflow"}
    done = subprocess.run(
        [sys.executable, "-c", LAZY], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["drawn_for_one"] == 1  # not the epoch's 1,875
    assert result["same"]
