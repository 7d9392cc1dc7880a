"""Each output of a model with its own target: a model with several outputs is judged by its
least varying output, and every output's spread is reported.

A head that collapses is as fatal to its task as a collapsed single output, however well the
other heads learn, so the verdict reads the worst output; the report lists them all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import quantities
from .data import first_of

if TYPE_CHECKING:
    from . import schema


@dataclass
class OutputSpread:
    """One output's spread relative to its target's, when the probe started and at the end."""

    name: str  # the output's name: its layer's name, or its key in a dict of outputs
    layer: int | None  # the index of the layer producing it, in `model.layers`
    start: float
    end: float = math.nan

    def to_json(self) -> schema.OutputSpread:
        return {
            "name": self.name,
            "layer_index": self.layer,
            "spread_ratio_start": _rounded(self.start),
            "spread_ratio_end": _rounded(self.end),
        }


def _rounded(value: float) -> float | None:
    return float(f"{value:.4g}") if math.isfinite(value) else None


def output_layers(model: Any, layers: list[Any]) -> list[tuple[str, int | None]]:
    """(name, index in `layers`) of each of the model's outputs, in the model's order."""
    found: list[tuple[str, int | None]] = []
    for tensor in list(getattr(model, "outputs", None) or []):
        history = getattr(tensor, "_keras_history", None)
        layer = getattr(history, "operation", None) or getattr(history, "layer", None)
        index = next((i for i, known in enumerate(layers) if known is layer), None)
        found.append((str(getattr(layer, "name", f"output {len(found)}")), index))
    return found


def pairs(prediction: Any, target: Any, named: list[tuple[str, int | None]]) -> list[Any]:
    """(name, layer index, prediction, target) per output, each target matched to its output
    by key or position; a single output takes the whole (first) target."""
    if isinstance(prediction, dict):
        keys = list(prediction)
        return [
            (key, _layer_named(named, key), prediction[key], _target_for(target, key, i, len(keys)))
            for i, key in enumerate(keys)
        ]
    if isinstance(prediction, (list, tuple)) and len(prediction) > 1:
        out = []
        for i, value in enumerate(prediction):
            name, layer = named[i] if i < len(named) else (f"output {i}", None)
            out.append((name, layer, value, _target_for(target, name, i, len(prediction))))
        return out
    name, layer = named[-1] if named else ("output", None)
    return [(name, layer, first_of(prediction), first_of(target))]


def _layer_named(named: list[tuple[str, int | None]], key: str) -> int | None:
    return next((index for name, index in named if name == key), None)


def _target_for(target: Any, name: str, position: int, count: int) -> Any:
    if isinstance(target, dict):
        if name in target:
            return first_of(target[name])
        values = list(target.values())
        return first_of(values[position]) if len(values) == count else first_of(target)
    if isinstance(target, (list, tuple)) and len(target) == count:
        return first_of(target[position])
    return first_of(target)


def spread_ratios(per_output: list[Any], to_numpy: Any) -> list[float]:
    """Each output's spread over its target's (NaN where its values are not finite)."""
    return [
        quantities.output_spread_ratio(to_numpy(value), target)
        for _, _, value, target in per_output
    ]


def worst(ratios: list[float]) -> int:
    """The output that varies least for its target: a non-finite one first."""
    if not ratios:
        return 0
    return min(
        range(len(ratios)), key=lambda i: -math.inf if not math.isfinite(ratios[i]) else ratios[i]
    )


def name_in_findings(findings: list[Any], outputs: list[OutputSpread], verdict: str) -> None:
    """Say which output a collapse is about, when the model has several."""
    if verdict != "collapsed" or len(outputs) < 2:
        return
    judged = outputs[worst([o.end for o in outputs])]
    others = ", ".join(
        f"{o.name!r} {o.end:.2g}" for o in outputs if o is not judged and math.isfinite(o.end)
    )
    for finding in findings:
        if finding.code == "DF901":
            finding.message += (
                f" (in output {judged.name!r}, the least varying of the model's {len(outputs)}"
                f" outputs; the others' spread / target spread: {others or 'not finite'})"
            )
            return
