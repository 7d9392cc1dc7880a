"""The changes the rules hand to the probe's what-if re-probes."""

from __future__ import annotations

from pathlib import Path

from defib.engine import analyse_source

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_constant_initialisers_are_replaced_together_in_one_what_if() -> None:
    text = (EXAMPLES / "zeros_initializer.py").read_text()
    findings = [d for d in analyse_source(text, "zeros.py").diagnostics if d.code == "DF601"]
    assert len(findings) == 2
    what_ifs = [d.what_if for d in findings if d.what_if is not None]
    assert len(what_ifs) == 1
    assert what_ifs[0].layer_lines == tuple(sorted(d.range.start.line for d in findings))


def test_a_learning_rate_what_if_proposes_the_optimizer_default() -> None:
    text = (EXAMPLES / "seed_1_learning_rate.py").read_text()
    [finding] = analyse_source(text, "seed.py").diagnostics
    assert finding.what_if is not None
    assert (finding.what_if.kind, finding.what_if.value) == ("learning_rate", 0.001)
