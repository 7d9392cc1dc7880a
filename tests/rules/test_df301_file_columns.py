"""DF301 on columns read from a data file: an info, since only the probe can see their scale."""

from __future__ import annotations

from pathlib import Path

from defib.engine import analyse_source
from defib.engine.diagnostics import Severity

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def df301(name: str) -> list[Severity]:
    source = (CORPUS / name).read_text(encoding="utf-8")
    return [d.severity for d in analyse_source(source, name).diagnostics if d.code == "DF301"]


def test_csv_columns_fed_raw_to_fit_are_an_info() -> None:
    assert df301("170_csv_columns_unscaled.py") == [Severity.INFO]


def test_csv_columns_through_a_scaler_are_not_reported() -> None:
    assert df301("170_csv_columns_unscaled_fixed.py") == []


def test_loadtxt_columns_behind_an_adapted_normalization_are_not_reported() -> None:
    assert df301("171_healthy_csv_with_normalization_layer.py") == []


def test_csv_text_into_an_encoder_defib_cannot_read_is_not_reported() -> None:
    assert df301("172_healthy_csv_text_into_hub_encoder.py") == []
