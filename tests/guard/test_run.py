"""`defib run`: the script runs as `__main__` with its argv, a guard on every fit()."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
pytest.importorskip("keras")

from defib.guard.run import run_guarded

SCRIPT = """
import sys
import numpy as np
import keras

mode = sys.argv[1]
with open(sys.argv[2], "w") as out:
    out.write(" ".join(sys.argv[1:]) + " " + __name__)
if mode == "exit":
    sys.exit(3)
if mode == "raise":
    raise ValueError("bad data")
rng = np.random.default_rng(0)
x = rng.standard_normal((512, 8)).astype("float32")
y = x @ rng.standard_normal(8)
init = "zeros" if mode == "collapse" else "glorot_uniform"
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(16, activation="relu", kernel_initializer=init),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
history = model.fit(x, y, epochs=int(sys.argv[3]), batch_size=32, verbose=0)
print("epochs", len(history.history["loss"]))
"""


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "train.py"
    path.write_text(textwrap.dedent(SCRIPT).lstrip())
    return path


def test_collapse_exits_1_and_reports_the_layer_line(
    script: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.json"
    argv_file = tmp_path / "argv.txt"
    code = run_guarded(str(script), ["collapse", str(argv_file), "20"], report_path=str(report))
    assert code == 1
    assert argv_file.read_text() == f"collapse {argv_file} 20 __main__"
    outcome = json.loads(report.read_text())
    assert outcome["outcome"] == "stopped" and outcome["fits"] == 1
    [diagnosis] = outcome["diagnoses"]
    assert diagnosis["line"] == 18 and diagnosis["file"] == str(script)  # the zero-init Dense
    printed = capsys.readouterr()
    assert "defib guard: training stopped" in printed.err and "train.py:18" in printed.err
    assert "epochs 20" not in printed.out


def test_healthy_script_exits_0(script: Path, tmp_path: Path) -> None:
    code = run_guarded(str(script), ["healthy", str(tmp_path / "argv.txt"), "4"])
    assert code == 0


def test_the_scripts_own_exit_and_errors(
    script: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_guarded(str(script), ["exit", str(tmp_path / "a.txt"), "1"]) == 3
    assert run_guarded(str(script), ["raise", str(tmp_path / "b.txt"), "1"]) == 1
    err = capsys.readouterr().err
    assert "ValueError: bad data" in err and 'train.py", line 11' in err


def test_the_command_line(script: Path, tmp_path: Path) -> None:
    argv_file = tmp_path / "argv.txt"
    done = subprocess.run(
        [sys.executable, "-m", "defib", "run", str(script), "collapse", str(argv_file), "20"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "constant output confirmed" in done.stderr
    assert argv_file.read_text().startswith("collapse ")


PLATEAU = """
import numpy as np
import keras

keras.utils.set_random_seed(1)
rng = np.random.default_rng(1)
x = rng.standard_normal((1024, 8)).astype("float32")
y = (x @ rng.standard_normal(8)).astype("float32")
tiny = keras.initializers.RandomNormal(stddev=0.02)
model = keras.Sequential(
    [keras.Input(shape=(8,))]
    + [keras.layers.Dense(16, activation="tanh", kernel_initializer=tiny) for _ in range(3)]
    + [keras.layers.Dense(1, kernel_initializer=tiny)]
)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
history = model.fit(x, y, epochs=10, batch_size=32, verbose=0)
print("epochs", len(history.history["loss"]))
"""


def test_a_likely_collapse_only_exits_0_and_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plateau the training escapes: a warning, not a failure."""
    script = tmp_path / "plateau.py"
    script.write_text(textwrap.dedent(PLATEAU).lstrip())
    report = tmp_path / "report.json"
    assert run_guarded(str(script), [], report_path=str(report)) == 0
    outcome = json.loads(report.read_text())
    assert outcome["outcome"] == "finished"
    assert [d["confidence"] for d in outcome["diagnoses"]] == ["likely"]
    printed = capsys.readouterr()
    assert "epochs 10" in printed.out and "only a likely collapse" in printed.err
