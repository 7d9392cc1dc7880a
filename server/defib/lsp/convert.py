"""Engine and probe results as LSP values. Pure functions: no server state, no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from lsprotocol import types as lsp

from defib.engine import Diagnostic, Range, Severity
from defib.engine.rules import rule_by_code
from defib.lsp.documents import Part, Snapshot

SOURCE = "defib"
SYNTAX_ERROR_CODE = "DF000"

SEVERITIES = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
    Severity.HINT: lsp.DiagnosticSeverity.Hint,
}

# What a verdict means, in the few words a code lens has room for.
VERDICT_WORDS = {
    "collapsed": "collapsed: outputs constant",
    "diverged": "diverged: loss is NaN",
    "stalled": "stalled: gradients vanish",
    "healthy": "healthy",
    "inconclusive": "inconclusive: cannot tell yet",
    "error": "probe failed",
}
# The verdict's own finding is shown by the confidence behind it: a confirmed collapse or
# divergence is an error, a likely one a warning, an inconclusive probe an information.
VERDICT_CODES = {
    "collapsed": "DF901",
    "diverged": "DF902",
    "stalled": "DF903",
    "inconclusive": "DF900",
}
LEVEL_SEVERITIES = {
    "confirmed": lsp.DiagnosticSeverity.Error,
    "likely": lsp.DiagnosticSeverity.Warning,
    None: lsp.DiagnosticSeverity.Information,
}


def lsp_diagnostics(
    snapshot: Snapshot, diagnostics: Iterable[Diagnostic]
) -> dict[str, list[lsp.Diagnostic]]:
    """Each part's diagnostics (every part present, so stale ones are cleared)."""
    result: dict[str, list[lsp.Diagnostic]] = {part.uri: [] for part in snapshot.parts}
    for diagnostic in diagnostics:
        if diagnostic.code == SYNTAX_ERROR_CODE:
            continue  # the Python extension reports syntax errors
        part = snapshot.locate(diagnostic.range.start.line)
        if part is None:
            continue
        converted = lsp_diagnostic(snapshot, part, diagnostic)
        if converted is not None:
            result[part.uri].append(converted)
    return result


def lsp_diagnostic(snapshot: Snapshot, part: Part, diagnostic: Diagnostic) -> lsp.Diagnostic | None:
    where = snapshot.to_lsp_range(part, diagnostic.range)
    if where is None:
        return None
    related = []
    for location in diagnostic.related:
        other = snapshot.locate(location.range.start.line)
        other_range = None if other is None else snapshot.to_lsp_range(other, location.range)
        if other is not None and other_range is not None:
            related.append(
                lsp.DiagnosticRelatedInformation(
                    location=lsp.Location(uri=other.uri, range=other_range),
                    message=location.message,
                )
            )
    data: dict[str, Any] = {"version": part.version, "fixable": diagnostic.fix is not None}
    if diagnostic.fix is not None:
        data["safety"] = diagnostic.fix.safety
    if diagnostic.model_line is not None and part.contains(diagnostic.model_line):
        data["modelLine"] = diagnostic.model_line - part.first_line
    return lsp.Diagnostic(
        range=where,
        message=diagnostic.message,
        severity=SEVERITIES.get(diagnostic.severity, lsp.DiagnosticSeverity.Warning),
        code=diagnostic.code,
        code_description=lsp.CodeDescription(href=diagnostic.url) if diagnostic.url else None,
        source=SOURCE,
        related_information=related or None,
        data=data,
    )


def probe_diagnostics(
    snapshot: Snapshot, report: Mapping[str, Any]
) -> dict[str, list[lsp.Diagnostic]]:
    """The probe's findings (DF9xx) on the lines they concern, whole-line ranges, by the URI
    of the part (the file, or a notebook's cell) holding each line. The verdict's own finding
    is as severe as the verdict is sure: an error when confirmed, a warning when likely, an
    information when inconclusive."""
    found: dict[str, list[lsp.Diagnostic]] = {}
    verdict_code = VERDICT_CODES.get(str(report.get("verdict")))
    confidence = report.get("confidence")
    for finding in report.get("findings") or ():
        if not isinstance(finding, Mapping):
            continue
        severity = (
            SEVERITIES[Severity(finding["severity"])]
            if finding.get("severity") in {s.value for s in Severity}
            else lsp.DiagnosticSeverity.Warning
        )
        message = f"probe: {finding.get('message', '')}"
        if finding.get("code") == verdict_code:
            severity = LEVEL_SEVERITIES.get(confidence, severity)
            level = confidence or "inconclusive"
            message = f"probe ({level}): {finding.get('message', '')}"
        code = str(finding.get("code", "DF900"))
        uri, diagnostic = _probe_diagnostic(
            snapshot, report, finding.get("line"), message, severity, code
        )
        found.setdefault(uri, []).append(diagnostic)
    for note in report.get("disagreements") or ():
        if isinstance(note, Mapping):
            message = f"probe and static analysis disagree: {note.get('note', '')}"
            code = str(note.get("code", "DF900"))
            uri, diagnostic = _probe_diagnostic(
                snapshot,
                report,
                note.get("line"),
                message,
                lsp.DiagnosticSeverity.Information,
                code,
            )
            found.setdefault(uri, []).append(diagnostic)
    return found


def _probe_diagnostic(
    snapshot: Snapshot,
    report: Mapping[str, Any],
    line: Any,
    message: str,
    severity: lsp.DiagnosticSeverity,
    code: str,
) -> tuple[str, lsp.Diagnostic]:
    """A probe diagnostic on the whole of `line` (the model's line when it is not in the
    source), with the URI of the part holding that line."""
    part = snapshot.locate(line) if isinstance(line, int) else None
    if part is None or not isinstance(line, int):
        line = _model_line(report) or 1
        part = snapshot.locate(line) or snapshot.parts[0]
    text = snapshot.index.line_text(line - 1)
    start = len(text) - len(text.lstrip())
    where = snapshot.to_lsp_range(part, Range.of(line, start, line, len(text)))
    return part.uri, lsp.Diagnostic(
        range=where or lsp.Range(lsp.Position(line - 1, 0), lsp.Position(line - 1, 0)),
        message=message,
        severity=severity,
        code=code,
        source=SOURCE,
        data={"probe": True},
    )


def _model_line(report: Mapping[str, Any]) -> int | None:
    model = report.get("model")
    line = model.get("line") if isinstance(model, Mapping) else None
    return line if isinstance(line, int) else None


def verdict_title(report: Mapping[str, Any]) -> str:
    verdict = str(report.get("verdict", "error"))
    words = VERDICT_WORDS.get(verdict, verdict)
    confidence = report.get("confidence")
    if isinstance(confidence, str):
        words = f"{words}, {confidence}"
    return f"Probe: {words} (probe again)"


def rule_hover(diagnostic: Diagnostic) -> str:
    """Markdown for a flagged range: code, name, the rule's first paragraph, a link."""
    rule = rule_by_code(diagnostic.code)
    summary = rule.summary() if rule is not None else diagnostic.message
    lines = [f"**{diagnostic.code}** `{diagnostic.name}`", "", diagnostic.message, "", summary]
    if diagnostic.fix is not None:
        lines += ["", f"Fix ({diagnostic.fix.safety}): {diagnostic.fix.message}"]
    if diagnostic.url:
        lines += ["", f"[{diagnostic.code} documentation]({diagnostic.url})"]
    return "\n".join(lines)


def layer_hover(report: Mapping[str, Any], line: int) -> str | None:
    """Markdown with what the probe measured on the layer defined at `line` (1-based)."""
    model = report.get("model")
    if not isinstance(model, Mapping):
        return None
    for layer in model.get("layers") or ():
        if not isinstance(layer, Mapping) or layer.get("line") != line:
            continue
        final = layer.get("final") or {}
        rows = [
            ("gradient norm", final.get("grad_norm")),
            ("update ratio", final.get("update_ratio")),
            ("dead units", final.get("dead_fraction")),
            ("constant outputs", final.get("constant_fraction")),
        ]
        name = layer.get("class") or layer.get("name") or "layer"
        text = [f"**Probe** ({report.get('verdict')}): `{name}` after the last step", ""]
        text += [f"- {label}: {_number(value)}" for label, value in rows]
        return "\n".join(text)
    return None


def _number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "n/a"
    return f"{value:.3g}"
