"""The report helpers of the caller side (no TensorFlow)."""

from __future__ import annotations

import json
from typing import Any

from defib.probe.report import ProbeError, error_report, exit_code, format_text


def test_error_report_has_every_contract_field_and_is_json() -> None:
    report = error_report("/a/train.py", ProbeError("timeout", "too slow", output_tail="tail"))
    assert set(report) >= {
        "verdict",
        "path",
        "error",
        "model",
        "data",
        "metrics",
        "findings",
        "what_if",
        "timings",
    }
    assert report["verdict"] == "error"
    assert report["error"] == "too slow"
    assert report["error_detail"]["kind"] == "timeout"
    assert json.loads(json.dumps(report)) == report


def test_exit_codes_follow_the_cli_convention() -> None:
    assert exit_code({"verdict": "healthy"}) == 0
    for verdict in ("collapsed", "diverged", "stalled"):
        assert exit_code({"verdict": verdict}) == 1
    assert exit_code({"verdict": "error"}) == 2
    assert exit_code({"verdict": "inconclusive", "confidence": None}) == 3


def test_text_of_an_error_shows_the_scripts_last_output() -> None:
    report = error_report("/a/train.py", ProbeError("script_raised", "boom", output_tail="x\ny"))
    text = format_text(report)
    assert "probe failed: boom" in text
    assert "  y" in text


def test_text_of_a_verdict_names_findings_with_file_and_line() -> None:
    report = {
        "verdict": "collapsed",
        "path": "/a/train.py",
        "model": {"name": "sequential", "line": 6},
        "data": {"source": "fit", "x_shape": [3, 3], "y_shape": [3]},
        "metrics": {
            "steps": 30,
            "loss": [1.0, 0.5],
            "spread_ratio_start": 0.5,
            "spread_ratio_end": 1e-8,
        },
        "findings": [{"code": "DF901", "message": "constant output confirmed", "line": 7}],
        "what_if": [{"code": "DF101", "change": "learning rate 10 -> 0.001", "verdict": "healthy"}],
        "timings": {"total": 1.5},
    }
    text = format_text(report)
    assert "/a/train.py:6: model 'sequential': COLLAPSED" in text
    assert "/a/train.py:7: DF901 constant output confirmed" in text
    assert "what if (DF101) learning rate 10 -> 0.001: healthy" in text


def test_tensorflow_start_up_logs_are_dropped_from_the_output_tail() -> None:
    from defib.probe.runner import clean_tail

    tail = (
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
        "I0000 00:00:1795914765.344239   31117 port.cc:153] oneDNN custom operations are on.\n"
        "usage: train.py [-h] --data DATA\n"
    )
    assert clean_tail(tail) == "usage: train.py [-h] --data DATA"


def test_text_after_a_longer_watch_says_where_the_spread_is_heading() -> None:
    report = {
        "verdict": "collapsed",
        "path": "/a/train.py",
        "model": {"name": "sequential", "line": 6},
        "metrics": {
            "steps": 300,
            "loss": [1.0, 0.9],
            "watched_longer_from": 30,
            "projected": {"step": 1280, "spread_ratio": 2.5e-6},
        },
        "findings": [],
    }
    text = format_text(report)
    assert "the first 30 steps were inconclusive, so the probe watched 300" in text
    assert "output spread is 2.5e-06 by the end of training (step 1280)" in text
    report["metrics"]["projected"] = {"step": 1000, "spread_ratio": 2.5e-6, "planned": False}
    assert "2.5e-06 by step 1000 (no fit() call says how long training runs)" in format_text(report)


def verdict_report(verdict: str, confidence: str | None, spread_end: float) -> dict[str, Any]:
    return {
        "verdict": verdict,
        "confidence": confidence,
        "path": "/a/train.py",
        "model": {"name": "sequential", "line": 6},
        "data": {"source": "fit", "x_shape": [3, 3], "y_shape": [3]},
        "metrics": {
            "steps": 30,
            "loss": [1.0, 0.9],
            "spread_ratio_start": 0.5,
            "spread_ratio_end": spread_end,
        },
        "findings": [],
        "what_if": [
            {
                "code": "DF201",
                "change": "sigmoid -> relu",
                "verdict": "healthy",
                "confidence": "likely",
            }
        ],
    }


def test_text_words_each_level_of_confidence_differently() -> None:
    confirmed = format_text(verdict_report("collapsed", "confirmed", 0.0))
    assert "model 'sequential': COLLAPSED (confirmed: measured, more training cannot undo it)" in (
        confirmed
    )
    likely = format_text(verdict_report("collapsed", "likely", 1e-4))
    assert "COLLAPSED (likely: read from the first steps or projected; not certain)" in likely
    undecided = format_text(verdict_report("inconclusive", None, 2e-3))
    assert "INCONCLUSIVE (the probe cannot tell; the finding says what settles it)" in undecided
    assert "what if (DF201) sigmoid -> relu: healthy (likely)" in confirmed


def test_text_explains_the_spread_ratio_and_reads_it() -> None:
    explained = (
        "how much the predictions vary across inputs compared with how much the targets vary"
    )
    constant = format_text(verdict_report("collapsed", "confirmed", 1e-5))
    assert explained in constant
    assert "far below 1: the output is nearly constant" in constant
    assert "about 1: the model reproduces the targets' variation" in format_text(
        verdict_report("healthy", "likely", 0.9)
    )
    above = format_text(verdict_report("healthy", "likely", 2.4))
    assert "above 1: the predictions vary more than the targets, typical early in training" in above


def test_text_says_where_the_probe_and_a_static_finding_disagree() -> None:
    report = verdict_report("collapsed", "confirmed", 0.0)
    report["disagreements"] = [{"code": "DF404", "line": 9, "note": "DF404 reads the output"}]
    text = format_text(report)
    assert "/a/train.py:9: probe and static analysis disagree: DF404 reads the output" in text
