"""Small readers over probe reports and scripts, shared by the probe tests."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any


def line_of(path_or_text: str, needle: str) -> int:
    """1-based line of the first line containing `needle` (in a file path or a text)."""
    try:
        text = Path(path_or_text).read_text()
    except OSError:
        text = textwrap.dedent(path_or_text).lstrip("\n")
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in script")


def codes(report: dict[str, Any]) -> list[str]:
    return [finding["code"] for finding in report["findings"]]


def finding(report: dict[str, Any], code: str) -> dict[str, Any]:
    for item in report["findings"]:
        if item["code"] == code:
            return item
    raise AssertionError(f"no {code} in {report['findings']}")
