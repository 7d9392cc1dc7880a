"""Code-point columns (engine) to UTF-16 columns (LSP) and back."""

from __future__ import annotations

import pytest
from defib.engine import Position
from defib.lsp.positions import LineIndex, code_point_column, utf16_column
from lsprotocol import types as lsp

from .helpers import EXAMPLES, open_document, session, wait_for_diagnostics

LINE = 'x = "😀é"; y = 1'  # the emoji is two UTF-16 units, é one


def test_ascii_columns_are_unchanged() -> None:
    assert utf16_column("model.fit(x)", 6) == 6
    assert code_point_column("model.fit(x)", 6) == 6


def test_characters_outside_the_bmp_count_twice_in_utf16() -> None:
    after_emoji = LINE.index("😀") + 1
    assert utf16_column(LINE, after_emoji) == after_emoji + 1
    assert utf16_column(LINE, len(LINE)) == len(LINE) + 1


@pytest.mark.parametrize("column", range(len(LINE) + 1))
def test_conversion_round_trips(column: int) -> None:
    assert code_point_column(LINE, utf16_column(LINE, column)) == column


def test_a_utf16_column_past_the_end_clamps_to_the_line() -> None:
    assert code_point_column(LINE, 999) == len(LINE)


def test_line_index_splits_on_every_line_ending() -> None:
    index = LineIndex("a\r\nb\rc😀\nd")
    assert [index.line_text(i) for i in range(4)] == ["a", "b", "c😀", "d"]
    assert index.to_lsp(Position(3, 2)) == lsp.Position(line=2, character=3)
    assert index.from_lsp(lsp.Position(line=2, character=3)) == Position(3, 2)


@pytest.mark.asyncio
async def test_published_ranges_use_utf16_columns() -> None:
    text = (EXAMPLES / "seed_1_learning_rate.py").read_text()
    text = text.replace("model.compile(", 'tag = "😀"; model.compile(')
    async with session() as client:
        uri = open_document(client, EXAMPLES / "seed_1_learning_rate.py", text)
        (found,) = await wait_for_diagnostics(client, uri)
        line = text.splitlines()[found.range.start.line]
        code_points = line.index("10.0")
        assert found.range.start.character == code_points + 1


def test_utf8_and_utf32_encodings_count_bytes_and_code_points() -> None:
    after = LINE.index("é") + 1  # past the emoji (4 bytes) and é (2 bytes)
    assert utf16_column(LINE, after, "utf-8") == len(LINE[:after].encode())
    assert utf16_column(LINE, after, "utf-32") == after
    assert code_point_column(LINE, len(LINE[:after].encode()), "utf-8") == after


@pytest.mark.asyncio
async def test_a_client_preferring_utf8_gets_utf8_columns() -> None:
    text = (EXAMPLES / "seed_1_learning_rate.py").read_text()
    text = text.replace("model.compile(", 'tag = "😀"; model.compile(')
    async with session(encodings=["utf-8", "utf-16"]) as client:
        uri = open_document(client, EXAMPLES / "seed_1_learning_rate.py", text)
        (found,) = await wait_for_diagnostics(client, uri)
        line = text.splitlines()[found.range.start.line]
        assert found.range.start.character == len(line[: line.index("10.0")].encode())
