"""The probe report on the caller side: the error reports of the runner, the exit code and
the text the CLI prints. The report is defined in worker/schema.py; the worker builds it
there and sends it as JSON.

No TensorFlow here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from defib.probe.worker.schema import ErrorDetail, ErrorKind, ProbeReport


@dataclass(frozen=True)
class ProbeError:
    """Why a probe produced no measurement."""

    kind: ErrorKind
    message: str
    file: str | None = None
    line: int | None = None
    output_tail: str = ""

    def to_json(self) -> ErrorDetail:
        return {
            "kind": self.kind,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "output_tail": self.output_tail,
        }


def error_report(
    path: str, error: ProbeError, timings: dict[str, float] | None = None
) -> ProbeReport:
    """A complete report whose verdict is `error`.

    `error` is the human-readable message (what an editor shows); `error_detail` carries the
    kind, the user's file and line and the last lines the script printed.
    """
    return {
        "verdict": "error",
        "confidence": None,
        "path": path,
        "error": error.message,
        "error_detail": error.to_json(),
        "model": None,
        "data": None,
        "metrics": None,
        "findings": [],
        "disagreements": [],
        "what_if": [],
        "timings": dict(timings or {}),
    }


def exit_code(report: ProbeReport) -> int:
    """CLI convention: 0 healthy, 1 collapsed / diverged / stalled, 2 error, 3 inconclusive
    (the probe cannot tell: a script may then run the training with the guard)."""
    verdict = report.get("verdict")
    if verdict == "healthy":
        return 0
    if verdict in ("collapsed", "diverged", "stalled"):
        return 1
    if verdict == "inconclusive":
        return 3
    return 2


def format_text(report: ProbeReport) -> str:
    """A short readable report for the terminal."""
    lines: list[str] = []
    path = report.get("path", "")
    verdict = report.get("verdict", "error")
    if verdict == "error":
        lines.append(f"{path}: probe failed: {report.get('error')}")
        detail: Mapping[str, Any] = report.get("error_detail") or {}
        tail = (detail.get("output_tail") or "").strip()
        if tail:
            lines.append("last output of the script:")
            lines.extend("  " + t for t in tail.splitlines()[-10:])
        lines.extend(_finding_lines(report))  # data findings often say why it failed
        return "\n".join(lines)

    # Read with care: a report may come from another version of the worker.
    model: Mapping[str, Any] = report.get("model") or {}
    data: Mapping[str, Any] = report.get("data") or {}
    metrics: Mapping[str, Any] = report.get("metrics") or {}
    lines.append(
        f"{_location(report, model)}: model {model.get('name')!r}:"
        f" {verdict_words(verdict, report.get('confidence'))}"
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
        lines.append(f"  ({SPREAD_EXPLAINED}; {spread_reading(metrics.get('spread_ratio_end'))})")
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
    for disagreement in report.get("disagreements") or []:
        lines.append(
            f"{_location(report, disagreement)}: probe and static analysis disagree:"
            f" {disagreement.get('note')}"
        )
    for entry in report.get("what_if") or []:
        outcome = str(entry.get("verdict"))
        if entry.get("confidence"):
            outcome += f" ({entry['confidence']})"
        lines.append(f"  what if ({entry.get('code')}) {entry.get('change')}: {outcome}")
    timings = report.get("timings") or {}
    if "total" in timings:
        lines.append(f"  took {timings['total']:.1f} s")
    return "\n".join(lines)


def _finding_lines(report: ProbeReport) -> list[str]:
    return [
        f"{_location(report, finding)}: {finding.get('code')} {finding.get('message')}"
        for finding in report.get("findings") or []
    ]


def _location(report: ProbeReport, item: Mapping[str, Any]) -> str:
    """`path:line`, or in a notebook `nb.ipynb:cell 3:line 5` (cell and line counted from 1)."""
    if item.get("cell") is not None:
        return f"{report.get('path', '')}:cell {item['cell']}:line {item.get('cell_line')}"
    return f"{report.get('path', '')}:{item.get('line')}"


# Each level of confidence in the words of the text report's first line.
LEVEL_WORDS = {
    "confirmed": "{verdict} (confirmed: measured, more training cannot undo it)",
    "likely": "{verdict} (likely: read from the first steps or projected; not certain)",
    None: "{verdict}",
}
INCONCLUSIVE_WORDS = "INCONCLUSIVE (the probe cannot tell; the finding says what settles it)"

SPREAD_EXPLAINED = (
    "output spread / target spread: how much the predictions vary across inputs compared with"
    " how much the targets vary"
)


def verdict_words(verdict: str, confidence: str | None) -> str:
    """The verdict with its level of confidence, as the text report's first line says it."""
    if verdict == "inconclusive":
        return INCONCLUSIVE_WORDS
    return LEVEL_WORDS.get(confidence, "{verdict}").format(verdict=verdict.upper())


def spread_reading(ratio: Any) -> str:
    """What an output spread ratio says about the predictions."""
    if not isinstance(ratio, (int, float)) or ratio != ratio:
        return "not measured"
    if ratio < 1e-2:
        return "far below 1: the output is nearly constant, the same prediction for every input"
    if ratio < 0.5:
        return "below 1: the predictions vary less than the targets"
    if ratio <= 1.5:
        return "about 1: the model reproduces the targets' variation"
    return (
        "above 1: the predictions vary more than the targets, typical early in training or"
        " when the steps overshoot"
    )


def _num(value: Any) -> str:
    if isinstance(value, (int, float)):
        return f"{value:.3g}"
    return str(value)
