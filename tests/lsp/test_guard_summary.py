"""What the editor shows for a guarded run's outcome: a likely collapse is a warning."""

from __future__ import annotations

from defib.lsp.guard_cmd import diagnostics, summary
from lsprotocol import types as lsp


def outcome(kind: str, confidence: str) -> dict[str, object]:
    likely = confidence == "likely"
    return {
        "outcome": kind,
        "fits": 1,
        "diagnoses": [
            {
                "verdict": "collapsed",
                "confidence": confidence,
                "code": "DF901",
                "severity": "warning" if likely else "error",
                "message": f"constant output {confidence}: the output varies by 1.0e-06",
                "layer": "dense",
                "file": "/w/train.py",
                "line": 7,
                "epoch": 1.5,
                "step": 48,
                "stopped": not likely,
            }
        ],
    }


def test_a_likely_collapse_in_a_finished_run_is_a_warning() -> None:
    kind, message = summary("train.py", outcome("finished", "likely"))
    assert kind == lsp.MessageType.Warning
    assert "finished, not stopped" in message and "constant output likely" in message
    [diagnostic] = diagnostics("/w/train.py", outcome("finished", "likely"))
    assert diagnostic.severity == lsp.DiagnosticSeverity.Warning


def test_a_certain_collapse_is_an_error() -> None:
    kind, message = summary("train.py", outcome("stopped", "confirmed"))
    assert kind == lsp.MessageType.Error and "stopped the training" in message
    [diagnostic] = diagnostics("/w/train.py", outcome("stopped", "confirmed"))
    assert diagnostic.severity == lsp.DiagnosticSeverity.Error
