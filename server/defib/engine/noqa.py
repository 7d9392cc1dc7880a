"""`# noqa` suppression on the reported line: bare, or with codes (`# noqa: DF101, DF201`)."""

from __future__ import annotations

import re

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
