"""Where a static finding and the probe's measurement of the real model disagree.

The static engine reads the source; the probe runs the model. When a static finding rests on
a reading the run contradicts (DF404 takes the output layer for linear, but the probe measured
probabilities: a softmax in a `Lambda` the engine cannot see), the report says so once, with
the measurement, rather than showing both as true. Each check reads one static code's claim.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .measure import Measurement
from .verdict import SPREAD_CONSTANT

if TYPE_CHECKING:
    from .schema import Disagreement


def disagreements(hints: Iterable[dict[str, Any]], m: Measurement) -> list[Disagreement]:
    """One note per static hint the measurement contradicts."""
    notes: list[Disagreement] = []
    for hint in hints:
        check = CHECKS.get(str(hint.get("code")))
        note = check(hint, m) if check is not None else None
        if note is not None:
            notes.append({"code": hint.get("code"), "line": hint.get("line"), "note": note})
    return notes


def _output_not_probabilities(hint: dict[str, Any], m: Measurement) -> str | None:
    """DF404 says a cross-entropy loss gets a linear or ReLU output (from_logits=True would be
    its fix); the probe checks what the output layer actually produced."""
    what_if = hint.get("what_if") or {}
    if what_if.get("value") is not True or not m.probabilities:
        return None
    return (
        f"{hint.get('code')} reads the output layer as linear, but the probe measured"
        " probabilities (every output in [0, 1]): the model applies a softmax or sigmoid the"
        " static analysis cannot see (in a Lambda or a custom layer), so its advice does not"
        " apply"
    )


def _one_unit_softmax_varies(hint: dict[str, Any], m: Measurement) -> str | None:
    """DF401 says a softmax over one unit makes the output constant."""
    if m.spread_end < SPREAD_CONSTANT or not m.finite:
        return None
    return (
        f"{hint.get('code')} says the output is a softmax over one unit (always 1.0), but the"
        f" probe measured an output that varies ({m.spread_end:.2g} of the target's spread)"
    )


CHECKS: dict[str, Callable[[dict[str, Any], Measurement], str | None]] = {
    "DF404": _output_not_probabilities,
    "DF401": _one_unit_softmax_varies,
}
