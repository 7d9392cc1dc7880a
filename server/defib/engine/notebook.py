"""Notebooks: their Python code cells joined into one source, and lines mapped back.

Cells run in order in one namespace, so a model built in one cell and compiled in another is one
model: the engine reads the cells joined, and each finding is mapped back to its cell.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from defib.engine.source import line_starts

# IPython magics and shell escapes are not Python: blank them out, keeping the line count.
_MAGIC = re.compile(r"^(\s*)([%!])", re.MULTILINE)


@dataclass(frozen=True)
class CellSpan:
    index: int  # position of the cell among the notebook's cells (0-based, all kinds counted)
    first_line: int  # 1-based line of the joined source where the cell starts
    line_count: int

    def contains(self, line: int) -> bool:
        return self.first_line <= line < self.first_line + self.line_count


def _cell_source(text: str) -> str:
    """A cell's text as the engine reads it: magics blanked, ending with a newline."""
    text = _MAGIC.sub(r"\1#", text)
    return text if text.endswith("\n") else text + "\n"


def join_cells(cells: Sequence[tuple[int, str]]) -> tuple[str, list[CellSpan]]:
    """Join (index, text) code cells into one source, with where each cell landed."""
    chunks: list[str] = []
    spans: list[CellSpan] = []
    line = 1
    for index, text in cells:
        source = _cell_source(text)
        count = len(line_starts(source)) - 1  # lines as the engine numbers them
        spans.append(CellSpan(index, line, count))
        chunks.append(source)
        line += count
    return "".join(chunks), spans


def code_cells(notebook_json: str) -> list[tuple[int, str]] | None:
    """The (index, source) of a .ipynb file's code cells; None when it is not a notebook."""
    try:
        data = json.loads(notebook_json)
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return None
    cells: list[tuple[int, str]] = []
    for index, cell in enumerate(data["cells"]):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(part for part in source if isinstance(part, str))
        if isinstance(source, str):
            cells.append((index, source))
    return cells


def locate(spans: Sequence[CellSpan], line: int) -> tuple[CellSpan, int] | None:
    """The cell holding joined line `line` and the 1-based line inside that cell."""
    for span in spans:
        if span.contains(line):
            return span, line - span.first_line + 1
    return None
