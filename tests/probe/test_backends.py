"""The probe on each Keras 3 backend: TensorFlow, JAX and PyTorch, chosen as Keras chooses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from defib.probe.report import format_text
from defib.probe.runner import ProbeRunner, run_probe
from defib.probe.worker import backends

from .helpers import finding, line_of

pytestmark = pytest.mark.tensorflow

BACKENDS = ("tensorflow", "jax", "torch")

DATA = """
import numpy as np
import keras
rng = np.random.default_rng(0)
x = rng.standard_normal((512, 8)).astype("float32")
y = x @ rng.standard_normal(8)
"""

HEALTHY = (
    DATA
    + """
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, batch_size=16, epochs=20)
"""
)

ONE_UNIT_SOFTMAX = (
    DATA
    + """
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1, activation="softmax"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, (y > 0).astype("float32"), epochs=20)
"""
)

# Linear layers: a ReLU layer could die in the first step instead (a collapse, on some seeds).
SGD_ON_UNSCALED = """
import numpy as np
import keras
rng = np.random.default_rng(0)
x = rng.uniform(0, 1000, size=(512, 8)).astype("float32")
y = x @ rng.uniform(0, 10, 8)
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(32),
    keras.layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0), loss="mse")
model.fit(x, y, epochs=20)
"""


@pytest.fixture(scope="module")
def runners() -> Iterator[dict[str, ProbeRunner]]:
    """A warm runner per backend (the TensorFlow one as the other probe tests use it)."""
    started = {name: ProbeRunner(backend=name) for name in BACKENDS}
    for runner in started.values():
        runner.warm()
    yield started
    for runner in started.values():
        runner.close()


@pytest.fixture
def probe_on(
    runners: dict[str, ProbeRunner], script: Callable[..., str]
) -> Callable[..., dict[str, Any]]:
    def run(backend: str, text: str, **request: Any) -> dict[str, Any]:
        return runners[backend].probe({"path": script(text), **request})

    return run


@pytest.mark.parametrize("backend", BACKENDS)
def test_healthy_regression_is_healthy_and_names_its_backend(
    probe_on: Callable[..., dict[str, Any]], backend: str
) -> None:
    report = probe_on(backend, HEALTHY)
    assert report["verdict"] == "healthy", report.get("error")
    assert report["backend"] == backend
    assert report["backend_version"]
    assert report["findings"] == []
    assert report["timings"]["warm"] == 1.0
    assert [layer["name"] for layer in report["model"]["layers"]] == ["dense", "dense_1"]
    assert report["metrics"]["loss"][-1] < report["metrics"]["loss"][0]
    assert f"backend {backend} {report['backend_version']}" in format_text(report)


@pytest.mark.parametrize("backend", BACKENDS)
def test_one_unit_softmax_collapses_at_the_output_layer(
    probe_on: Callable[..., dict[str, Any]], backend: str
) -> None:
    report = probe_on(backend, ONE_UNIT_SOFTMAX)
    assert report["verdict"] == "collapsed", report.get("error")
    df901 = finding(report, "DF901")
    assert df901["line"] == line_of(ONE_UNIT_SOFTMAX, 'Dense(1, activation="softmax")')
    assert "softmax over a single unit" in df901["message"]
    assert report["metrics"]["spread_ratio_end"] == 0.0


@pytest.mark.parametrize("backend", BACKENDS)
def test_sgd_at_learning_rate_one_on_unscaled_data_diverges(
    probe_on: Callable[..., dict[str, Any]], backend: str
) -> None:
    report = probe_on(backend, SGD_ON_UNSCALED)
    assert report["verdict"] == "diverged", report.get("error")
    assert not all(report["metrics"]["loss_finite"])
    assert finding(report, "DF902")["line"] in (
        line_of(SGD_ON_UNSCALED, "Dense(32)"),
        line_of(SGD_ON_UNSCALED, "Dense(1)"),
    )


ADAM_AT_TEN = """
import numpy as np
import keras
model = keras.Sequential([keras.Input(shape=(10,)), keras.layers.Dense(128, activation="relu"),
                          keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=10.0), loss="mse")
x = np.random.default_rng(0).standard_normal((512, 10))
y = x @ np.random.default_rng(1).standard_normal(10)
model.fit(x, y, epochs=20)
"""


@pytest.mark.parametrize("backend", ("jax", "torch"))
def test_a_lower_learning_rate_what_if_is_measured(
    probe_on: Callable[..., dict[str, Any]], backend: str
) -> None:
    lower = {"kind": "learning_rate", "value": 0.001, "layer_index": None, "description": ""}
    report = probe_on(backend, ADAM_AT_TEN, hints=[{"code": "DF101", "line": 1, "what_if": lower}])
    # Adam at 10.0 throws the weights far away: the loss explodes while staying finite (and
    # may still be falling at the last look, which leaves the verdict inconclusive).
    assert report["verdict"] in ("diverged", "inconclusive")
    (entry,) = report["what_if"]
    assert entry["change"] == "learning rate 10 -> 0.001"
    assert entry["verdict"] == "healthy"


@pytest.mark.parametrize("backend", ("jax", "torch"))
def test_an_activation_what_if_clones_the_model(
    probe_on: Callable[..., dict[str, Any]], backend: str
) -> None:
    what_if = {"kind": "activation", "value": "linear", "layer_index": 1, "description": ""}
    report = probe_on(
        backend,
        HEALTHY.replace("keras.layers.Dense(1)", 'keras.layers.Dense(1, activation="softmax")'),
        hints=[{"code": "DF401", "line": 1, "what_if": what_if}],
    )
    assert report["verdict"] == "collapsed"
    (entry,) = report["what_if"]
    assert "softmax -> linear" in entry["change"]
    assert entry["verdict"] == "healthy"


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


@pytest.mark.parametrize("backend", ("jax", "torch"))
def test_fit_with_numpy_arrays_replays_fits_own_batches(
    probe_on: Callable[..., dict[str, Any]],
    script: Callable[..., str],
    tmp_path: Path,
    backend: str,
) -> None:
    # The script trained for real on this backend: fit() logs each epoch's running mean of
    # the batch losses, weighted by batch size (200 samples: six batches of 32, one of 8).
    path = script(REPLAYED, name="real.py")
    losses_file = tmp_path / "losses.json"
    env = {**os.environ, "LOSSES": str(losses_file), "KERAS_BACKEND": backend}
    subprocess.run([sys.executable, path], env=env, check=True, timeout=180)
    means = json.loads(losses_file.read_text())
    sizes = [32] * 6 + [8]
    real = []
    for epoch in range(2):
        seen = total = 0.0
        for step, size in enumerate(sizes):
            mean = means[epoch * 7 + step]
            real.append((mean * (seen + size) - total) / size)
            seen, total = seen + size, mean * (seen + size)

    report = probe_on(backend, REPLAYED, steps=14, watch_longer=False)
    assert report["data"] == {
        "source": "fit",
        "x_shape": [200, 4],
        "y_shape": [200],
        "batch_size": 32,
    }
    assert report["metrics"]["planned_steps"] == 14
    assert report["metrics"]["loss"] == pytest.approx(real, rel=1e-4)


@pytest.fixture
def modules_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make the worker write which frameworks it had imported when it exits."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import json, os, sys\n"
        "_exit = os._exit\n"
        "def _report_and_exit(code):\n"
        "    with open(os.environ['DEFIB_TEST_MODULES'], 'w') as handle:\n"
        "        json.dump([m for m in ('tensorflow', 'jax', 'torch') if m in sys.modules],"
        " handle)\n"
        "    _exit(code)\n"
        "os._exit = _report_and_exit\n"
    )
    modules = tmp_path / "modules.json"
    monkeypatch.setenv("PYTHONPATH", str(site))
    monkeypatch.setenv("DEFIB_TEST_MODULES", str(modules))
    return modules


@pytest.mark.parametrize("backend", ("jax", "torch"))
def test_the_worker_does_not_import_tensorflow_for_another_backend(
    script: Callable[..., str], modules_report: Path, backend: str
) -> None:
    report = run_probe({"path": script(HEALTHY), "backend": backend})
    assert report["verdict"] == "healthy", report.get("error")
    imported = json.loads(modules_report.read_text())
    assert backend in imported
    assert "tensorflow" not in imported
    assert "tensorflow_import" not in report["timings"]
    assert report["timings"]["backend_import"] > 0


@pytest.mark.parametrize("backend", ("jax", "torch"))
def test_a_selected_backend_that_is_not_installed_says_so(
    script: Callable[..., str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    blocker = tmp_path / "site"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\n"
        "class Missing:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name == {backend!r} or name.startswith({backend + '.'!r}):\n"
        "            raise ModuleNotFoundError('No module named ' + repr(name))\n"
        "sys.meta_path.insert(0, Missing())\n"
    )
    monkeypatch.setenv("PYTHONPATH", str(blocker))
    monkeypatch.setenv("KERAS_BACKEND", backend)
    path = script(HEALTHY)
    for report in (run_probe({"path": path}), _warm_once(path)):
        assert report["verdict"] == "error"
        assert report["error_detail"]["kind"] == "backend_missing"
        assert f"the Keras backend is {backend!r} (from KERAS_BACKEND)" in report["error"]
        assert f"defib[probe-{backend}]" in report["error"]


def _warm_once(path: str) -> dict[str, Any]:
    runner = ProbeRunner()
    try:
        return runner.probe({"path": path})
    finally:
        runner.close()


def test_the_backend_is_read_from_keras_json_without_keras_backend(
    script: Callable[..., str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "keras-home"
    home.mkdir()
    (home / "keras.json").write_text(json.dumps({"backend": "torch", "floatx": "float32"}))
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(home))
    assert backends.selected() == "torch"
    report = run_probe({"path": script(HEALTHY)})
    assert report["backend"] == "torch"


def test_keras_backend_overrides_keras_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "keras.json").write_text(json.dumps({"backend": "torch"}))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    assert backends.selected() == "jax"
    monkeypatch.delenv("KERAS_BACKEND")
    (tmp_path / "keras.json").unlink()
    assert backends.selected() == "tensorflow"


def test_the_cli_backend_option_selects_the_backend(
    script: Callable[..., str], capsys: pytest.CaptureFixture[str]
) -> None:
    from defib.cli import probe_cmd

    path = script(HEALTHY)
    code = probe_cmd.main([path, "--backend", "jax", "--no-what-if", "--output-format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["backend"] == "jax"


def test_fit_with_a_torch_data_loader_buffers_its_batches(
    probe_on: Callable[..., dict[str, Any]],
) -> None:
    report = probe_on(
        "torch",
        DATA
        + """
import torch
pairs = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y.astype("float32")))
loader = torch.utils.data.DataLoader(pairs, batch_size=16, shuffle=True)
model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(loader, epochs=3)
""",
    )
    assert report["data"] == {
        "source": "fit",
        "x_shape": [480, 8],
        "y_shape": [480],
        "batch_size": 16,
    }
    assert report["verdict"] == "healthy"
