"""Reads a Measurement and says collapsed / diverged / stalled / healthy, with findings.

Thresholds (see docs/probe.md for how they were measured): after the first steps the output
has collapsed when its spread across inputs is below SPREAD_COLLAPSED of the target's spread,
is not growing back (less than SPREAD_RECOVERING times its starting spread), and has a cause
that cannot undo itself: the first layer is frozen (update ratio below UPDATE_VANISHED), or a
layer's units are all constant and that layer is frozen too (or is a softmax over one unit).
Targets the output activation cannot reach also collapse it.

When the first steps are inconclusive the probe keeps training for up to WATCH_LONGER times as
many steps and judges again. They are inconclusive when the output barely varies (below
SPREAD_CONSTANT of the target's spread) and is not growing; when it varies little (below
SPREAD_NEAR_CONSTANT) while the loss stays where the untrained model's was (it fell by less
than LOSS_FLAT: the model may be stuck, as saturated sigmoids on unscaled inputs are); when its spread fell below
SPREAD_FALLING of where it started; when a ReLU layer lost DEAD_RISING of its units; when a
layer moves by UPDATE_LARGE of its weights or more per step (steps that large can still throw
the model off later: ReLU classifiers under SGD at 3 die after a few hundred steps); or when
the loss exploded but stayed finite (it often settles). Unless the steps are that large, the
watch looks at 4x the first steps and stops there when training has plainly taken hold
(`settled`): the output varies at least SPREAD_SETTLED of the target's spread and more than
before, the loss fell below LOSS_SETTLED of the first step's, and no ReLU layer lost
DEAD_STILL more of its units since the last look.

After that longer watch the verdict is about the end of the script's own training (its
planned steps; HORIZON_DEFAULT when no fit() says): the output spread is projected there at
the rate it changed over the last stretch of the watch. A projection below SPREAD_CONSTANT is
a collapse on its way (the output is losing its spread, or is stuck and not growing out of it
fast enough); a projection above it clears a collapse that rests only on a fading gradient or
a constant but still moving layer (it is growing out of its plateau). Frozen causes and
unreachable targets stay collapses.

Training has diverged when the loss becomes non-finite, or when it explodes: the median loss of
the last third of the steps is more than LOSS_EXPLODED times the untrained model's loss on the
first batch (an extreme learning rate throws the weights far away; the outputs then vary wildly
or die, but either way the model is lost).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .measure import Checkpoint, LayerTrace, Measurement

if TYPE_CHECKING:
    from . import schema

SPREAD_COLLAPSED = 1e-4
SPREAD_CONSTANT = 1e-3
WATCH_LONGER = 10
SPREAD_RECOVERING = 3.0
UPDATE_VANISHED = 1e-5
RELATIVE_VANISHED = 1e-3
UPDATE_STILL = 1e-7
UPDATE_LARGE = 0.05
LOSS_EXPLODED = 10.0
DEAD_REPORTED = 0.9
SPREAD_FALLING = 0.8
DEAD_RISING = 0.25
SPREAD_NEAR_CONSTANT = 1e-2
LOSS_FLAT = 0.1
SPREAD_SETTLED = 0.1
LOSS_SETTLED = 0.5
DEAD_STILL = 0.05
HORIZON_DEFAULT = 1000  # steps to project to when the script's own fit() does not say


@dataclass
class Finding:
    code: str
    severity: schema.Severity
    message: str
    line: int | None
    layer: str | None = None
    source: str | None = None  # "data" for the checks of fit()'s data; None for the verdict's

    def to_json(self) -> schema.Finding:
        found: schema.Finding = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "layer": self.layer,
        }
        if self.source is not None:
            found["source"] = self.source
        return found


def _first_traced(m: Measurement) -> LayerTrace | None:
    for trace in m.layers:
        if trace.has_kernel and trace.update_ratios:
            return trace
    return None


def _last_traced(m: Measurement) -> LayerTrace | None:
    for trace in reversed(m.layers):
        if trace.has_kernel and trace.update_ratios:
            return trace
    return None


def _constant_layer(m: Measurement, frozen_only: bool) -> LayerTrace | None:
    """The first layer whose units are all constant across inputs; with `frozen_only`, only
    one that stays so: its weights no longer move, or it is a softmax over a single unit."""
    for trace in m.layers:
        if trace.constant_end is None or trace.constant_end < 1.0:
            continue
        ratio = trace.typical_update_ratio
        if not frozen_only or ratio is None or ratio < UPDATE_VANISHED or _one_unit_softmax(trace):
            return trace
    return None


def _one_unit_softmax(trace: LayerTrace) -> bool:
    return trace.activation == "softmax" and trace.units == 1


def _where(trace: LayerTrace | None) -> str:
    if trace is None:
        return "the model"
    return f"layer {trace.name!r} ({trace.cls})"


def decide(m: Measurement, model_line: int | None) -> tuple[schema.Verdict, list[Finding]]:
    """The verdict and what supports it."""
    findings: list[Finding] = []
    first = _first_traced(m)
    last = _last_traced(m)
    if not m.finite:
        return "diverged", [_diverged(m, model_line)]

    first_ratio = first.typical_update_ratio if first is not None else None
    vanished = first_ratio is not None and first_ratio < UPDATE_VANISHED
    ratios = [t.typical_update_ratio for t in m.layers if t.typical_update_ratio is not None]
    fading = _fading(first_ratio, ratios) or _fading(
        first.typical_grad_norm if first is not None else None,
        [t.typical_grad_norm for t in m.layers if t.typical_grad_norm is not None],
    )
    watched = m.spread_base is not None
    constant = _constant_layer(m, frozen_only=not watched)
    recovering = _growing(m.spread_end, m.spread_start)
    # Before a longer watch only a cause that cannot undo itself counts: the first layer is
    # frozen, or a layer is constant and frozen. A fading gradient under Adam, or a dead layer
    # that momentum still moves, can recover within a few hundred steps.
    cause = vanished or constant is not None or (watched and fading)
    frozen = m.unreachable is not None or (
        m.spread_end < SPREAD_COLLAPSED
        and not recovering
        and (vanished or _constant_layer(m, frozen_only=True) is not None)
    )
    collapsed = frozen or (m.spread_end < SPREAD_COLLAPSED and not recovering and cause)
    collapsed = collapsed or _stayed_constant(m)
    projection = projected_spread(m)
    heading = False
    if projection is not None and not frozen:
        # After the watch the end of training decides: where the spread is heading.
        heading = not collapsed and projection[1] < SPREAD_CONSTANT
        collapsed = projection[1] < SPREAD_CONSTANT

    for trace in m.layers:
        if trace.dead_end is not None and trace.dead_end >= DEAD_REPORTED:
            findings.append(
                Finding(
                    "DF904",
                    "warning",
                    f"{trace.dead_end:.0%} of the ReLU units of {_where(trace)} output 0 for"
                    " every input (dead): no gradient flows through them",
                    trace.line,
                    trace.name,
                )
            )
    if (vanished or (fading and collapsed)) and first is not None:
        findings.append(_vanishing(first, last, first_ratio))
    if collapsed:
        if heading and projection is not None:
            findings.insert(0, _heading(m, projection, model_line))
            return "collapsed", findings
        described = constant or _constant_layer(m, frozen_only=False)
        findings.insert(0, _collapsed(m, described, vanished or fading, first, model_line))
        return "collapsed", findings
    growth = loss_growth(m)
    if growth is not None and growth > LOSS_EXPLODED:
        findings.insert(0, _diverged(m, model_line, growth))
        return "diverged", findings
    if vanished or _still(m):
        if not vanished:
            findings.append(
                Finding(
                    "DF903",
                    "warning",
                    "no layer's weights move (every update ratio below"
                    f" {UPDATE_STILL:.0e}): training is stalled",
                    first.line if first is not None else model_line,
                    first.name if first is not None else None,
                )
            )
        return "stalled", findings
    return "healthy", findings


def _stayed_constant(m: Measurement) -> bool:
    """After watching longer, the output is still nearly constant and has not grown."""
    if m.spread_base is None:
        return False
    return m.spread_end < SPREAD_CONSTANT and not (
        _growing(m.spread_end, m.spread_base) or _growing(m.spread_end, m.spread_start)
    )


def _growing(spread: float, since: float) -> bool:
    """The output spread has grown back: SPREAD_RECOVERING times what it was (a spread of
    exactly 0 never has)."""
    return spread > 0 and spread >= SPREAD_RECOVERING * since


def _weakest(m: Measurement) -> LayerTrace | None:
    traced = [t for t in m.layers if t.typical_grad_norm is not None]
    return min(traced, key=lambda t: t.typical_grad_norm or 0.0, default=None)


def inconclusive(m: Measurement) -> bool:
    """Whether the probe should watch longer before judging (see the module docstring)."""
    if not m.finite:
        return False
    verdict, _ = decide(m, None)
    if verdict == "diverged":
        return True  # exploded but finite: it may settle
    if verdict not in ("healthy", "stalled"):
        return False
    growing = _growing(m.spread_end, m.spread_start)
    stuck = not growing and (
        m.spread_end < SPREAD_CONSTANT or (m.spread_end < SPREAD_NEAR_CONSTANT and loss_flat(m))
    )
    falling = m.spread_end < SPREAD_FALLING * m.spread_start
    dying = any(
        t.dead_end is not None and t.dead_end - (t.dead_start or 0.0) >= DEAD_RISING
        for t in m.layers
    )
    return stuck or falling or dying or _large_steps(m)


def _large_steps(m: Measurement) -> bool:
    """Some layer moves by UPDATE_LARGE of its weights or more per step (typically)."""
    return any(
        t.typical_update_ratio is not None and t.typical_update_ratio >= UPDATE_LARGE
        for t in m.layers
    )


def settled(history: list[Checkpoint], first: Measurement) -> bool:
    """Whether a longer watch may stop at its latest look: training has plainly taken hold.

    The output varies at least SPREAD_SETTLED of the target's spread and more than at the look
    before, the loss has fallen below LOSS_SETTLED of the first step's, and no ReLU layer lost
    more of its units since the look before (DEAD_STILL). What the watch was waiting for (a
    plateau, a falling spread, dying units) has then resolved, and the rest of the watch would
    only confirm it: the verdict projects from the looks so far. Steps that move a layer by
    UPDATE_LARGE of its weights (`first`: the measurement the watch started from) are watched
    to the end: they can throw a model off that looks well at every look before.
    """
    first_loss = first.losses[0] if first.losses else float("nan")
    if len(history) < 2 or not first_loss > 0 or _large_steps(first):
        return False
    before, last = history[-2], history[-1]
    if not (last.spread >= SPREAD_SETTLED and last.spread > before.spread):
        return False
    if not (0 <= last.loss < LOSS_SETTLED * first_loss):
        return False
    return all(
        now is None or then is None or now - then < DEAD_STILL
        for then, now in zip(before.dead, last.dead, strict=False)
    )


def loss_flat(m: Measurement) -> bool:
    """The loss sits where the untrained model's was: the median of the last tenth of the
    steps is within LOSS_FLAT of the first step's loss, either way."""
    if len(m.losses) < 3 or not m.losses[0] > 0:
        return False
    late = sorted(m.losses[-max(1, len(m.losses) // 10) :])
    return abs(late[len(late) // 2] - m.losses[0]) < LOSS_FLAT * m.losses[0]


def projected_spread(m: Measurement) -> tuple[int, float] | None:
    """(step, output spread) at the end of the script's own training, at the rate the spread
    changed between the last two looks of the longer watch; None without a watch."""
    if len(m.history) < 2:
        return None
    before, last = m.history[-2], m.history[-1]
    horizon = max(m.planned_steps or HORIZON_DEFAULT, last.step)
    if not (before.spread > 0 and last.spread > 0) or last.step <= before.step:
        return horizon, last.spread
    per_step = math.log(last.spread / before.spread) / (last.step - before.step)
    return horizon, last.spread * math.exp(min(per_step * (horizon - last.step), 50.0))


def _vanishing(first: LayerTrace, last: LayerTrace | None, first_ratio: float | None) -> Finding:
    message = f"gradient vanishes: {_where(first)} gets a gradient of norm"
    message += f" {first.typical_grad_norm or 0.0:.1e}"
    if last is not None and last is not first:
        message += f" (the output layer {last.typical_grad_norm or 0.0:.1e})"
    message += f" and moves by {first_ratio or 0.0:.1e} of its weights per step"
    last_ratio = last.typical_update_ratio if last is not None and last is not first else None
    if last_ratio is not None:
        message += f" (the output layer {last_ratio:.1e})"
    return Finding("DF903", "warning", message, first.line, first.name)


def _fading(first: float | None, values: list[float]) -> bool:
    """The first layer's value is a tiny fraction of the largest layer's."""
    return first is not None and bool(values) and first < RELATIVE_VANISHED * max(values)


def _still(m: Measurement) -> bool:
    ratios = [t.typical_update_ratio for t in m.layers if t.typical_update_ratio is not None]
    return bool(ratios) and max(ratios) < UPDATE_STILL


def loss_growth(m: Measurement) -> float | None:
    """Late loss over the untrained model's loss: the median of the last third of the steps."""
    if len(m.losses) < 3 or not (m.losses[0] > 0):
        return None
    late = sorted(m.losses[-max(1, len(m.losses) // 3) :])
    return late[len(late) // 2] / m.losses[0]


def _diverged(m: Measurement, model_line: int | None, growth: float | None = None) -> Finding:
    step = next((i for i, ok in enumerate(m.loss_finite) if not ok), None)
    culprit = None
    best = -1.0
    for trace in m.layers:
        for ratio in trace.update_ratios[:-1] or trace.update_ratios:
            if ratio == ratio and ratio > best:  # skip NaN
                best, culprit = ratio, trace
    if growth is not None:
        message = (
            f"training diverged: the loss exploded from {m.losses[0]:.3g} to"
            f" {m.losses[-1]:.3g} in {m.steps} steps"
        )
    else:
        when = f"at step {step + 1}" if step is not None else "at the end"
        message = f"training diverged: the loss became non-finite {when}"
    if culprit is not None and best > 0:
        size = f"{best:.3g} times its weights' size" if best >= 1 else f"{best:.1e} of its weights"
        message += f"; the largest step moved {_where(culprit)} by {size}"
    return Finding(
        "DF902",
        "error",
        message,
        culprit.line if culprit is not None and culprit.line else model_line,
        culprit.name if culprit is not None else None,
    )


def _heading(m: Measurement, projection: tuple[int, float], model_line: int | None) -> Finding:
    """A collapse projected from the watch: said as a projection, not as a fact."""
    horizon, spread = projection
    before = m.history[-2]
    trend = "falls" if m.spread_end < before.spread else "grows too slowly"
    message = (
        f"constant output projected: the output spread {trend} (from {before.spread:.1e} of"
        f" the target's at step {before.step} to {m.spread_end:.1e} at step {m.steps}); at"
        f" that rate it is {spread:.0e} {_by(m, horizon)}"
    )
    dying = max(
        (t for t in m.layers if t.dead_end is not None and t.dead_end >= DEAD_REPORTED),
        key=lambda t: t.dead_end or 0.0,
        default=None,
    )
    cause = dying or _weakest(m)
    if dying is not None:
        message += f"; {dying.dead_end:.0%} of the ReLU units of {_where(dying)} are dead"
    line = cause.line if cause is not None and cause.line else model_line
    return Finding("DF901", "warning", message, line, cause.name if cause is not None else None)


def _by(m: Measurement, horizon: int) -> str:
    if m.planned_steps:
        return f"by the end of training (step {horizon})"
    return f"by step {horizon} (no fit() call says how long training runs)"


def _collapsed(
    m: Measurement,
    constant: LayerTrace | None,
    vanished: bool,
    first: LayerTrace | None,
    model_line: int | None,
) -> Finding:
    spread = f"output spread is {m.spread_end:.1e} of the target's after {m.steps} steps"
    output = m.layers[-1] if m.layers else None
    if output is not None and _one_unit_softmax(output):
        why = f"softmax over a single unit in {_where(output)} always outputs 1.0"
        cause: LayerTrace | None = output
    elif constant is not None:
        cause = constant
        if constant.kernel_norm_start is not None and constant.kernel_norm_start == 0.0:
            why = (
                f"{_where(constant)} starts with an all-zero kernel, so all its units are identical"
            )
        elif constant.dead_end is not None and constant.dead_end >= 1.0:
            if constant is output:
                why = f"the ReLU of the output {_where(constant)} clips every prediction to 0"
                why += (
                    ", where nearly every target is below zero"
                    if m.unreachable == "below"
                    else ": its input is negative for every sample, and a unit that is 0"
                    " everywhere gets no gradient to recover"
                )
            else:
                why = f"every ReLU unit of {_where(constant)} is dead (outputs 0 for every input)"
        else:
            why = f"every unit of {_where(constant)} outputs the same value for every input"
    elif m.unreachable is not None and output is not None:
        end = "lowest" if m.unreachable == "below" else "highest"
        why = (
            f"nearly every target lies {m.unreachable} what the {output.activation} of the output"
            f" {_where(output)} can produce, so training drives every prediction to its {end}"
            " value"
        )
        cause = output
    elif vanished and first is not None:
        cause = first
        why = f"the gradient vanishes before reaching {_where(first)}"
    elif _stayed_constant(m):
        why = (
            f"the output stayed nearly constant from step {m.base_steps} to step {m.steps}"
            " without starting to vary"
        )
        cause = _weakest(m)
        if cause is not None:
            strongest = max(t.typical_grad_norm or 0.0 for t in m.layers)
            why += (
                f"; the gradient is weakest at {_where(cause)}"
                f" ({cause.typical_grad_norm or 0.0:.1e}, the strongest {strongest:.1e})"
            )
    else:
        cause = None
        why = "the output does not depend on the input"
    line = cause.line if cause is not None and cause.line else model_line
    return Finding(
        "DF901",
        "error",
        f"constant output: {why}; {spread}",
        line,
        cause.name if cause is not None else None,
    )
