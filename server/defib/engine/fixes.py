"""Turning node replacements into the smallest text edits, and applying edits to a text."""

from __future__ import annotations

import io
import tokenize
from collections.abc import Iterable

import libcst as cst

from defib.engine.diagnostics import Diagnostic, Edit, Position, Range
from defib.engine.source import line_starts


def _advance(position: Position, text: str) -> Position:
    """The position reached after writing `text` starting at `position`."""
    lines = io.StringIO(text, newline="").readlines()
    if not lines:
        return position
    if len(lines) == 1 and not lines[0].endswith(("\n", "\r")):
        return Position(position.line, position.column + len(text))
    last = lines[-1]
    if last.endswith(("\n", "\r")):
        return Position(position.line + len(lines), 0)
    return Position(position.line + len(lines) - 1, len(last))


def minimal_edit(start_at: Position, old_text: str, new_text: str) -> Edit:
    """The smallest edit turning `old_text` (written from `start_at`) into `new_text`."""
    prefix = 0
    limit = min(len(old_text), len(new_text))
    while prefix < limit and old_text[prefix] == new_text[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < limit - prefix
        and old_text[len(old_text) - 1 - suffix] == new_text[len(new_text) - 1 - suffix]
    ):
        suffix += 1
    start = _advance(start_at, old_text[:prefix])
    end = _advance(start_at, old_text[: len(old_text) - suffix])
    return Edit(Range(start, end), new_text[prefix : len(new_text) - suffix])


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits; an edit overlapping one already taken is dropped."""
    starts = [0, *line_starts(text)]  # indexed by 1-based line

    def offset(position: Position) -> int:
        line = min(max(position.line, 1), len(starts) - 1)
        return min(starts[line] + position.column, len(text))

    spans = sorted(
        ((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits),
        key=lambda span: (span[0], span[1]),
    )
    out: list[str] = []
    cursor = 0
    last_end = -1
    for start, end, new_text in spans:
        if start < last_end:
            continue
        out.append(text[cursor:start])
        out.append(new_text)
        cursor = end
        last_end = end
    out.append(text[cursor:])
    return "".join(out)


def apply_fixes(text: str, diagnostics: Iterable[Diagnostic], unsafe: bool = False) -> str:
    """Apply the fixes of `diagnostics` (safe ones only unless `unsafe`), one per location."""
    edits: list[Edit] = []
    seen: set[tuple[Range, str]] = set()
    taken: list[Range] = []
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is None or (fix.safety == "unsafe" and not unsafe):
            continue
        if any(_overlaps(e.range, t) for e in fix.edits for t in taken):
            continue
        for edit in fix.edits:
            key = (edit.range, edit.new_text)
            if key not in seen:
                seen.add(key)
                edits.append(edit)
                taken.append(edit.range)
    return apply_edits(text, edits)


def _overlaps(a: Range, b: Range) -> bool:
    if a == b:
        return True
    return a.start < b.end and b.start < a.end


# --- building replacement text --------------------------------------------------------------


def string_like(old: cst.CSTNode, text: str, around: Iterable[str] = ()) -> str:
    """A string literal for `text`, in the quote style of `old` (or of a string inside it), or
    else of the first string in `around` (the source of the statement around `old`, then of the
    file's statements)."""
    strings = [old] if isinstance(old, cst.SimpleString) else []
    if isinstance(old, cst.Call):
        strings = [a.value for a in old.args if isinstance(a.value, cst.SimpleString)]
    if strings:
        quote = "'" if strings[0].value.endswith("'") else '"'
    else:
        quote = next(filter(None, map(_first_quote, around)), '"')
    return f"{quote}{text}{quote}"


def _first_quote(code: str) -> str | None:
    """The quote of the first one-line string literal in `code`, read from its tokens rather
    than by walking syntax trees. A docstring's triple quotes say nothing of the style of the
    code's strings, and f-strings are left out as well."""
    if "'" not in code and '"' not in code:
        return None
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type != tokenize.STRING:
                continue
            body = token.string.lstrip("rRbBuUfF")
            prefix = token.string[: len(token.string) - len(body)]
            if "f" not in prefix.lower() and not body.startswith(("'''", '"""')):
                return body[0]
    except (tokenize.TokenError, SyntaxError):
        return None
    return None
