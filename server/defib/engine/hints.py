"""What-if hints: the static findings that suggest a change the probe can try on a clone.

The probe (`defib probe`, the language server's `defib.probe`) sends these with its request and
re-probes the model with each change; see docs/probe.md.
"""

from __future__ import annotations

from typing import Any

from defib.engine.analysis import analyse_source
from defib.engine.notebook import is_notebook, read_cells


def static_hints(path: str, line: int | None) -> list[dict[str, Any]]:
    """What-if hints from the static findings on `path` (for the model at 1-based `line`;
    None: every model's); none when the file cannot be read or analysed."""
    try:
        if is_notebook(path):
            joined = read_cells(path)
            if joined is None:
                return []
            text = joined[0]  # the lines the probe reports
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        analysis = analyse_source(text, path=path)
        model_line = _model_line_at(analysis.models, line)
        hints = []
        for diagnostic in analysis.diagnostics:
            if diagnostic.what_if is None:
                continue
            if model_line is not None and diagnostic.model_line not in (None, model_line):
                continue
            hints.append(
                {
                    "code": diagnostic.code,
                    "line": diagnostic.range.start.line,
                    "what_if": diagnostic.what_if.to_json(),
                }
            )
        return hints
    except Exception:
        return []  # the probe stands on its own


def _model_line_at(models: Any, line: int | None) -> int | None:
    """The line of the model whose source spans `line`, else the nearest one above it."""
    if line is None:
        return None
    for model in models:
        if model.range.start.line <= line <= model.range.end.line:
            return int(model.line)
        for layer in getattr(model, "layers", []):
            where = getattr(layer, "where", None)
            layer_range = getattr(where, "range", None) or getattr(layer, "range", None)
            if layer_range is not None and layer_range.start.line <= line <= layer_range.end.line:
                return int(model.line)
    above = [int(model.line) for model in models if model.line <= line]
    return max(above) if above else line
