"""Reads a Measurement and says collapsed / diverged / stalled / healthy, with findings.

Thresholds (see docs/probe.md for how they were measured): the output has collapsed when its
spread across inputs is below SPREAD_COLLAPSED of the target's spread, is not growing back
(less than SPREAD_RECOVERING times its starting spread), and either the first layer barely
moves (update ratio below UPDATE_VANISHED), or its update ratio or gradient norm is below
RELATIVE_VANISHED of the largest layer's (adaptive optimizers such as Adam equalise update
ratios, so a vanishing gradient shows only in the gradient norms), or some layer's units are
all constant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .measure import LayerTrace, Measurement

SPREAD_COLLAPSED = 1e-4
SPREAD_RECOVERING = 3.0
UPDATE_VANISHED = 1e-5
RELATIVE_VANISHED = 1e-3
UPDATE_STILL = 1e-7
DEAD_REPORTED = 0.9


@dataclass
class Finding:
    code: str
    severity: str
    message: str
    line: int | None
    layer: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "layer": self.layer,
        }


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


def _constant_layer(m: Measurement) -> LayerTrace | None:
    for trace in m.layers:
        if trace.constant_end is not None and trace.constant_end >= 1.0:
            return trace
    return None


def _where(trace: LayerTrace | None) -> str:
    if trace is None:
        return "the model"
    return f"layer {trace.name!r} ({trace.cls})"


def decide(m: Measurement, model_line: int | None) -> tuple[str, list[Finding]]:
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
    constant = _constant_layer(m)
    recovering = m.spread_end > 0 and m.spread_end >= SPREAD_RECOVERING * m.spread_start
    collapsed = (
        m.spread_end < SPREAD_COLLAPSED
        and not recovering
        and (vanished or fading or constant is not None)
    ) or m.unreachable is not None

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
        findings.insert(0, _collapsed(m, constant, vanished or fading, first, model_line))
        return "collapsed", findings
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


def _diverged(m: Measurement, model_line: int | None) -> Finding:
    step = next((i for i, ok in enumerate(m.loss_finite) if not ok), None)
    culprit = None
    best = -1.0
    for trace in m.layers:
        for ratio in trace.update_ratios[:-1] or trace.update_ratios:
            if ratio == ratio and ratio > best:  # skip NaN
                best, culprit = ratio, trace
    when = f"at step {step + 1}" if step is not None else "at the end"
    message = f"training diverged: the loss became non-finite {when}"
    if culprit is not None and best > 0:
        message += f"; the largest step moved {_where(culprit)} by {best:.1e} of its weights"
    return Finding(
        "DF902",
        "error",
        message,
        culprit.line if culprit is not None and culprit.line else model_line,
        culprit.name if culprit is not None else None,
    )


def _collapsed(
    m: Measurement,
    constant: LayerTrace | None,
    vanished: bool,
    first: LayerTrace | None,
    model_line: int | None,
) -> Finding:
    spread = f"output spread is {m.spread_end:.1e} of the target's after {m.steps} steps"
    output = m.layers[-1] if m.layers else None
    if output is not None and output.activation == "softmax" and output.units == 1:
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
                why = (
                    f"the ReLU of the output {_where(constant)} clips every prediction to 0"
                    " (targets below zero?)"
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
    else:
        cause = None
        why = "the output does not depend on the input"
    line = cause.line if cause is not None and cause.line else model_line
    return Finding(
        "DF901",
        "error",
        f"constant output confirmed: {why}; {spread}",
        line,
        cause.name if cause is not None else None,
    )
