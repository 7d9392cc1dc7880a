"""`# noqa` suppression on the reported line: bare, or with codes (`# noqa: DF101, DF201`)."""

from __future__ import annotations

import functools
import io
import re
import tokenize
from collections.abc import Iterable

from defib.engine.source import SyntaxProblem, parse_python

_NOQA = re.compile(
    r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE
)


def suppressed_codes(line: str) -> set[str] | None:
    """None when the line has no noqa; an empty set for a bare noqa (everything); else codes."""
    if "#" not in line:
        return None
    match = _NOQA.search(line)
    if match is None:
        return None
    codes = match.group("codes")
    if not codes:
        return set()
    return {code.upper() for code in re.split(r"[\s,]+", codes) if code}


def is_suppressed(line: str, code: str) -> bool:
    codes = suppressed_codes(line)
    return codes is not None and (not codes or code in codes)


def add_noqa(line: str, code: str) -> str:
    """The line with `code` added to its noqa comment (or a new `# noqa: code`)."""
    body = line.rstrip("\r\n")
    ending = line[len(body) :]
    match = _NOQA.search(body)
    if match is None:
        return f"{body}  # noqa: {code}{ending}"
    codes = suppressed_codes(body)
    if codes is not None and (not codes or code in codes):
        return line
    return f"{body[: match.end()]}, {code}{body[match.end() :]}{ending}"


def takes_a_comment(source: str, line: int) -> bool:
    """Whether a comment may end `line` (1-based) of `source`. Half-typed code that does not
    tokenize is judged by the line alone."""
    lines = _lines_that_take_a_comment(source)
    if lines is not None:
        return line in lines
    text = io.StringIO(source, newline="").readlines()[line - 1 : line]
    return bool(text) and not text[0].rstrip("\r\n").endswith("\\")


# The editor asks for code actions as the cursor moves, on the same text.
@functools.lru_cache(maxsize=4)
def _lines_that_take_a_comment(source: str) -> frozenset[int] | None:
    """The 1-based lines whose end a comment may follow: not inside a string that spans lines,
    not continued by a backslash. None when the source does not tokenize."""
    lines = io.StringIO(source, newline="").readlines()
    inside: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(source, newline="").readline):
            if token.start[0] != token.end[0] and token.type != tokenize.NL:
                inside.update(range(token.start[0], token.end[0]))
    except (tokenize.TokenError, SyntaxError):
        return None
    return frozenset(
        number
        for number, line in enumerate(lines, start=1)
        if number not in inside and not line.rstrip("\r\n").endswith("\\")
    )


def with_noqa(source: str, found: Iterable[tuple[int, str]]) -> tuple[str, int]:
    """`source` with `# noqa: CODE` added to each (line, code) that can take a comment, and how
    many were added; `source` unchanged when the result would not parse as the source did."""
    open_lines = _lines_that_take_a_comment(source)
    if open_lines is None:
        return source, 0
    lines = io.StringIO(source, newline="").readlines()
    added = 0
    for line, code in sorted(set(found)):
        if line in open_lines and 1 <= line <= len(lines):
            before = lines[line - 1]
            lines[line - 1] = add_noqa(before, code)
            added += lines[line - 1] != before
    result = "".join(lines)
    if isinstance(parse_python(result), SyntaxProblem):
        return source, 0
    return result, added
