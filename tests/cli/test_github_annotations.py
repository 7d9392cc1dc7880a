"""`defib check --output-format github` writes one GitHub Actions workflow command per finding.

Each line is read back with GitHub's own syntax,
`::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`, where property values
escape `%`, CR, LF, `:` and `,`, and the message escapes `%`, CR and LF.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from defib.cli.check import Finding, github_annotation
from defib.cli.main import main
from defib.engine.diagnostics import Diagnostic, Range, Severity

SOFTMAX = 'import keras\nm = keras.Sequential([\n    keras.layers.Dense(1, activation="softmax"),  # out\n])\n'
DROPOUT = (
    "import keras\nm = keras.Sequential([\n    keras.layers.Dense(8, activation='relu'),\n"
    "    keras.layers.Dropout(0.95),\n    keras.layers.Dense(1),\n])\n"
)
ADAM = (
    "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n"
    "m.compile(optimizer=keras.optimizers.Adam(learning_rate=10.0), loss='mse')\n"
)

_COMMAND = re.compile(r"::(?P<command>error|warning|notice) (?P<properties>[^:]*)::(?P<message>.*)")
_PROPERTY_VALUE = re.compile(r"(?:[^%,:\r\n]|%25|%0D|%0A|%3A|%2C)*")
_MESSAGE = re.compile(r"(?:[^%\r\n]|%25|%0D|%0A)*")
_UNESCAPE = {"%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ",", "%25": "%"}


@dataclass(frozen=True)
class Annotation:
    command: str
    properties: dict[str, str]
    message: str


def _unescape(text: str) -> str:
    return re.sub("%0D|%0A|%3A|%2C|%25", lambda m: _UNESCAPE[m.group()], text)


def parse(line: str) -> Annotation:
    """Read a workflow command as GitHub does, failing on anything it would misread."""
    match = _COMMAND.fullmatch(line)
    assert match is not None, f"not a workflow command: {line!r}"
    properties: dict[str, str] = {}
    for pair in match["properties"].split(","):
        key, _, value = pair.partition("=")
        assert _PROPERTY_VALUE.fullmatch(value), f"badly escaped property {pair!r}"
        properties[key] = _unescape(value)
    assert _MESSAGE.fullmatch(match["message"]), f"badly escaped message {match['message']!r}"
    return Annotation(match["command"], properties, _unescape(match["message"]))


def annotations(capsys: pytest.CaptureFixture[str], *paths: Path) -> list[Annotation]:
    main(["check", *map(str, paths), "--output-format", "github"])
    out = capsys.readouterr().out
    assert out.endswith("\n")
    return [parse(line) for line in out[:-1].split("\n")]


def test_a_finding_is_one_command_with_its_location_and_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "train.py").write_text(SOFTMAX)
    [annotation] = annotations(capsys, tmp_path / "train.py")
    assert annotation == Annotation(
        "error",
        {
            "title": "Defib (DF401)",
            "file": str(tmp_path / "train.py"),
            "line": "3",
            "col": "38",
            "endLine": "3",
            "endColumn": "47",
        },
        "DF401 Softmax over a single unit always outputs 1.0, for every input: use sigmoid for "
        "a one-unit probability, or give the layer one unit per class (this model is never "
        "compiled or trained in this file)",
    )


def test_a_clean_file_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "clean.py").write_text(
        "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n"
    )
    assert main(["check", str(tmp_path / "clean.py"), "--output-format", "github"]) == 0
    assert capsys.readouterr().out == ""


def test_a_path_with_a_comma_a_colon_and_a_percent_is_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a,b:c%.py"
    path.write_text(SOFTMAX)
    [annotation] = annotations(capsys, path)
    assert annotation.properties["file"] == str(path)


def test_a_percent_in_a_message_is_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "train.py").write_text(DROPOUT)
    [annotation] = annotations(capsys, tmp_path / "train.py")
    assert "drops 95% of the inputs during training: of the 8 values" in annotation.message


def test_a_newline_and_a_carriage_return_in_a_message_are_escaped() -> None:
    finding = Finding(
        "train.py",
        None,
        Diagnostic("DF000", "syntax-error", Severity.ERROR, "one\r\ntwo", Range.of(1, 0, 1, 1)),
    )
    line = github_annotation(finding)
    assert line.endswith("\n") and "\n" not in line[:-1]
    assert parse(line[:-1]).message == "DF000 one\r\ntwo"


def test_a_notebook_finding_names_its_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cells = [{"cell_type": "code", "metadata": {}, "source": SOFTMAX, "outputs": []}]
    (tmp_path / "train.ipynb").write_text(json.dumps({"cells": cells, "nbformat": 4}))
    [annotation] = annotations(capsys, tmp_path / "train.ipynb")
    assert annotation.message.startswith("DF401 cell 1: Softmax over a single unit")


@pytest.mark.parametrize(
    ("sample", "command"),
    [(SOFTMAX, "error"), (ADAM, "warning"), (DROPOUT, "notice")],
    ids=["error", "warning", "info-is-notice"],
)
def test_the_command_follows_the_finding_severity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample: str, command: str
) -> None:
    (tmp_path / "train.py").write_text(sample)
    [annotation] = annotations(capsys, tmp_path / "train.py")
    assert annotation.command == command
