"""A notebook is probed as its code cells run in order; the report points into the cells."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from defib.cli import probe_cmd
from defib.probe.report import format_text
from defib.probe.runner import ProbeRunner

from .helpers import finding

pytestmark = pytest.mark.tensorflow

CELLS: list[tuple[str, str]] = [
    ("markdown", "# Training\n"),
    ("code", "%matplotlib inline\nimport numpy as np\nimport keras\n!nvidia-smi\n"),
    # A relative path: the cells run in the notebook's folder, as Jupyter runs them.
    ("code", "x = np.load('x.npy')\ny = (x[:, 0] > 0).astype('float32')\n"),
    ("markdown", "The model:\n"),
    (
        "code",
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(4,)),\n"
        "    keras.layers.Dense(8, activation='relu'),\n"
        "    keras.layers.Dense(1, activation='softmax'),\n"
        "])\n"
        "model.compile(optimizer='adam', loss='binary_crossentropy')\n",
    ),
    ("code", "%%time\nmodel.fit(x, y, epochs=3)\n"),
]


def write_notebook(folder: Path, cells: list[tuple[str, str]], name: str = "train.ipynb") -> str:
    notebook = {
        "cells": [
            {"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True)}
            | ({"outputs": [], "execution_count": None} if kind == "code" else {})
            for kind, text in cells
        ],
        "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = folder / name
    path.write_text(json.dumps(notebook))
    np = pytest.importorskip("numpy")
    np.save(folder / "x.npy", np.random.default_rng(0).standard_normal((256, 4)).astype("float32"))
    return str(path)


def test_findings_map_to_the_cell_and_its_line(runner: ProbeRunner, tmp_path: Path) -> None:
    path = write_notebook(tmp_path, CELLS)
    report: dict[str, Any] = runner.probe({"path": path})
    assert report["verdict"] == "collapsed", report.get("error")
    assert report["path"] == path
    # Cell 5 (markdown counted) starts at joined line 7: 4 lines of cell 2, 2 of cell 3.
    assert report["model"]["cell"] == 5 and report["model"]["cell_line"] == 1
    assert report["model"]["line"] == 7
    collapse = finding(report, "DF901")
    assert (collapse["cell"], collapse["cell_line"], collapse["line"]) == (5, 4, 10)
    assert [c["cell"] for c in report["notebook"]["cells"]] == [2, 3, 5, 6]
    text = format_text(report)
    assert f"{path}:cell 5:line 1: model" in text
    assert f"{path}:cell 5:line 4: DF901" in text


def test_an_error_names_the_cell(runner: ProbeRunner, tmp_path: Path) -> None:
    cells = [*CELLS[:2], ("code", "x = 1\nraise ValueError('no data')\n")]
    path = write_notebook(tmp_path, cells)
    report = runner.probe({"path": path})
    detail = report["error_detail"]
    assert report["verdict"] == "error"
    assert (detail["file"], detail["cell"], detail["cell_line"]) == (path, 3, 2)
    assert "train.ipynb, cell 3, line 2" in report["error"]


def test_cli_line_counts_in_the_cell_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_notebook(tmp_path, CELLS)
    code = probe_cmd.main(
        [path, "--cell", "5", "--line", "4", "--output-format", "json", "--no-what-if"]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["model"]["cell"] == 5
    assert probe_cmd.main([path, "--cell", "4", "--line", "1"]) == 2  # a markdown cell


def test_notes_name_cells_and_user_messages_keep_their_words(tmp_path: Path) -> None:
    from defib.engine.notebook import read_cells
    from defib.probe.notebook import NotebookScript, map_report

    path = write_notebook(tmp_path, CELLS)
    source, spans = read_cells(path) or ("", [])
    script = str(tmp_path / "train.py")
    report = map_report(
        {
            "verdict": "error",
            "error": "x",
            "notes": ["the fit() of 'ae' at line 13 ran for real first (pre-training)"],
            "error_detail": {
                "file": script,
                "line": 3,
                "message": "the script raised ValueError: bad line 3 at train.py:3",
            },
        },
        NotebookScript(path, script, spans),
    )
    assert source.count("\n") == 14
    assert report["notes"] == [
        "the fit() of 'ae' at cell 6, line 1 ran for real first (pre-training)"
    ]
    assert (
        report["error"] == "the script raised ValueError: bad line 3 at train.ipynb, cell 2, line 3"
    )
    assert (report["error_detail"]["cell"], report["error_detail"]["cell_line"]) == (2, 3)


def test_the_early_verdict_points_into_the_cells_too(runner: ProbeRunner, tmp_path: Path) -> None:
    path = write_notebook(tmp_path, CELLS)
    softmax = {"kind": "activation", "value": "sigmoid", "layer_index": 1, "description": ""}
    early: list[Any] = []
    report = runner.probe(
        {"path": path, "hints": [{"code": "DF401", "line": 10, "what_if": softmax}]},
        on_verdict=early.append,
    )
    (verdict,) = early
    assert verdict["path"] == report["path"] == path
    assert verdict["what_if_pending"] == len(report["what_if"]) == 1
    assert (verdict["model"]["cell"], verdict["model"]["cell_line"]) == (5, 1)
    assert finding(verdict, "DF901")["cell"] == 5
    assert report["what_if"][0]["cell"] == 5
