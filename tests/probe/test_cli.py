"""`defib probe`: exit codes and output formats, on a cold worker."""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path

import pytest
from defib.cli import probe_cmd

pytestmark = pytest.mark.tensorflow

COLLAPSING = """
import numpy as np
import keras
x = np.random.default_rng(0).standard_normal((256, 4)).astype("float32")
y = (x[:, 0] > 0).astype("float32")
model = keras.Sequential([
    keras.Input(shape=(4,)),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(1, activation="softmax"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=5)
"""


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "train.py"
    path.write_text(textwrap.dedent(text).lstrip())
    return str(path)


def test_json_output_and_exit_code_one_for_a_collapse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = probe_cmd.main([write(tmp_path, COLLAPSING), "--output-format", "json", "--steps", "20"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["verdict"] == "collapsed"
    assert report["metrics"]["steps"] == 20


def test_text_output_and_exit_code_two_for_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = probe_cmd.main([write(tmp_path, "raise ValueError('nope')\n"), "--no-what-if"])
    assert code == 2
    assert (
        "probe failed: the script raised ValueError: nope at train.py:1" in capsys.readouterr().out
    )


def test_register_adds_the_probe_subcommand() -> None:
    parser = argparse.ArgumentParser(prog="defib")
    probe_cmd.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["probe", "train.py", "--line", "7", "--python", "/py"])
    assert (args.command, args.file, args.line, args.python) == ("probe", "train.py", 7, "/py")
    assert args.handler is probe_cmd.run
