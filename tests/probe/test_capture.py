"""How the probe gets the model and data: fit() interception, module arrays, synthetic data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .helpers import line_of

pytestmark = pytest.mark.tensorflow

Probe = Callable[..., dict[str, Any]]

HEAD = """
import numpy as np
import keras
import tensorflow as tf
rng = np.random.default_rng(0)
x = rng.standard_normal((256, 4)).astype("float32")
y = (x @ np.array([1.0, -2.0, 0.5, 3.0])).astype("float32")

def make_model():
    model = keras.Sequential([
        keras.Input(shape=(4,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer="adam", loss="mse")
    return model

model = make_model()
"""


def test_fit_with_numpy_arrays_uses_them_and_the_batch_size(probe: Probe) -> None:
    report = probe(HEAD + "model.fit(x, y, batch_size=16, epochs=100)\n")
    assert report["data"] == {
        "source": "fit",
        "x_shape": [256, 4],
        "y_shape": [256],
        "batch_size": 16,
    }
    assert report["verdict"] == "healthy"


def test_fit_with_keyword_arguments_and_validation_data(probe: Probe) -> None:
    report = probe(HEAD + "model.fit(x=x, y=y, validation_data=(x[:10], y[:10]), epochs=3)\n")
    assert report["data"]["source"] == "fit"
    assert report["data"]["x_shape"] == [256, 4]


def test_fit_with_tf_data_dataset_takes_only_the_batches_needed(probe: Probe) -> None:
    report = probe(
        HEAD
        + "dataset = tf.data.Dataset.from_tensor_slices((x, y)).repeat().batch(8)\n"
        + "model.fit(dataset, steps_per_epoch=10, epochs=5)\n",
        steps=12,
    )
    assert report["data"] == {"source": "fit", "x_shape": [96, 4], "y_shape": [96], "batch_size": 8}
    assert report["verdict"] == "healthy"


def test_fit_with_an_endless_generator_buffers_without_draining(probe: Probe) -> None:
    report = probe(
        HEAD
        + """
pulled = []
def batches():
    while True:
        pulled.append(1)
        index = rng.integers(0, 256, 32)
        yield x[index], y[index]
model.fit(batches(), steps_per_epoch=10, epochs=2)
"""
    )
    assert report["data"]["source"] == "fit"
    assert report["data"]["x_shape"] == [30 * 32, 4]
    assert report["verdict"] == "healthy"


def test_fit_with_a_py_dataset(probe: Probe) -> None:
    report = probe(
        HEAD
        + """
class Batches(keras.utils.PyDataset):
    def __len__(self):
        return 8
    def __getitem__(self, index):
        return x[index * 32:(index + 1) * 32], y[index * 32:(index + 1) * 32]
model.fit(Batches(), epochs=2)
"""
    )
    assert report["data"] == {
        "source": "fit",
        "x_shape": [256, 4],
        "y_shape": [256],
        "batch_size": 32,
    }
    assert report["verdict"] == "healthy"


def test_functional_model_layers_map_to_their_lines(probe: Probe) -> None:
    text = (
        HEAD
        + """
inputs = keras.Input(shape=(4,))
hidden = keras.layers.Dense(8, activation="tanh")(inputs)
outputs = keras.layers.Dense(1)(hidden)
functional = keras.Model(inputs, outputs)
functional.compile(optimizer="adam", loss="mse")
functional.fit(x, y)
"""
    )
    report = probe(text)
    assert report["model"]["line"] == line_of(text, "functional = keras.Model")
    lines = [layer["line"] for layer in report["model"]["layers"] if layer["class"] == "Dense"]
    assert lines == [line_of(text, "hidden ="), line_of(text, "outputs =")]
    assert report["verdict"] == "healthy"


def test_subclassed_model_without_input_is_built_on_a_sample(probe: Probe) -> None:
    text = (
        HEAD
        + """
class Regressor(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(16, activation="relu")
        self.out = keras.layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(inputs))

regressor = Regressor()
regressor.compile(optimizer="adam", loss="mse")
regressor.fit(x, y, epochs=3)
"""
    )
    report = probe(text)
    assert report["model"]["class"] == "Regressor"
    assert report["model"]["line"] == line_of(text, "regressor = Regressor()")
    assert [layer["line"] for layer in report["model"]["layers"]] == [
        line_of(text, "self.hidden ="),
        line_of(text, "self.out ="),
    ]
    assert report["verdict"] == "healthy"


def test_script_without_fit_probes_the_last_compiled_model_on_module_arrays(probe: Probe) -> None:
    report = probe(HEAD)
    assert report["data"]["source"] == "module"
    assert report["model"]["line"] == line_of(HEAD, "model = keras.Sequential")
    assert report["verdict"] == "healthy"


def test_script_without_data_gets_synthetic_classes_for_a_classifier(probe: Probe) -> None:
    text = """
import keras
model = keras.Sequential([
    keras.Input(shape=(6,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""
    report = probe(text)
    assert report["data"] == {
        "source": "synthetic",
        "x_shape": [512, 6],
        "y_shape": [512, 4],
        "batch_size": 32,
    }
    assert report["verdict"] == "healthy"


def test_line_selects_the_model_defined_there_without_running_earlier_fits(probe: Probe) -> None:
    text = (
        HEAD
        + """
broken = keras.Sequential([
    keras.Input(shape=(4,)),
    keras.layers.Dense(16, activation="relu", kernel_initializer="zeros"),
    keras.layers.Dense(1),
])
broken.compile(optimizer="adam", loss="mse")
history = model.fit(x, y, epochs=1000)
broken.fit(x, y, epochs=1000)
"""
    )
    healthy = probe(text)
    assert healthy["model"]["line"] == line_of(text, "model = keras.Sequential")
    assert healthy["verdict"] == "healthy"
    chosen = probe(text, line=line_of(text, "kernel_initializer"))
    assert chosen["model"]["line"] == line_of(text, "broken = keras.Sequential")
    assert chosen["verdict"] == "collapsed"


def test_main_guard_runs_because_the_script_is_main(probe: Probe) -> None:
    text = (
        HEAD
        + """
def main():
    make_model().fit(x, y, epochs=5)

if __name__ == "__main__":
    main()
"""
    )
    report = probe(text)
    assert report["data"]["source"] == "fit"


REPLAYED = """
import json, os
import numpy as np
import keras

keras.utils.set_random_seed(3)
rng = np.random.default_rng(0)
x = rng.standard_normal((200, 4)).astype("float32")
y = (x @ np.array([1.0, -2.0, 0.5, 3.0])).astype("float32")
model = keras.Sequential([
    keras.Input(shape=(4,)),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse")
means = []

class Record(keras.callbacks.Callback):
    def on_train_batch_end(self, batch, logs=None):
        means.append(float(logs["loss"]))

model.fit(x, y, batch_size=32, epochs=2, callbacks=[Record()], verbose=0)
json.dump(means, open(os.environ["LOSSES"], "w"))
"""


def test_probe_trains_on_the_batches_fit_would_draw_in_the_same_order(
    probe: Probe, script: Callable[..., str], tmp_path: Path
) -> None:
    # Run the script for real: fit() logs each epoch's running mean of the batch losses,
    # weighted by batch size (200 samples: six batches of 32, then one of 8).
    path = script(REPLAYED, name="real.py")
    losses_file = tmp_path / "losses.json"
    subprocess.run(
        [sys.executable, path],
        env={**os.environ, "LOSSES": str(losses_file), "TF_CPP_MIN_LOG_LEVEL": "3"},
        check=True,
        timeout=120,
    )
    means = json.loads(losses_file.read_text())
    sizes = [32] * 6 + [8]
    real = []
    for epoch in range(2):
        seen = total = 0.0
        for step, size in enumerate(sizes):
            mean = means[epoch * 7 + step]
            real.append((mean * (seen + size) - total) / size)
            seen, total = seen + size, mean * (seen + size)

    report = probe(REPLAYED, steps=14, watch_longer=False)
    assert report["metrics"]["planned_steps"] == 14
    assert report["metrics"]["loss"] == pytest.approx(real, rel=1e-4)


def test_planned_steps_count_the_batches_left_after_a_validation_split(probe: Probe) -> None:
    report = probe(HEAD + "model.fit(x, y, batch_size=50, epochs=3, validation_split=0.25)\n")
    assert report["metrics"]["planned_steps"] == 3 * 4  # 192 samples train: 4 batches of 50
