"""How sure the probe is of its verdict: `confirmed`, `likely`, or the verdict `inconclusive`.

`decide()` (verdict.py) says what the measurements point to; this module says how far they
can be trusted, so the probe is never confidently wrong:

- **confirmed**: evidence more training cannot undo. A non-finite loss or output; an output
  that cannot vary (a softmax over one unit, a layer without weights that turns varying inputs
  into one value, a constant layer that no longer moves, such as an all-zero kernel whose
  symmetry cannot break); a first layer frozen under a constant output; targets the output
  activation cannot reach; a collapse already measured: after the longer watch the output
  spread is below SPREAD_COLLAPSED of the targets' and still falling (below SPREAD_CONSTANT
  alone, sigmoid stacks still escaped their plateau later on the benchmark).
  A collapse or divergence read at the end of the script's whole training, when that
  training is no longer than the watch (the probe then ran all of it), is measured too.
- **likely**: a reading at step N or a projection to the end of training (the sigmoid stacks
  of the benchmark escape their plateau between steps 300 and 1,280; ReLU classifiers under a
  high rate die after epoch 10).
- **inconclusive**: the watch cannot tell. The first steps were inconclusive but the longer
  watch was turned off; the loss stays at the untrained model's value while the output barely
  varies (stuck on a plateau or about to leave it: only more training says); the projected
  spread lies within NEAR_FACTOR of SPREAD_CONSTANT either way; a collapse is projected while
  the output still varies more than the targets (SPREAD_OVERSHOOT: it overshot, as after a
  blown-up step, and its fall may stop at the targets' spread); a model read as healthy varies
  by less than SPREAD_UNRESOLVED of the targets' spread (float32 rounding: its growth there says
  nothing of whether it escapes, as tiny-initialised tanh stacks did or not); an exploded loss is
  still falling fast at the last look (Adagrad or Nadam at a high rate may settle late); or
  training looks stalled but the output was nearly constant at one of the looks. The finding
  (DF900) says what the probe saw and what settles it: the real training, watched by the guard
  (`defib run`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .measure import LayerTrace, Measurement

if TYPE_CHECKING:
    from . import schema
from .verdict import (
    SPREAD_COLLAPSED,
    SPREAD_CONSTANT,
    SPREAD_NEAR_CONSTANT,
    SPREAD_RECOVERING,
    UPDATE_VANISHED,
    Finding,
    decide,
    inconclusive,
    loss_flat,
    projected_spread,
)

CONFIRMED: schema.Confidence = "confirmed"
LIKELY: schema.Confidence = "likely"
# The verdict's own finding is worded and shown by the confidence behind it.
SEVERITY: dict[str | None, schema.Severity] = {CONFIRMED: "error", LIKELY: "warning", None: "info"}
VERDICT_CODES = {"collapsed": "DF901", "diverged": "DF902", "stalled": "DF903"}
INCONCLUSIVE_CODE = "DF900"

LOSS_SETTLING = 0.5  # an exploded loss that fell below this share of its previous look
NEAR_FACTOR = 3.0  # a projection within this factor of SPREAD_CONSTANT is too close to call
SPREAD_OVERSHOOT = 1.0  # an output varying more than the targets overshot; it is not collapsing
# Below this share of the targets' spread an output of their scale varies by float32 rounding
# only (its epsilon is 1.2e-7): a growth read there is not learning.
SPREAD_UNRESOLVED = 1e-7


@dataclass
class Judgement:
    verdict: schema.Verdict
    confidence: schema.Confidence | None  # None for `inconclusive`
    findings: list[Finding]


def judge(m: Measurement, model_line: int | None, script: str = "train.py") -> Judgement:
    """The verdict, how sure it is, and what supports it."""
    verdict, findings = decide(m, model_line)
    if verdict == "diverged" and not m.finite:
        return _stated(verdict, CONFIRMED, findings)
    if verdict == "collapsed" and certain_collapse(m) is not None:
        return _stated(verdict, CONFIRMED, findings)
    if m.planned_steps is not None and m.steps >= m.planned_steps:
        # The probe ran all of the script's training: its end is measured, not projected, and
        # there is nothing more to watch.
        failed = verdict in ("collapsed", "diverged")
        return _stated(verdict, CONFIRMED if failed else LIKELY, findings)
    undecided = _undecided(m, verdict)
    if undecided is not None:
        kept = [f for f in findings if f.code != VERDICT_CODES.get(verdict)]
        advice = _inconclusive(m, undecided, script, model_line)
        return Judgement("inconclusive", None, [advice, *kept])
    return _stated(verdict, LIKELY, findings)


def certain_collapse(m: Measurement) -> str | None:
    """What makes a collapse certain, in a few words; None when it is not."""
    if m.unreachable is not None:
        return "targets out of the output's reach"
    if m.spread_end >= SPREAD_COLLAPSED or _regrowing(m):
        return _measured_collapse(m)
    for index, trace in enumerate(m.layers):
        # A softmax over one unit outputs 1.0 whatever its weights: the layers after it, all
        # measured constant, cannot vary either. (Its gradient is not exactly 0 on every
        # Keras: Keras 3.15.1 leaves float noise of about 3e-8, which Adam's normalised step
        # turns into updates, so the frozen-layer test below cannot be relied on for it.)
        if trace.activation == "softmax" and trace.units == 1 and _constant_from(m.layers[index:]):
            return "softmax over one unit"
    for previous, trace in zip([None, *m.layers], m.layers, strict=False):
        if trace.constant_end is None or trace.constant_end < 1.0:
            continue
        if not trace.has_kernel and _varies(previous):
            return f"layer {trace.name!r} maps every input to one value"
        ratio = trace.typical_update_ratio
        if trace.has_kernel and ratio is not None and ratio < UPDATE_VANISHED:
            return f"layer {trace.name!r} is constant and frozen"
    first = next((t for t in m.layers if t.has_kernel and t.update_ratios), None)
    ratio = first.typical_update_ratio if first is not None else None
    if ratio is not None and ratio < UPDATE_VANISHED:
        return "first layer frozen"
    return _measured_collapse(m)


def _constant_from(layers: list[LayerTrace]) -> bool:
    """Whether the layers from a one-unit softmax to the output (`layers`) were all measured
    constant; a softmax that is the output needs no measurement."""
    return len(layers) == 1 or all(
        t.constant_end is not None and t.constant_end >= 1.0 for t in layers
    )


def _measured_collapse(m: Measurement) -> str | None:
    """After the longer watch the output is already below SPREAD_COLLAPSED and falling."""
    if len(m.history) < 2:
        return None
    before, last = m.history[-2], m.history[-1]
    if last.spread < SPREAD_COLLAPSED and last.spread < before.spread:
        return "collapse measured at the end of the watch"
    return None


def _regrowing(m: Measurement) -> bool:
    return m.spread_end > 0 and m.spread_end >= 3.0 * m.spread_start


def _varies(trace: LayerTrace | None) -> bool:
    return trace is not None and trace.constant_end is not None and trace.constant_end < 1.0


def _undecided(m: Measurement, verdict: str) -> str | None:
    """Why the watch cannot tell; None when it can."""
    if verdict in ("healthy", "stalled") and m.spread_end < SPREAD_UNRESOLVED:
        return "unresolved"
    if not m.history:
        return "skipped" if m.finite and inconclusive(m) else None
    if verdict == "diverged":
        return "settling" if _settling(m) else None
    if verdict == "stalled" and min(look.spread for look in m.history) < SPREAD_NEAR_CONSTANT:
        return "dipped"
    projection = projected_spread(m)
    if projection is not None and _near(projection[1]):
        return "near"
    if verdict == "collapsed" and _overshoot(m):
        return "overshoot"
    if projection is not None and projection[1] < SPREAD_CONSTANT / NEAR_FACTOR:
        return None  # clearly on its way to a constant output
    grew = m.spread_end >= SPREAD_RECOVERING * min(m.spread_start, m.history[0].spread)
    if m.spread_end < SPREAD_NEAR_CONSTANT and loss_flat(m) and not grew:
        return "plateau"
    return None


def _overshoot(m: Measurement) -> bool:
    """At the last look the output still varies more than the targets (SPREAD_OVERSHOOT), as
    after a blown-up step: a spread falling back from there is settling toward the targets';
    where it stops, at the targets' spread or below the constant line, the watch cannot tell."""
    return len(m.history) >= 2 and m.history[-1].spread >= SPREAD_OVERSHOOT


def _settling(m: Measurement) -> bool:
    """The exploded loss is still falling fast at the last look (halved since the one before):
    Adagrad or Nadam at a high rate may settle late in training, or not."""
    if len(m.history) < 2:
        return False
    before, last = m.history[-2].loss, m.history[-1].loss
    return bool(last == last and before == before and last < LOSS_SETTLING * before)


def _near(spread: float) -> bool:
    return SPREAD_CONSTANT / NEAR_FACTOR <= spread < SPREAD_CONSTANT * NEAR_FACTOR


def _stated(
    verdict: schema.Verdict, confidence: schema.Confidence, findings: list[Finding]
) -> Judgement:
    """The verdict's own finding carries its confidence as its severity."""
    code = VERDICT_CODES.get(verdict)
    for finding in findings:
        if finding.code == code:
            finding.severity = SEVERITY[confidence]
            break
    return Judgement(verdict, confidence, findings)


def _inconclusive(m: Measurement, why: str, script: str, model_line: int | None) -> Finding:
    """What the probe saw, and what settles it."""
    seen = f"the output spread went from {m.spread_start:.2g} of the target's"
    if m.history:
        seen += f" to {m.history[0].spread:.2g} at step {m.history[0].step}"
    seen += f" and {m.spread_end:.2g} at step {m.steps}{_trend(m)}"
    if m.losses:
        seen += f"; the loss from {m.losses[0]:.3g} to {m.losses[-1]:.3g}"
    if why == "skipped":
        reason = "the first steps cannot tell and the longer watch was off"
    elif why == "settling":
        reason = (
            f"the loss exploded (from {m.losses[0]:.3g} to {max(m.losses):.3g}) but is still"
            f" falling fast ({m.history[-2].loss:.3g} at step {m.history[-2].step},"
            f" {m.history[-1].loss:.3g} at step {m.history[-1].step}): it may settle, or not"
        )
    elif why == "dipped":
        low = min(m.history, key=lambda look: look.spread)
        reason = (
            f"a layer barely moves and the output was nearly constant at step {low.step}"
            f" ({low.spread:.2g} of the target's): it may stall there or collapse"
        )
    elif why == "overshoot":
        reason = (
            f"the output still varies more than the targets ({m.spread_end:.2g} of their spread,"
            " as after a blown-up step) and its spread is falling back: it may settle near the"
            " targets' spread or keep falling to a constant"
        )
    elif why == "unresolved":
        reason = (
            f"the output's variation is below {SPREAD_UNRESOLVED:.0e} of the target's, at the"
            " rounding of 32-bit floats: its growth there is not yet learning, and it may escape"
            " or stay constant"
        )
    elif why == "plateau":
        reason = (
            "the loss stays near the untrained model's and the output barely varies: the model"
            " may be stuck on this plateau or about to leave it"
        )
    else:
        projection = projected_spread(m)
        value = projection[1] if projection is not None else m.spread_end
        reason = (
            f"at that rate the spread ends near {value:.1g} of the target's, too close to"
            f" {SPREAD_CONSTANT:.0e} (the line below which the output counts as constant) to call"
        )
    message = (
        f"inconclusive: {seen}; {reason}. To settle it, run the training with the guard:"
        f" `defib run {os.path.basename(script)}`"
    )
    return Finding(INCONCLUSIVE_CODE, "info", message, model_line)


def _trend(m: Measurement) -> str:
    if len(m.history) < 2:
        return ""
    before, last = m.history[-2].spread, m.history[-1].spread
    steps = m.steps - m.history[-2].step
    if last < 0.95 * before:
        fell = 1.0 - last / before if before > 0 else 0.0
        return f", still falling ({fell:.0%} over the last {steps} steps)"
    if last > 1.05 * before:
        return f", growing over the last {steps} steps"
    return f", holding over the last {steps} steps"
