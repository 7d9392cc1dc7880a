"""Columns: the engine counts code points, LSP counts UTF-16 code units (unless the client
negotiated `utf-8` or `utf-32` as the position encoding at initialization).

`LineIndex` holds the lines of one text (split on \\n, \\r\\n and \\r, as both Python and LSP
do) and converts positions both ways. ASCII lines, the common case, convert for free.
"""

from __future__ import annotations

import io

from lsprotocol import types as lsp

from defib.engine import Position, Range

UTF16, UTF8, UTF32 = "utf-16", "utf-8", "utf-32"


def _units(char: str, encoding: str) -> int:
    if encoding == UTF8:
        return len(char.encode("utf-8", "surrogatepass"))
    return 2 if ord(char) > 0xFFFF else 1


def utf16_column(line: str, column: int, encoding: str = UTF16) -> int:
    """The client offset (UTF-16 units by default) of code-point `column` in `line`."""
    if line.isascii() or encoding == UTF32:
        return column
    return sum(_units(char, encoding) for char in line[:column])


def code_point_column(line: str, column: int, encoding: str = UTF16) -> int:
    """The code-point offset of client `column` in `line` (inside a character: after it)."""
    if line.isascii() or encoding == UTF32:
        return min(column, len(line))
    units = 0
    for index, char in enumerate(line):
        if units >= column:
            return index
        units += _units(char, encoding)
    return len(line)


class LineIndex:
    """The lines of a text, for converting positions between the engine and LSP."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.lines = io.StringIO(text, newline="").readlines()
        self.encoding = encoding

    def line_text(self, index: int) -> str:
        """Line `index` (0-based) without its ending; empty past the end."""
        if 0 <= index < len(self.lines):
            return self.lines[index].rstrip("\r\n")
        return ""

    def to_lsp(self, position: Position) -> lsp.Position:
        line = position.line - 1
        return lsp.Position(
            line=line, character=utf16_column(self.line_text(line), position.column, self.encoding)
        )

    def to_lsp_range(self, where: Range) -> lsp.Range:
        return lsp.Range(start=self.to_lsp(where.start), end=self.to_lsp(where.end))

    def from_lsp(self, position: lsp.Position) -> Position:
        line = position.line
        return Position(
            line + 1, code_point_column(self.line_text(line), position.character, self.encoding)
        )

    def from_lsp_range(self, where: lsp.Range) -> Range:
        return Range(self.from_lsp(where.start), self.from_lsp(where.end))
