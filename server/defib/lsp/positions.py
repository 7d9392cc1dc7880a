"""Columns: the engine counts code points, LSP counts UTF-16 code units.

`LineIndex` holds the lines of one text (split on \\n, \\r\\n and \\r, as both Python and LSP
do) and converts positions both ways. ASCII lines, the common case, convert for free.
"""

from __future__ import annotations

import io

from lsprotocol import types as lsp

from defib.engine import Position, Range


def utf16_column(line: str, column: int) -> int:
    """The UTF-16 offset of code-point `column` in `line`."""
    if line.isascii():
        return column
    prefix = line[:column]
    return len(prefix) + sum(1 for char in prefix if ord(char) > 0xFFFF)


def code_point_column(line: str, column: int) -> int:
    """The code-point offset of UTF-16 `column` in `line` (inside a pair: after it)."""
    if line.isascii():
        return min(column, len(line))
    units = 0
    for index, char in enumerate(line):
        if units >= column:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(line)


class LineIndex:
    """The lines of a text, for converting positions between the engine and LSP."""

    def __init__(self, text: str) -> None:
        self.lines = io.StringIO(text, newline="").readlines()

    def line_text(self, index: int) -> str:
        """Line `index` (0-based) without its ending; empty past the end."""
        if 0 <= index < len(self.lines):
            return self.lines[index].rstrip("\r\n")
        return ""

    def to_lsp(self, position: Position) -> lsp.Position:
        line = position.line - 1
        return lsp.Position(
            line=line, character=utf16_column(self.line_text(line), position.column)
        )

    def to_lsp_range(self, where: Range) -> lsp.Range:
        return lsp.Range(start=self.to_lsp(where.start), end=self.to_lsp(where.end))

    def from_lsp(self, position: lsp.Position) -> Position:
        line = position.line
        return Position(line + 1, code_point_column(self.line_text(line), position.character))

    def from_lsp_range(self, where: lsp.Range) -> Range:
        return Range(self.from_lsp(where.start), self.from_lsp(where.end))
