"""Adopting defib on code that already has findings: `--add-noqa` and `--exit-zero`, as in Ruff."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from defib.cli.main import main

TRAIN = '''import keras
"""A docstring that mentions
Dropout(0.95) on a line of its own."""
model = keras.Sequential([
    keras.Input((8,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dropout(0.95),  # very strong regularisation
    keras.layers.Dense(1, activation="softmax"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
'''


def test_add_noqa_silences_each_finding_on_its_line_and_nothing_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "train.py"
    script.write_text(TRAIN)
    assert main(["check", str(tmp_path)]) == 1
    capsys.readouterr()
    assert main(["check", str(tmp_path), "--add-noqa"]) == 0
    assert "Added 2 noqa directives." in capsys.readouterr().out
    noted = script.read_text()
    assert "keras.layers.Dropout(0.95),  # very strong regularisation  # noqa: DF602\n" in noted
    assert 'keras.layers.Dense(1, activation="softmax"),  # noqa: DF401\n' in noted
    assert noted.replace("  # noqa: DF602", "").replace("  # noqa: DF401", "") == TRAIN
    assert main(["check", str(tmp_path)]) == 0
    # Run again: nothing more to add.
    capsys.readouterr()
    assert main(["check", str(tmp_path), "--add-noqa"]) == 0
    assert "Added 0 noqa directives." in capsys.readouterr().out


def test_add_noqa_never_writes_into_a_string_or_after_a_backslash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A finding whose line ends inside a string that spans lines, or is continued with a
    # backslash, cannot take a comment there; the other findings of the file still do.
    script = tmp_path / "train.py"
    source = (
        "import keras\n"
        'model = keras.Sequential([keras.layers.Dense(1, activation="softmax")]); doc = """\n'
        '"""\n'
        "other = keras.Sequential([keras.layers.Dense(1, activation='softmax')]) \\\n"
        "    if True else None\n"
        "third = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"
    )
    script.write_text(source)
    assert main(["check", str(script), "--output-format", "json"]) == 1
    assert capsys.readouterr().out.count('"code": "DF401"') == 3
    assert main(["check", str(script), "--add-noqa"]) == 0
    assert "Added 1 noqa directive." in capsys.readouterr().out
    assert script.read_text() == source.replace(
        "activation='softmax')])\n", "activation='softmax')])  # noqa: DF401\n"
    )
    ast.parse(script.read_text())


def test_exit_zero_reports_and_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "train.py").write_text(TRAIN)
    assert main(["check", str(tmp_path), "--exit-zero"]) == 0
    assert "DF401" in capsys.readouterr().out
