"""The report's one definition: the check that tells a report that departs from it, and the
extension's TypeScript types generated from it. (Every real report the probe tests get is
checked against it by the `runner` fixture.)"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from defib.probe.report import ProbeError, error_report
from defib.probe.worker.schema import check

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "gen_report_types.py"


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("gen_report_types", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _report() -> dict[str, Any]:
    report = error_report("/a/train.py", ProbeError("data", "no data"), {"total": 1.0})
    report["model"] = {"name": "m", "class": "Sequential", "line": 3, "layers": []}
    report["findings"] = [
        {"code": "DF901", "severity": "error", "message": "m", "line": 4, "layer": None}
    ]
    return report


def test_a_conforming_report_passes() -> None:
    assert check(_report()) == []


def test_an_undeclared_field_is_named() -> None:
    report = _report()
    report["findings"][0]["dead"] = 0.5
    assert check(report) == ["report.findings[0].dead: not in the definition"]


def test_a_missing_field_is_named() -> None:
    report = _report()
    del report["model"]["layers"]
    assert check(report) == ["report.model.layers: missing"]


def test_a_wrong_value_is_named() -> None:
    report = _report()
    report["findings"][0]["severity"] = "fatal"
    report["timings"]["total"] = "1 s"
    assert check(report) == [
        "report.findings[0].severity: 'fatal' is not one of ('error', 'warning', 'info')",
        "report.timings.total: expected a number, got '1 s'",
    ]


def test_an_optional_field_may_be_left_out_but_not_mistyped() -> None:
    report = _report()
    assert "notebook" not in report and check(report) == []
    report["notebook"] = {"cells": [{"cell": 1, "first_line": 1, "line_count": "3"}]}
    assert check(report) == ["report.notebook.cells[0].line_count: expected an integer, got '3'"]


def test_the_typescript_types_are_generated_from_the_definition() -> None:
    generator = _generator()
    expected = generator.generate(generator.SCHEMA.read_text())
    assert generator.OUTPUT.read_text() == expected, (
        "client/src/report/types.ts is stale: run python scripts/gen_report_types.py"
    )
    assert "export interface ProbeReport {" in expected
    assert "  layers?: LayerReport[];" in expected
    assert "export interface Finding extends InCell {" in expected
