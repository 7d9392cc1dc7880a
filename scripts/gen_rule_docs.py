"""Write docs/rules/<CODE>.md and docs/rules/README.md from the rules themselves.

Each page is the rule's docstring plus its own VALID/INVALID samples, so the docs cannot drift
from what the tests check. `python scripts/gen_rule_docs.py --check` fails when a page is stale.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from pathlib import Path

from defib.engine.rules import Rule, all_rules

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"


_SEVERITIES = ("error", "warning", "info", "hint")


def other_severities(rule: type[Rule]) -> list[str]:
    """The severities the rule's module reports besides its default, most severe first."""
    module = inspect.getmodule(rule)
    source = inspect.getsource(module) if module is not None else ""
    used = {name.lower() for name in re.findall(r"Severity\.(ERROR|WARNING|INFO|HINT)\b", source)}
    return [name for name in _SEVERITIES if name in used and name != rule.severity.value]


def severity_line(rule: type[Rule]) -> str:
    others = other_severities(rule)
    if not others:
        return f"Default severity: `{rule.severity.value}`."
    listed = " or ".join(f"`{name}`" for name in others)
    return (
        f"Default severity: `{rule.severity.value}`; some findings are reported as {listed} "
        "instead, by the strength of the evidence (see *What it does* and *Why is this bad?*)."
    )


def page(rule: type[Rule]) -> str:
    doc = inspect.cleandoc(rule.__doc__ or "")
    title, _, body = doc.partition("\n")
    lines = [
        f"# {rule.name} ({rule.code})",
        "",
        f"**{title.strip()}**",
        "",
        f"{severity_line(rule)} Message: {rule.message}.",
        "",
        body.strip(),
        "",
    ]
    if rule.thresholds:
        lines += ["## Settings", "", "In `[tool.defib.thresholds]`:", ""]
        lines += [f"- `{name}` (default `{value:g}`)" for name, value in rule.thresholds.items()]
        lines.append("")
    if rule.INVALID:
        lines += ["## Flagged (from the rule's tests)", ""]
        for sample in rule.INVALID:
            lines += ["```python", sample.code.rstrip(), "```", ""]
            if sample.fixed is not None:
                lines += ["Fixed:", "", "```python", sample.fixed.rstrip(), "```", ""]
    if rule.VALID:
        lines += ["## Not flagged (from the rule's tests)", ""]
        for code in rule.VALID:
            lines += ["```python", code.rstrip(), "```", ""]
    return "\n".join(lines)


def index() -> str:
    lines = ["# Rules", "", "| code | name | severity | what it flags |", "|---|---|---|---|"]
    for rule in all_rules():
        lines.append(
            f"| [{rule.code}]({rule.code}.md) | {rule.name} | {rule.severity.value}"
            f"{' (also ' + ', '.join(others) + ')' if (others := other_severities(rule)) else ''}"
            f" | {rule.message} |"
        )
    lines += ["", "Probe findings (DF9xx) are described in [../probe.md](../probe.md).", ""]
    return "\n".join(lines)


def expected_pages() -> dict[Path, str]:
    pages = {DOCS / f"{rule.code}.md": page(rule) for rule in all_rules()}
    pages[DOCS / "README.md"] = index()
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a page is out of date")
    args = parser.parse_args()
    stale = []
    for path, text in expected_pages().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("stale rule docs: " + ", ".join(str(p) for p in stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
