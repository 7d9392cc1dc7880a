"""Probing a notebook: its code cells, joined as the engine joins them, run as one script, and
every line of the report is mapped back to its cell.

Cells run in order in one namespace, so the joined cells are the program a notebook runs top to
bottom (IPython's magics and shell lines neutralised, as the engine reads them). The worker runs
that source from a temp file in the notebook's own folder, so relative paths in the cells still
resolve; the report names the notebook and carries, beside each joined line, its cell (1-based,
every cell counted, as `defib check` numbers them) and its line within that cell.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from defib.engine.notebook import CellSpan, is_notebook, locate, read_cells
from defib.probe.report import ProbeError, error_report

if TYPE_CHECKING:
    from defib.probe.worker.schema import Located, ProbeReport

VerdictCallback = Callable[["ProbeReport"], None]
# A ProbeRequest and where to send the verdict ahead of the what-ifs in, the report out.
Run = Callable[[Any, "VerdictCallback | None"], "ProbeReport"]


def joined_line(path: str, cell: int, line: int | None) -> int | None:
    """The joined line of `line` (1-based; None: the cell's first) in cell `cell` (1-based)."""
    joined = read_cells(path)
    if joined is None:
        return None
    span = next((s for s in joined[1] if s.index + 1 == cell), None)
    if span is None:
        return None
    return span.first_line + min(max((line or 1) - 1, 0), max(span.line_count - 1, 0))


@dataclass(frozen=True)
class NotebookScript:
    """A notebook's cells written out as the script the worker runs."""

    notebook: str
    script: str
    spans: list[CellSpan]

    def cell_of(self, line: Any) -> tuple[int, int] | None:
        """(cell, line in the cell), both 1-based, of a joined line."""
        if not isinstance(line, int) or isinstance(line, bool):
            return None
        located = locate(self.spans, line)
        return None if located is None else (located[0].index + 1, located[1])

    def where(self, line: Any) -> str:
        """`cell 3, line 5` for a joined line (else `line N`)."""
        located = self.cell_of(line)
        return f"line {line}" if located is None else f"cell {located[0]}, line {located[1]}"


def probing(request: Any, run: Run, on_verdict: VerdictCallback | None = None) -> ProbeReport:
    """Run the probe `request` asks for; a notebook as its joined cells, mapped back (the
    verdict `on_verdict` gets ahead of the what-ifs too)."""
    path = os.path.abspath(request.path)
    if not is_notebook(path) or not os.path.isfile(path):
        return run(request, on_verdict)
    joined = read_cells(path)
    if joined is None:
        message = f"{path} is not a readable notebook (.ipynb JSON with cells)"
        return error_report(path, ProbeError("script_raised", message))
    source, spans = joined
    folder = tempfile.mkdtemp(prefix="defib-notebook-")
    try:
        stem = os.path.splitext(os.path.basename(path))[0]
        script = os.path.join(folder, f"{stem}.py")
        with open(script, "w", encoding="utf-8") as handle:
            handle.write(source)
        cwd = os.path.dirname(path)
        notebook = NotebookScript(path, script, spans)
        mapped: VerdictCallback | None = None
        if on_verdict is not None:
            callback = on_verdict

            def mapped(early: ProbeReport) -> None:
                callback(map_report(early, notebook))

        report = run(dataclasses.replace(request, path=script, cwd=cwd), mapped)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return map_report(report, notebook)


def map_report(report: ProbeReport, notebook: NotebookScript) -> ProbeReport:
    """The report about the joined script, restated about the notebook and its cells."""
    report["path"] = notebook.notebook
    report["notebook"] = {
        "cells": [
            {"cell": s.index + 1, "first_line": s.first_line, "line_count": s.line_count}
            for s in notebook.spans
        ]
    }
    model = report.get("model")
    located: list[Located] = []
    if model is not None:
        located += [model, *model.get("layers", [])]
    located += report.get("findings", [])
    located += report.get("what_if", [])
    located += report.get("models_seen", [])
    for item in located:
        _add_cell(item, notebook)
    report["notes"] = [
        _cells_in_text(note, notebook, bare=True) for note in report.get("notes") or ()
    ]
    detail = report.get("error_detail")
    if detail is not None:
        if detail.get("file") == notebook.script:
            detail["file"] = notebook.notebook
            _add_cell(detail, notebook)
        message = _cells_in_text(str(detail.get("message") or ""), notebook)
        detail["message"] = report["error"] = message
    return report


def _add_cell(item: Located, notebook: NotebookScript) -> None:
    located = notebook.cell_of(item.get("line"))
    item["cell"], item["cell_line"] = located if located is not None else (None, None)


def _cells_in_text(text: str, notebook: NotebookScript, bare: bool = False) -> str:
    """`train.py:12` in a message (with `bare`, `line 12` too: the probe's own notes, where no
    text of the user's appears), as the cell and line they fall in."""
    name = re.escape(os.path.basename(notebook.script))
    base = os.path.basename(notebook.notebook)

    def replace(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return f"{base}, {notebook.where(int(match.group(1)))}"
        return notebook.where(int(match.group(2))) if bare else match.group(0)

    return re.sub(rf"\b{name}:(\d+)|\bline (\d+)", replace, text)
