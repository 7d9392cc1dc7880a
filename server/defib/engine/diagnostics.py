"""What the engine reports: diagnostics, their fixes and the text edits that carry them.

Positions are 1-based lines and 0-based columns counted in characters (code points), the
convention libcst uses. Front ends convert: the CLI prints 1-based columns, the language
server converts to UTF-16 offsets.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any, Literal

DOCS_URL = "https://github.com/defib-dev/defib/blob/main/docs/rules/{code}.md"


class Severity(str, enum.Enum):
    """How sure a finding is: `error` only where the outcome is certain."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    HINT = "hint"


@dataclass(frozen=True, order=True)
class Position:
    line: int  # 1-based
    column: int  # 0-based, in characters


@dataclass(frozen=True, order=True)
class Range:
    start: Position
    end: Position

    @staticmethod
    def of(line: int, column: int, end_line: int, end_column: int) -> Range:
        return Range(Position(line, column), Position(end_line, end_column))

    def moved(self, lines: int) -> Range:
        """The same range `lines` lines further down (up when negative)."""
        return Range.of(
            self.start.line + lines, self.start.column, self.end.line + lines, self.end.column
        )


@dataclass(frozen=True)
class Edit:
    """Replace the text in `range` with `new_text`."""

    range: Range
    new_text: str


FixSafety = Literal["safe", "unsafe"]


@dataclass(frozen=True)
class Fix:
    """A change that silences the finding. Only `safe` fixes apply on "fix all"."""

    message: str
    safety: FixSafety
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class RelatedLocation:
    """Another place that takes part in a finding (the compile call, the output layer)."""

    range: Range
    message: str


@dataclass(frozen=True)
class WhatIf:
    """A single change the probe can try on a clone of the model to test a finding.

    `kind` is one of `learning_rate`, `activation`, `initializer`, `loss`, `from_logits`,
    `dropout`, `scale_inputs` (value `max_abs` or `standardize`: the inputs, not the model). Where the change applies to one layer, `layer_index` is its index among the
    model's layers in the order they are applied (Input excluded) and `layer_line` the line of
    its constructor; both None means every layer the finding names (e.g. all hidden sigmoids),
    listed in `layer_lines`.
    """

    kind: str
    value: Any
    layer_index: int | None = None
    description: str = ""
    layer_line: int | None = None
    layer_lines: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "layer_index": self.layer_index,
            "layer_line": self.layer_line,
            "layer_lines": list(self.layer_lines),
            "description": self.description,
        }


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    range: Range
    fix: Fix | None = None
    related: tuple[RelatedLocation, ...] = ()
    # Line of the model this finding concerns (for "probe this model"); None for file-level ones.
    model_line: int | None = None
    what_if: WhatIf | None = None
    url: str = field(default="")

    def __post_init__(self) -> None:
        if not self.url:
            object.__setattr__(self, "url", DOCS_URL.format(code=self.code))

    def moved(self, lines: int) -> Diagnostic:
        """The same finding with every position `lines` lines further down (a notebook cell)."""
        fix = self.fix
        if fix is not None:
            fix = Fix(
                fix.message,
                fix.safety,
                tuple(Edit(e.range.moved(lines), e.new_text) for e in fix.edits),
            )
        return replace(
            self,
            range=self.range.moved(lines),
            fix=fix,
            related=tuple(RelatedLocation(r.range.moved(lines), r.message) for r in self.related),
            model_line=None if self.model_line is None else self.model_line + lines,
        )

    def to_json(self, path: str = "") -> dict[str, Any]:
        """The JSON shape of `defib check --output-format json` (1-based columns)."""
        return {
            "path": path,
            "line": self.range.start.line,
            "column": self.range.start.column + 1,
            "end_line": self.range.end.line,
            "end_column": self.range.end.column + 1,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "url": self.url,
            "fix": None
            if self.fix is None
            else {
                "safety": self.fix.safety,
                "message": self.fix.message,
                "edits": [
                    {
                        "line": e.range.start.line,
                        "column": e.range.start.column + 1,
                        "end_line": e.range.end.line,
                        "end_column": e.range.end.column + 1,
                        "new_text": e.new_text,
                    }
                    for e in self.fix.edits
                ],
            },
            "related": [
                {
                    "line": r.range.start.line,
                    "column": r.range.start.column + 1,
                    "end_line": r.range.end.line,
                    "end_column": r.range.end.column + 1,
                    "message": r.message,
                }
                for r in self.related
            ],
            "model_line": self.model_line,
            "what_if": None if self.what_if is None else self.what_if.to_json(),
        }
