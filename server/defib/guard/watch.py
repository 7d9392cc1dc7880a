"""What the guard concludes from its looks at a training: nothing, a likely failure, or a
certain one.

Pure bookkeeping over numbers (no Keras), so the rules read in one place. A failure is certain
(and training is stopped) when:

- the weights or the output on the sample are non-finite, or the loss of an epoch is;
- the loss on the sample at EXPLODED_EPOCHS epoch ends in a row was above LOSS_EXPLODED times
  the untrained model's (the probe's divergence threshold), and falling at the fastest rate it
  fell over the last RATE_EPOCHS it would still be above LOSS_MARGIN times that at the end of
  the planned epochs (a loss that exploded often comes back down: Adagrad at a rate of 3 falls
  from 400x to 12x in 20 epochs);
- the output spread on the sample (relative to the targets' spread) stayed below
  SPREAD_COLLAPSED for at least SUSTAINED_EPOCHS, even growing at the rate it grew over that
  stretch it would still be below SPREAD_CONSTANT at the end of the planned epochs, and it has
  a cause that cannot undo itself, as the probe requires (`verdict.decide`): the first layer is
  frozen (update ratio below UPDATE_VANISHED) and no layer after it moves, or the first layer
  whose units are all constant is frozen too; and, while a layer's units are all constant on
  the sample, no such layer still moves and the update of every layer up to the first of them
  is dying away (SETTLING): a slow but steady update means some training inputs outside the
  sample still pass a gradient;
- a layer is a softmax over one unit: its output is 1 whatever the input, so as soon as the
  output spread is below SPREAD_COLLAPSED.

The same flat stretch without a frozen cause is only likely: a flat start whose weights still
move (tiny initial weights under tanh, a ReLU layer dead on the sample but not on every training
input) often grows out of it. It is reported once and training goes on; should a frozen cause
appear later, the collapse becomes certain and training stops then.

The thresholds are the probe's (`verdict.py`); the stretch, the projection and the frozen cause
are what make them certain for a training that is watched as it runs.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

from defib.probe.worker.verdict import (
    DEAD_REPORTED,
    LOSS_EXPLODED,
    SPREAD_COLLAPSED,
    SPREAD_CONSTANT,
    SPREAD_RECOVERING,
    UPDATE_VANISHED,
)

SUSTAINED_EPOCHS = 1.0
EXPLODED_EPOCHS = 2
RATE_EPOCHS = 3  # the fastest fall of the loss over the last epochs
# A loss projected just above LOSS_EXPLODED is not certain to end there: another sample of the
# data reads it just below (Adagrad at a rate of 3 ends at 12x on one sample, 9x on another).
LOSS_MARGIN = 2.0
# Per step: an update no gradient feeds any more shrinks with the optimizer's momentum (0.9 per
# step for SGD's and Adam's usual settings); one that shrinks more slowly is still fed.
SETTLING = 0.95
# Below this a spread counts as this, so that exact zeros and float noise do not read as growth.
SPREAD_FLOOR = 1e-9


@dataclass
class LayerLook:
    """One layer at one look; `dead` / `constant` only at looks that recorded activations."""

    name: str
    cls: str
    activation: str | None
    site: tuple[str, int] | None  # where the user's source built it
    finite: bool = True
    update_ratio: float | None = None  # |w - w_before| / |w_before| per step since the last look
    dead: float | None = None  # share of ReLU units that output 0 for every sampled input
    constant: float | None = None  # share of units constant across the sample
    units: int | None = None  # a Dense layer's width

    @property
    def frozen(self) -> bool:
        """Its weights no longer move (a layer without weights never counts as frozen)."""
        return self.update_ratio is not None and self.update_ratio < UPDATE_VANISHED

    @property
    def one_unit_softmax(self) -> bool:
        """A softmax over a single unit outputs 1 for every input, whatever its weights."""
        return self.activation == "softmax" and self.units == 1


@dataclass
class Look:
    step: int  # batches trained so far
    epoch: float  # epochs trained so far
    spread: float | None  # output spread / targets' spread on the sample; None without one
    finite: bool  # the output on the sample is finite
    layers: list[LayerLook]
    epoch_loss: float | None = None  # at epoch ends: the loss on the sample (else the mean)


@dataclass
class Diagnosis:
    verdict: str  # "collapsed" | "diverged"
    code: str  # DF901 constant output, DF902 divergence
    message: str
    layer: str | None
    site: tuple[str, int] | None
    epoch: float
    step: int
    confidence: str = "confirmed"  # "confirmed": stop; "likely": report, training goes on
    stopped: bool = False

    @property
    def certain(self) -> bool:
        return self.confidence == "confirmed"

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "confidence": self.confidence,
            "code": self.code,
            "severity": "error" if self.certain else "warning",
            "message": self.message,
            "layer": self.layer,
            "file": self.site[0] if self.site else None,
            "line": self.site[1] if self.site else None,
            "epoch": round(self.epoch, 3),
            "step": self.step,
            "stopped": self.stopped,
        }

    def text(self) -> str:
        where = f" [{self.site[0]}:{self.site[1]}]" if self.site else ""
        if not self.certain:
            action = "warning, training goes on"
        elif self.stopped:
            action = "training stopped"
        else:
            action = "training goes on (stop=False)"
        return f"defib guard: {action} at epoch {self.epoch:.2f} (step {self.step}): {self.message}{where}"


@dataclass
class Watch:
    """The looks so far and what they add up to."""

    planned_epochs: int
    baseline_loss: float | None = None  # the untrained model's loss
    looks: list[Look] = field(default_factory=list)
    low_since: Look | None = None  # first look of the current stretch below SPREAD_COLLAPSED
    exploded: int = 0  # epoch ends in a row with the loss above LOSS_EXPLODED x baseline
    epoch_losses: list[float] = field(default_factory=list)

    def observe(self, look: Look) -> Diagnosis | None:
        """Add a look; a diagnosis when it makes a failure certain, or likely (`confidence`)."""
        self.looks.append(look)
        return self._non_finite(look) or self._explosion(look) or self._collapse(look)

    def _non_finite(self, look: Look) -> Diagnosis | None:
        broken = next((layer for layer in look.layers if not layer.finite), None)
        loss_bad = look.epoch_loss is not None and not math.isfinite(look.epoch_loss)
        if look.finite and broken is None and not loss_bad:
            return None
        what = "weights" if broken is not None else "output" if not look.finite else "loss"
        culprit = broken or self._fastest()
        message = f"training diverged: the {what} became non-finite (NaN or inf)"
        if culprit is not None:
            message += _moved(culprit, self._previous_ratio(culprit))
        return self._diagnosis("diverged", "DF902", message, culprit, look)

    def _explosion(self, look: Look) -> Diagnosis | None:
        if look.epoch_loss is None or not self.baseline_loss or self.baseline_loss <= 0:
            return None
        growth = look.epoch_loss / self.baseline_loss
        self.exploded = self.exploded + 1 if growth > LOSS_EXPLODED else 0
        self.epoch_losses.append(look.epoch_loss)
        if self.exploded < EXPLODED_EPOCHS:
            return None
        # Falling at the fastest rate it fell over the last RATE_EPOCHS (a loss falls ever
        # more slowly), would it be back within LOSS_EXPLODED of the untrained loss by the end?
        stretch = self.epoch_losses[-min(self.exploded, RATE_EPOCHS + 1) :]
        per_epoch = min(min(b / a for a, b in itertools.pairwise(stretch)), 1.0)
        remaining = max(self.planned_epochs - look.epoch, 0.0)
        projected = look.epoch_loss * per_epoch**remaining
        if projected <= LOSS_MARGIN * LOSS_EXPLODED * self.baseline_loss:
            return None
        culprit = self._fastest()
        message = (
            f"training diverged: the loss is {growth:.3g} times the untrained model's"
            f" ({self.baseline_loss:.3g} -> {look.epoch_loss:.3g}) for {self.exploded} epochs"
            " in a row"
        )
        if culprit is not None:
            message += _moved(culprit, culprit.update_ratio)
        return self._diagnosis("diverged", "DF902", message, culprit, look)

    def _collapse(self, look: Look) -> Diagnosis | None:
        if look.spread is None or look.spread >= SPREAD_COLLAPSED:
            self.low_since = None
            return None
        softmax = next((layer for layer in look.layers if layer.one_unit_softmax), None)
        if softmax is not None:
            message = (
                f"constant output confirmed: the output varies across the sampled inputs by"
                f" {look.spread:.1e} of the targets' spread; layer {softmax.name!r}"
                f" ({softmax.cls}) is a softmax over one unit, which outputs 1 for every input"
            )
            return self._diagnosis("collapsed", "DF901", message, softmax, look)
        start = self.low_since
        if start is None or start.spread is None:
            self.low_since = look
            return None
        span = look.epoch - start.epoch
        if span < SUSTAINED_EPOCHS:
            return None
        before, now = max(start.spread, SPREAD_FLOOR), max(look.spread, SPREAD_FLOOR)
        per_epoch = (now / before) ** (1.0 / span)
        remaining = max(self.planned_epochs - look.epoch, 0.0)
        projected = now * math.exp(min(math.log(max(per_epoch, 1.0)) * remaining, 50.0))
        if per_epoch >= SPREAD_RECOVERING or projected >= SPREAD_CONSTANT:
            return None  # growing out of it, or may by the end of training
        flat = (
            f"the output varies across the sampled inputs by {look.spread:.1e} of the targets'"
            f" spread, below {SPREAD_COLLAPSED:.0e} since epoch {start.epoch:.2f}, and"
            f" {_trend(per_epoch)}"
        )
        frozen = _frozen_cause(self.looks)
        if frozen is not None:
            message = f"constant output confirmed: {flat}; {_frozen_text(frozen)}"
            return self._diagnosis("collapsed", "DF901", message, frozen, look)
        cause = _collapse_cause(look)
        message = f"constant output likely: {flat}"
        if cause is not None:
            message += f"; {_cause_text(cause)}"
        message += (
            "; no cause that cannot undo itself (a frozen first layer, or a constant layer that"
            " is frozen), so it may still recover"
        )
        diagnosis = self._diagnosis("collapsed", "DF901", message, cause, look)
        diagnosis.confidence = "likely"
        return diagnosis

    def _fastest(self) -> LayerLook | None:
        """The layer whose weights moved most (relative to their size) at the last finite look."""
        for look in reversed(self.looks):
            moved = [layer for layer in look.layers if layer.update_ratio is not None]
            moved = [layer for layer in moved if math.isfinite(layer.update_ratio or 0.0)]
            if moved:
                return max(moved, key=lambda layer: layer.update_ratio or 0.0)
        return None

    def _previous_ratio(self, culprit: LayerLook) -> float | None:
        for look in reversed(self.looks):
            for layer in look.layers:
                if layer.name == culprit.name and layer.update_ratio is not None:
                    if math.isfinite(layer.update_ratio):
                        return layer.update_ratio
        return None

    def _diagnosis(
        self, verdict: str, code: str, message: str, layer: LayerLook | None, look: Look
    ) -> Diagnosis:
        return Diagnosis(
            verdict=verdict,
            code=code,
            message=message,
            layer=layer.name if layer is not None else None,
            site=layer.site if layer is not None else None,
            epoch=look.epoch,
            step=look.step,
        )


def _trend(per_epoch: float) -> str:
    if per_epoch <= 1.0:
        return "it is not growing"
    return f"it grows too slowly to recover ({per_epoch:.2f}x per epoch)"


def _collapse_cause(look: Look) -> LayerLook | None:
    """The first layer whose units are all dead or all constant across the sample; else the
    output layer."""
    for layer in look.layers:
        if (layer.dead is not None and layer.dead >= 1.0) or (
            layer.constant is not None and layer.constant >= 1.0
        ):
            return layer
    return look.layers[-1] if look.layers else None


def _traced(look: Look) -> list[LayerLook]:
    return [layer for layer in look.layers if layer.update_ratio is not None]


def _first_traced(look: Look) -> LayerLook | None:
    return next(iter(_traced(look)), None)


def _frozen_cause(looks: list[Look]) -> LayerLook | None:
    """A cause that cannot undo itself (the probe's): the first layer with weights no longer
    moves and no layer after it moves either, or the first layer whose units are all constant
    on the sample no longer moves either.

    A layer whose units are all constant (dead) on the sample may still be alive on other
    training inputs, and then the layers up to it keep receiving a gradient from those: a
    slow but steady update, not one dying away with the optimizer's momentum. So while any
    layer is constant, the cause is certain only when no constant layer still moves and every
    layer up to the first constant one is settling."""
    look = looks[-1]
    constant = [layer for layer in look.layers if (layer.constant or 0.0) >= 1.0]
    if any(layer.update_ratio is not None and not layer.frozen for layer in constant):
        return None
    if constant:
        upstream = look.layers[: look.layers.index(constant[0]) + 1]
        if not all(_settling(layer, looks) for layer in upstream):
            return None
    first = _first_traced(look)
    # A first layer whose updates round away while a layer after it still moves is not stuck
    # for good: the gradient it gets grows as those layers grow (tiny initial weights).
    if first is not None and first.frozen and all(layer.frozen for layer in _traced(look)):
        return first
    return constant[0] if constant and constant[0].frozen else None


def _settling(layer: LayerLook, looks: list[Look]) -> bool:
    """Its update is zero, or shrank by SETTLING per step or faster over each of the last two
    intervals between looks: right after a collapse every update falls for a while, and only
    one that keeps falling is not fed (a layer without weights settles by itself)."""
    if layer.update_ratio is None or layer.update_ratio == 0.0:
        return True
    ratios = [_ratio_of(look, layer.name) for look in looks[-3:]]
    steps = [look.step for look in looks[-3:]]
    if len(ratios) < 3:
        return False
    for (before, after), (start, end) in zip(
        itertools.pairwise(ratios), itertools.pairwise(steps), strict=True
    ):
        if after == 0.0:
            continue
        if not before or after is None:
            return False
        if (after / before) ** (1.0 / max(end - start, 1)) > SETTLING:
            return False
    return True


def _ratio_of(look: Look, name: str) -> float | None:
    return next((layer.update_ratio for layer in look.layers if layer.name == name), None)


def _frozen_text(layer: LayerLook) -> str:
    moved = f"{layer.update_ratio:.1e}" if layer.update_ratio is not None else "0"
    frozen = (
        f"its weights no longer move ({moved} of their size per step, below {UPDATE_VANISHED:.0e})"
    )
    if layer.constant is not None and layer.constant >= 1.0:
        return f"{_cause_text(layer)}, and {frozen}"
    return f"the first layer {layer.name!r} ({layer.cls}) is frozen: {frozen}"


def _cause_text(layer: LayerLook) -> str:
    where = f"layer {layer.name!r} ({layer.cls})"
    if layer.dead is not None and layer.dead >= 1.0:
        return f"every ReLU unit of {where} outputs 0 for every sampled input (dead)"
    if layer.constant is not None and layer.constant >= 1.0:
        text = f"every unit of {where} outputs the same value for every sampled input"
        if layer.dead is not None and layer.dead >= DEAD_REPORTED:
            text += f" ({layer.dead:.0%} of its ReLU units are dead)"
        return text
    return f"the output {where} barely depends on its input"


def _moved(layer: LayerLook, ratio: float | None) -> str:
    if ratio is None or not math.isfinite(ratio) or ratio <= 0:
        return f"; first in layer {layer.name!r} ({layer.cls})"
    size = f"{ratio:.3g} times its weights' size" if ratio >= 1 else f"{ratio:.1e} of its weights"
    return f"; the largest step moved layer {layer.name!r} ({layer.cls}) by {size} per step"
