"""How long the probe trains: never past the end of the training it predicts.

The probe trains `steps` steps, then up to `longer` times as many when those are
inconclusive. When the script's own fit() says how long it trains (its planned steps), the
watch stops there: a verdict read further on would be about a training that never happens.
A training shorter than the first steps is run whole, and the verdict is then about that
training itself, not a prediction.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WatchPlan:
    steps: int  # trained before the first judgement
    max_steps: int  # the longest the watch may go on when the first steps are inconclusive


def plan_watch(steps: int, longer: int, planned: int | None) -> WatchPlan:
    """The probe's `steps` and its longest watch (`longer` x steps), both capped at
    `planned`, the script's own training length when known."""
    steps = max(1, steps)
    longest = steps * max(1, longer)
    if planned is None or planned <= 0:
        return WatchPlan(steps, longest)
    return WatchPlan(min(steps, planned), min(longest, planned))


def whole_training(trained: int, planned: int | None) -> bool:
    """Whether the probe's `trained` steps are all of the script's planned training."""
    return planned is not None and trained >= planned
