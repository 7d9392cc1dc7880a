"""Every rule's own VALID and INVALID samples are its tests (and its documentation)."""

from __future__ import annotations

import ast

import pytest
from defib.engine import analyse_source, apply_fixes
from defib.engine.rules import Invalid, Rule, all_rules

RULES = all_rules()


def _samples(kind: str) -> list[tuple[type[Rule], int, object]]:
    return [
        (rule, index, sample) for rule in RULES for index, sample in enumerate(getattr(rule, kind))
    ]


def _codes(source: str) -> list[str]:
    return [d.code for d in analyse_source(source, "sample.py").diagnostics]


@pytest.mark.parametrize(
    ("rule", "index", "sample"), _samples("VALID"), ids=lambda v: getattr(v, "code", str(v))
)
def test_valid_sample_is_not_flagged(rule: type[Rule], index: int, sample: str) -> None:
    assert rule.code not in _codes(sample)


@pytest.mark.parametrize(
    ("rule", "index", "sample"), _samples("INVALID"), ids=lambda v: getattr(v, "code", str(v))
)
def test_invalid_sample_is_flagged_and_fixed(rule: type[Rule], index: int, sample: Invalid) -> None:
    diagnostics = analyse_source(sample.code, "sample.py").diagnostics
    own = [d for d in diagnostics if d.code == rule.code]
    assert own, f"{rule.code} did not flag its INVALID sample #{index}"
    if sample.fixed is None:
        return
    fixed = apply_fixes(sample.code, own, unsafe=True)
    assert fixed == sample.fixed
    ast.parse(fixed)
    assert rule.code not in _codes(fixed), "the fix must silence its own finding"


def test_every_rule_documents_itself_in_the_shared_shape() -> None:
    for rule in RULES:
        doc = rule.__doc__ or ""
        for heading in (
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
            "## Fix safety",
        ):
            assert heading in doc, f"{rule.code} docs lack {heading!r}"
        assert rule.name == rule.name.lower() and " " not in rule.name


def test_rule_codes_are_unique_and_stable() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    assert {
        "DF000",
        "DF101",
        "DF102",
        "DF201",
        "DF301",
        "DF401",
        "DF402",
        "DF403",
        "DF404",
        "DF501",
        "DF601",
        "DF602",
    } <= set(codes)
