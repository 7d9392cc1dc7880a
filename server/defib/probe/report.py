"""The probe report: the JSON shape the CLI prints and the language server returns.

No TensorFlow here. The worker builds the same shape as a plain dict (it cannot import
defib); these helpers build the error reports of the caller side and read the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Verdict = Literal["collapsed", "diverged", "stalled", "healthy", "error"]
VERDICTS: tuple[str, ...] = ("collapsed", "diverged", "stalled", "healthy", "error")

# Error kinds, so callers can react without parsing messages.
ErrorKind = Literal[
    "script_raised",
    "script_exit",
    "killed",
    "timeout",
    "cancelled",
    "out_of_memory",
    "tensorflow_missing",
    "backend_missing",
    "unsupported_backend",
    "no_model",
    "data",
    "interpreter",
    "internal",
]


@dataclass(frozen=True)
class ProbeError:
    """Why a probe produced no measurement."""

    kind: ErrorKind
    message: str
    file: str | None = None
    line: int | None = None
    output_tail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "output_tail": self.output_tail,
        }


def error_report(
    path: str, error: ProbeError, timings: dict[str, float] | None = None
) -> dict[str, Any]:
    """A complete report whose verdict is `error`.

    `error` is the human-readable message (what an editor shows); `error_detail` carries the
    kind, the user's file and line and the last lines the script printed.
    """
    return {
        "verdict": "error",
        "path": path,
        "error": error.message,
        "error_detail": error.to_json(),
        "model": None,
        "data": None,
        "metrics": None,
        "findings": [],
        "what_if": [],
        "timings": dict(timings or {}),
    }


def exit_code(report: dict[str, Any]) -> int:
    """CLI convention: 0 healthy, 1 any other verdict, 2 error."""
    verdict = report.get("verdict")
    if verdict == "healthy":
        return 0
    if verdict in ("collapsed", "diverged", "stalled"):
        return 1
    return 2


def format_text(report: dict[str, Any]) -> str:
    """A short readable report for the terminal."""
    lines: list[str] = []
    path = report.get("path", "")
    verdict = report.get("verdict", "error")
    if verdict == "error":
        lines.append(f"{path}: probe failed: {report.get('error')}")
        detail = report.get("error_detail") or {}
        tail = (detail.get("output_tail") or "").strip()
        if tail:
            lines.append("last output of the script:")
            lines.extend("  " + t for t in tail.splitlines()[-10:])
        lines.extend(_finding_lines(report))  # data findings often say why it failed
        return "\n".join(lines)

    model = report.get("model") or {}
    data = report.get("data") or {}
    metrics = report.get("metrics") or {}
    lines.append(
        f"{_location(report, model)}: model {model.get('name')!r}: {verdict.upper()}"
        f" (data: {data.get('source')}, x {data.get('x_shape')}, y {data.get('y_shape')})"
    )
    if report.get("backend"):
        version = report.get("backend_version")
        lines.append(
            f"  backend {report['backend']}{f' {version}' if version else ''}"
            + (f", Keras {report['keras_version']}" if report.get("keras_version") else "")
        )
    losses = metrics.get("loss") or []
    if losses:
        lines.append(
            f"  loss {_num(losses[0])} -> {_num(losses[-1])} over {metrics.get('steps')} steps;"
            f" output spread / target spread {_num(metrics.get('spread_ratio_start'))}"
            f" -> {_num(metrics.get('spread_ratio_end'))}"
        )
    if metrics.get("watched_longer_from"):
        lines.append(
            f"  the first {metrics['watched_longer_from']} steps were inconclusive,"
            f" so the probe watched {metrics.get('steps')}"
        )
    projected = metrics.get("projected") or {}
    if metrics.get("whole_training"):
        lines.append(
            f"  the script's fit() trains for {metrics.get('planned_steps')} steps and the probe"
            " ran them all: the verdict is about that training itself, not a projection"
        )
    elif projected.get("step"):
        when = (
            f"by the end of training (step {projected['step']})"
            if projected.get("planned", True)
            else f"by step {projected['step']} (no fit() call says how long training runs)"
        )
        lines.append(
            f"  at the rate of the last steps the output spread is"
            f" {_num(projected.get('spread_ratio'))} {when}"
        )
    lines.extend(_finding_lines(report))
    for note in report.get("notes") or []:
        lines.append(f"  note: {note}")
    for entry in report.get("what_if") or []:
        lines.append(
            f"  what if ({entry.get('code')}) {entry.get('change')}: {entry.get('verdict')}"
        )
    timings = report.get("timings") or {}
    if "total" in timings:
        lines.append(f"  took {timings['total']:.1f} s")
    return "\n".join(lines)


def _finding_lines(report: dict[str, Any]) -> list[str]:
    return [
        f"{_location(report, finding)}: {finding.get('code')} {finding.get('message')}"
        for finding in report.get("findings") or []
    ]


def _location(report: dict[str, Any], item: dict[str, Any]) -> str:
    """`path:line`, or in a notebook `nb.ipynb:cell 3:line 5` (cell and line counted from 1)."""
    if item.get("cell") is not None:
        return f"{report.get('path', '')}:cell {item['cell']}:line {item.get('cell_line')}"
    return f"{report.get('path', '')}:{item.get('line')}"


def _num(value: Any) -> str:
    if isinstance(value, (int, float)):
        return f"{value:.3g}"
    return str(value)
