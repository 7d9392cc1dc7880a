"""Every way a probe can fail says so clearly, and leaves nothing running."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from defib.probe.runner import ProbeRunner, run_probe

from .helpers import line_of

pytestmark = pytest.mark.tensorflow

Probe = Callable[..., dict[str, Any]]

MODEL = """
import numpy as np
import keras
x = np.random.default_rng(0).standard_normal((128, 4)).astype("float32")
y = x.sum(axis=1)
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
"""


def kind(report: dict[str, Any]) -> str:
    assert report["verdict"] == "error", report
    return str(report["error_detail"]["kind"])


def alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_progress_is_reported_up_to_done(runner: ProbeRunner, script: Callable[..., str]) -> None:
    seen: list[tuple[str, float]] = []
    report = runner.probe(
        {"path": script(MODEL + "model.fit(x, y)\n")},
        on_progress=lambda stage, fraction: seen.append((stage, fraction)),
    )
    assert report["verdict"] == "healthy"
    stages = [stage for stage, _ in seen]
    assert stages[0] == "import" and stages[-1] == "done"
    fractions = [fraction for _, fraction in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_script_raising_names_the_user_file_and_line(probe: Probe) -> None:
    text = MODEL + "values = {}\nprint('about to fail')\nvalues['missing']\nmodel.fit(x, y)\n"
    report = probe(text)
    assert kind(report) == "script_raised"
    assert report["error_detail"]["line"] == line_of(text, "values['missing']")
    assert report["error_detail"]["file"].endswith("train.py")
    assert "KeyError: 'missing'" in report["error"]
    assert "train.py:" in report["error"]
    assert "about to fail" in report["error_detail"]["output_tail"]


def test_python_lists_that_fit_refuses_are_refused_not_trained_on(probe: Probe) -> None:
    # From a course script: XOR rows as a Python list. Keras 3's fit() raises "Unrecognized
    # data type"; the probe once turned the list into an array and called the model healthy.
    text = (
        "import numpy as np\nimport keras\n"
        "x = [[0, 0], [0, 1], [1, 0], [1, 1]]\ny = np.array([0, 1, 1, 0])\n"
        "model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(8, activation='relu'),"
        " keras.layers.Dense(1, activation='sigmoid')])\n"
        "model.compile(optimizer='adam', loss='binary_crossentropy')\nmodel.fit(x, y, epochs=100)\n"
    )
    report = probe(text)
    assert kind(report) == "data"
    assert "fit() refuses this data: Unrecognized data type" in report["error"]
    assert "np.array(" in report["error"]
    # The same rows as an array train.
    fixed = probe(
        text.replace(
            "x = [[0, 0], [0, 1], [1, 0], [1, 1]]", "x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])"
        )
    )
    assert fixed["verdict"] != "error"


def test_syntax_error_is_reported_with_its_line(probe: Probe) -> None:
    report = probe("import keras\nmodel = (\n")
    assert kind(report) == "script_raised"
    assert "SyntaxError" in report["error"]


def test_sys_exit_before_fit(probe: Probe) -> None:
    text = MODEL + "import sys\nsys.exit(3)\n"
    report = probe(text)
    assert kind(report) == "script_exit"
    assert "sys.exit(3)" in report["error"]
    assert report["error_detail"]["line"] == line_of(text, "sys.exit(3)")


def test_os_exit_without_a_report(probe: Probe) -> None:
    report = probe(MODEL + "import os\nos._exit(7)\n")
    assert kind(report) == "script_exit"
    assert "code 7" in report["error"]


def test_segfault_is_reported_and_the_warm_worker_survives(
    probe: Probe, runner: ProbeRunner
) -> None:
    warm = runner.warm_pid
    report = probe("import ctypes\nctypes.string_at(0)\n")
    assert kind(report) == "killed"
    assert "segmentation fault" in report["error"]
    assert runner.warm_pid == warm
    assert probe(MODEL)["verdict"] == "healthy"


def test_infinite_loop_times_out(probe: Probe) -> None:
    started = time.monotonic()
    report = probe("while True:\n    pass\n", timeout=3)
    assert kind(report) == "timeout"
    assert "3 s" in report["error"]
    assert time.monotonic() - started < 15


def test_memory_exhaustion_is_out_of_memory(probe: Probe) -> None:
    report = probe(
        "import numpy as np\nhoard = []\nwhile True:\n    hoard.append(np.ones(50_000_000))\n",
        memory_limit=3 << 30,
    )
    assert kind(report) == "out_of_memory"


def test_fake_report_printed_by_the_script_is_ignored(probe: Probe) -> None:
    fake = '{"type": "report", "report": {"verdict": "healthy", "path": "x", "error": null}}'
    text = f"""
import sys
print({fake!r})
print({fake!r}, file=sys.stderr)
sys.__stdout__.write({fake!r} + "\\n")
raise RuntimeError("real failure")
"""
    report = probe(text)
    assert kind(report) == "script_raised"
    assert "real failure" in report["error"]


def test_megabytes_of_output_neither_block_nor_corrupt_the_report(probe: Probe) -> None:
    report = probe("for _ in range(20_000):\n    print('x' * 1000)\n" + MODEL)
    assert report["verdict"] == "healthy"


def test_output_tail_of_a_chatty_failure_is_bounded(probe: Probe) -> None:
    report = probe("print('y' * 5_000_000)\nprint('last words')\nraise ValueError('boom')\n")
    tail = report["error_detail"]["output_tail"]
    assert "last words" in tail
    assert len(tail) < 20_000


def test_cancellation_kills_the_whole_process_tree(
    script: Callable[..., str], tmp_path: Path
) -> None:
    pids = tmp_path / "pids"
    path = script(
        f"""
import os, subprocess, time
child = subprocess.Popen(["sleep", "600"])
with open({str(pids)!r}, "w") as handle:
    handle.write(f"{{os.getpid()}} {{child.pid}}")
while True:
    time.sleep(0.1)
"""
    )
    cancel = threading.Event()
    result: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: result.update(run_probe({"path": path}, cancel)))
    thread.start()
    deadline = time.monotonic() + 30
    while not pids.exists() or not pids.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.1)
    worker, sleeper = map(int, pids.read_text().split())
    cancel.set()
    thread.join(15)
    assert not thread.is_alive()
    assert kind(result) == "cancelled"
    time.sleep(0.5)
    assert not alive(worker)
    assert not alive(sleeper)


def test_cancellation_on_the_warm_runner_kills_the_child_and_keeps_the_worker(
    runner: ProbeRunner, script: Callable[..., str], tmp_path: Path
) -> None:
    pids = tmp_path / "pids"
    path = script(
        f"""
import os, subprocess, time
child = subprocess.Popen(["sleep", "600"])
with open({str(pids)!r}, "w") as handle:
    handle.write(f"{{os.getpid()}} {{child.pid}}")
while True:
    time.sleep(0.1)
"""
    )
    runner.warm()
    cancel = threading.Event()
    result: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: result.update(runner.probe({"path": path}, cancel)))
    thread.start()
    deadline = time.monotonic() + 30
    while not pids.exists() or not pids.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.1)
    worker, sleeper = map(int, pids.read_text().split())
    warm = runner.warm_pid
    cancel.set()
    thread.join(15)
    assert kind(result) == "cancelled"
    time.sleep(0.5)
    assert not alive(worker)
    assert not alive(sleeper)
    assert warm is not None and alive(warm)


def test_killed_warm_worker_is_replaced(runner: ProbeRunner, script: Callable[..., str]) -> None:
    runner.warm()
    path = script("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n")
    report = runner.probe({"path": path})
    assert report["verdict"] == "error"
    healthy = runner.probe({"path": script(MODEL, name="ok.py")})
    assert healthy["verdict"] == "healthy"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_closing_the_runner_leaves_no_worker_or_spare_behind(script: Callable[..., str]) -> None:
    runner = ProbeRunner()
    try:
        runner.warm()
        assert runner.probe({"path": script(MODEL)})["verdict"] == "healthy"
        warm = runner.warm_pid
        assert warm is not None
        deadline = time.monotonic() + 20
        while not _children(warm):  # the spare for the next probe
            assert time.monotonic() < deadline
            time.sleep(0.1)
        spares = _children(warm)
    finally:
        runner.close()
    deadline = time.monotonic() + 20
    while any(alive(pid) for pid in [warm, *spares]):
        assert time.monotonic() < deadline, "warm worker or spare still running"
        time.sleep(0.2)


def test_interpreter_without_tensorflow(script: Callable[..., str]) -> None:
    python = "/usr/bin/python3"
    if not os.path.exists(python):
        pytest.skip("no system python without TensorFlow")
    report = run_probe({"path": script(MODEL), "python": python})
    assert kind(report) == "tensorflow_missing"
    assert python in report["error"]


def test_warm_runner_on_an_interpreter_without_tensorflow(script: Callable[..., str]) -> None:
    if not os.path.exists("/usr/bin/python3"):
        pytest.skip("no system python without TensorFlow")
    runner = ProbeRunner(python="/usr/bin/python3")
    try:
        runner.warm()
        assert kind(runner.probe({"path": script(MODEL)})) == "tensorflow_missing"
    finally:
        runner.close()


def test_worker_runs_where_defib_is_not_installed(
    script: Callable[..., str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "site"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\n"
        "class NoDefib:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'defib' or name.startswith('defib.'):\n"
        "            raise ImportError('defib is not installed in this interpreter')\n"
        "sys.meta_path.insert(0, NoDefib())\n"
    )
    monkeypatch.setenv("PYTHONPATH", str(blocker))
    report = run_probe({"path": script(MODEL + "model.fit(x, y)\n")})
    assert report["verdict"] == "healthy", report["error"]


def test_hanging_interpreter_is_given_up_after_one_timeout(
    script: Callable[..., str], tmp_path: Path
) -> None:
    pid_file = tmp_path / "pid"
    python = tmp_path / "hanging-python"
    python.write_text(f"#!/bin/sh\necho $$ > '{pid_file}'\nexec sleep 120\n")
    python.chmod(0o755)
    runner = ProbeRunner(python=str(python))
    try:
        started = time.monotonic()
        report = runner.probe({"path": script(MODEL), "timeout": 2})
        assert kind(report) == "timeout"
        assert time.monotonic() - started < 4
        assert not alive(int(pid_file.read_text()))
    finally:
        runner.close()


def test_missing_interpreter(script: Callable[..., str]) -> None:
    report = run_probe({"path": script(MODEL), "python": "/nonexistent/python"})
    assert kind(report) == "interpreter"


def test_non_tensorflow_keras_backend(
    script: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KERAS_BACKEND", "numpy")
    report = run_probe({"path": script(MODEL)})
    assert kind(report) == "unsupported_backend"
    assert "supports: tensorflow" in report["error"]


def test_script_without_a_model(probe: Probe) -> None:
    report = probe("import numpy as np\nprint(np.zeros(3))\n")
    assert kind(report) == "no_model"
    assert "no Keras model found" in report["error"]


def test_model_never_compiled(probe: Probe) -> None:
    report = probe("import keras\nmodel = keras.Sequential([keras.layers.Dense(1)])\n")
    assert kind(report) == "no_model"
    assert "never compiles" in report["error"]


def test_data_that_does_not_fit_the_model(probe: Probe) -> None:
    report = probe(MODEL + "model.fit(np.zeros((10, 7)), np.zeros(10))\n")
    assert kind(report) == "data"


def test_a_syntax_error_is_refused_before_tensorflow_is_imported(
    script: Callable[..., str],
) -> None:
    report = run_probe({"path": script("import keras\nmodel = (\n")})
    assert kind(report) == "script_raised"
    assert "SyntaxError" in report["error"] and report["error_detail"]["line"] == 2
    assert "tensorflow_import" not in report.get("timings", {})


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temp folder, as the probe's caller sees it, made empty for the test."""
    root = tmp_path / "system-temp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    monkeypatch.setenv("TMPDIR", str(root))
    return root


def test_a_cold_probe_leaves_nothing_in_the_temp_folder(
    temp_root: Path, script: Callable[..., str]
) -> None:
    report = run_probe({"path": script(MODEL + "model.fit(x, y)\n")})
    assert report["verdict"] == "healthy"
    assert list(temp_root.iterdir()) == []


def test_a_warm_probe_removes_its_temp_files_when_it_ends(
    temp_root: Path, script: Callable[..., str]
) -> None:
    runner = ProbeRunner()
    try:
        report = runner.probe({"path": script(MODEL + "model.fit(x, y)\n")})
        assert report["verdict"] == "healthy"
        [worker_folder] = temp_root.iterdir()
        # Only the next spare child, still alive, may have a folder; the probe's is gone.
        for folder in worker_folder.iterdir():
            assert alive(int(folder.name.removeprefix("probe-"))), folder.name
    finally:
        runner.close()
    assert list(temp_root.iterdir()) == []
