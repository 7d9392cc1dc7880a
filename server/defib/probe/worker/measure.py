"""A few instrumented training steps on a copy of the optimizer; weights restored afterwards.

Backend-neutral: the backend module (`backends/`) supplies only the traced step.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from . import outputs as model_outputs
from . import quantities
from .data import ProbeData
from .outputs import OutputSpread

if TYPE_CHECKING:
    from . import schema


@dataclass
class LayerTrace:
    index: int
    name: str
    cls: str
    line: int | None
    activation: str | None
    units: int | None
    has_kernel: bool
    grad_norms: list[float] = field(default_factory=list)
    update_ratios: list[float] = field(default_factory=list)
    dead_start: float | None = None
    dead_end: float | None = None
    constant_start: float | None = None
    constant_end: float | None = None
    kernel_norm_start: float | None = None

    def to_json(self) -> schema.LayerReport:
        return {
            "index": self.index,
            "name": self.name,
            "class": self.cls,
            "line": self.line,
            "activation": self.activation,
            "units": self.units,
            "grad_norms": [_round(v) for v in self.grad_norms],
            "update_ratios": [_round(v) for v in self.update_ratios],
            "final": {
                "grad_norm": _round(self.grad_norms[-1]) if self.grad_norms else None,
                "update_ratio": _round(self.update_ratios[-1]) if self.update_ratios else None,
                "dead_fraction": self.dead_end,
                "constant_fraction": self.constant_end,
                "dead_fraction_start": self.dead_start,
                "constant_fraction_start": self.constant_start,
            },
            "kernel_norm_start": _round(self.kernel_norm_start)
            if self.kernel_norm_start is not None
            else None,
        }

    @property
    def typical_update_ratio(self) -> float | None:
        """Median over the second half of the steps (the first steps of Adam are atypical)."""
        return _late_median(self.update_ratios)

    @property
    def typical_grad_norm(self) -> float | None:
        return _late_median(self.grad_norms)


def _late_median(values: list[float]) -> float | None:
    finite = [v for v in values if np.isfinite(v)]
    if not finite:
        return None
    return float(np.median(finite[len(finite) // 2 :]))


Activity = tuple[float | None, float]  # a layer's dead fraction (ReLU only), constant fraction


@dataclass
class Checkpoint:
    """The state of training after `step` steps, taken while the probe watches longer."""

    step: int
    spread: float  # output spread relative to the target's (the judged output's)
    loss: float  # median loss of the last few steps
    dead: list[float | None]  # per layer (ReLU layers only)
    constant: list[float | None]  # per layer: share of units constant across inputs
    kernel_norms: list[float | None]  # per layer
    spreads: list[float] = field(default_factory=list)  # per output of the model

    def to_json(self) -> schema.WatchPoint:
        return {
            "step": self.step,
            "spread_ratio": _round(self.spread),
            "loss": _round(self.loss),
            "dead_fraction": [None if d is None else _round(d) for d in self.dead],
            "constant_fraction": [None if c is None else _round(c) for c in self.constant],
            "kernel_norm": [None if k is None else _round(k) for k in self.kernel_norms],
        }


@dataclass
class Measurement:
    steps: int
    losses: list[float]
    loss_finite: list[bool]
    spread_start: float
    spread_end: float
    layers: list[LayerTrace]
    output_activation: str | None
    output_units: int | None
    seconds: float
    unreachable: str | None = None  # targets beyond the output activation's range
    probabilities: bool | None = None  # the untrained output lies in [0, 1] (rows summing to 1)
    # Set when the first `base_steps` were inconclusive and the probe watched longer: the
    # output spread at that point, to tell a spread that stays put from one that grows.
    base_steps: int | None = None
    spread_base: float | None = None
    # Checkpoints from the first `base_steps` on, while watching longer.
    history: list[Checkpoint] = field(default_factory=list)
    planned_steps: int | None = None  # how long the script's own fit() would train
    # Every output's spread; the fields above describe the least varying one (the verdict
    # reads those), and its layer comes last in `layers`.
    outputs: list[OutputSpread] = field(default_factory=list)

    @property
    def finite(self) -> bool:
        return all(self.loss_finite) and bool(np.isfinite(self.spread_end))


def _round(value: float) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    return float(f"{value:.4g}")


def activation_name(layer: Any) -> str | None:
    activation = getattr(layer, "activation", None)
    if activation is None:
        return None
    name = getattr(activation, "__name__", None) or type(activation).__name__
    return str(name).lower()


def kernel_of(layer: Any) -> Any | None:
    """The layer's main weight matrix: `kernel`-like, else the first weight of rank >= 2."""
    weights = list(getattr(layer, "trainable_weights", []) or [])
    for weight in weights:
        if "kernel" in weight.name or "embeddings" in weight.name:
            return weight
    for weight in weights:
        if len(weight.shape) >= 2:
            return weight
    return None


def watched_layers(model: Any) -> list[Any]:
    try:
        return list(model.layers)
    except Exception:
        return []


class OutputRecorder:
    """Records the output of chosen layers during one eager forward pass."""

    def __init__(self, keras: Any, layers: list[Any]) -> None:
        self.keras = keras
        self.watch = {id(layer) for layer in layers}
        self.outputs: dict[int, np.ndarray] = {}

    def forward(self, model: Any, x: Any) -> Any:
        layer_cls = self.keras.layers.Layer
        to_numpy = self.keras.ops.convert_to_numpy
        original = layer_cls.__dict__["__call__"]
        recorder = self

        def call(layer: Any, *args: Any, **kwargs: Any) -> Any:
            out = original(layer, *args, **kwargs)
            if id(layer) in recorder.watch and id(layer) not in recorder.outputs:
                with contextlib.suppress(Exception):
                    recorder.outputs[id(layer)] = to_numpy(out)
            return out

        layer_cls.__call__ = call
        try:
            return model(x, training=False)  # every output, in the model's structure
        finally:
            layer_cls.__call__ = original


def run(
    keras: Any,
    backend: Any,
    model: Any,
    optimizer: Any,
    data: ProbeData,
    steps: int,
    line_of: Callable[[Any], int | None],
    on_step: Callable[[int], None] | None = None,
    watch_longer: Callable[[Measurement], bool] | None = None,
    settled: Callable[[list[Checkpoint], Measurement], bool] | None = None,
    max_steps: int = 0,
    longer_seconds: float = 5.0,
) -> Measurement:
    """Train `model` for `steps` steps with `optimizer` (a fresh copy) and measure.

    When `watch_longer` says the measurement after `steps` is inconclusive, training goes on
    up to `max_steps` steps (or `longer_seconds`, whichever comes first) before the final
    measurement; the step function is already traced, so the extra steps are cheap. It stops
    at an earlier look when `settled` says training has plainly taken hold there.
    """
    started = time.perf_counter()
    layers = watched_layers(model)
    traces = []
    for index, layer in enumerate(layers):
        units = getattr(layer, "units", None) or getattr(layer, "filters", None)
        traces.append(
            LayerTrace(
                index=index,
                name=layer.name,
                cls=type(layer).__name__,
                line=line_of(layer),
                activation=activation_name(layer),
                units=int(units) if isinstance(units, int) else None,
                has_kernel=kernel_of(layer) is not None,
            )
        )
    x_eval, y_eval = data.evaluation()
    named = model_outputs.output_layers(model, layers)
    with backend.no_gradient():
        start_outputs, per_output = _evaluate(keras, model, layers, x_eval, y_eval, named)
    start_ratios = model_outputs.spread_ratios(per_output, keras.ops.convert_to_numpy)
    output_indices = [len(layers) - 1 if index is None else index for _, index, _, _ in per_output]
    unreachable = [
        _unreachable(layers, start_outputs, position, target)
        for position, (_, _, _, target) in zip(output_indices, per_output, strict=True)
    ]
    probabilities = [
        quantities.probabilities(start_outputs[position]) if position in start_outputs else None
        for position in output_indices
    ]
    _fill_activity(traces, _activity(traces, start_outputs), at_start=True)

    variables = list(model.trainable_variables)
    kernels = [kernel_of(layer) for layer in layers]
    kernel_index = []
    traced_layers = []
    for position, kernel in enumerate(kernels):
        if kernel is None:
            continue
        for i, variable in enumerate(variables):
            if variable is kernel:
                kernel_index.append(i)
                traced_layers.append(position)
                traces[position].kernel_norm_start = float(np.linalg.norm(np.asarray(kernel)))
                break
    optimizer.build(variables)
    step_function = backend.make_step(
        keras, model, optimizer, variables, kernel_index, *data.batch(0)
    )
    losses: list[float] = []
    loss_finite: list[bool] = []

    def train(until: int, deadline: float | None = None) -> None:
        for step in range(len(losses), until):
            x, y = data.batch(step)
            numbers = step_function(x, y)
            value = float(numbers[0])
            losses.append(value)
            loss_finite.append(quantities.finite(value))
            count = len(traced_layers)
            for position, g, r in zip(
                traced_layers, numbers[1 : 1 + count], numbers[1 + count :], strict=False
            ):
                traces[position].grad_norms.append(float(g))
                traces[position].update_ratios.append(float(r))
            if on_step is not None:
                on_step(step)
            if not loss_finite[-1] or (deadline is not None and time.perf_counter() > deadline):
                break

    def measured(
        ratios: list[float],
        base: list[float] | None = None,
        history: list[Checkpoint] | None = None,
    ) -> Measurement:
        judged = model_outputs.worst(ratios)  # the least varying output
        index = per_output[judged][1] if len(per_output) > 1 else None
        ordered = _output_last(traces, index)
        output = layers[index] if index is not None else (layers[-1] if layers else None)
        return Measurement(
            steps=len(losses),
            losses=list(losses),
            loss_finite=list(loss_finite),
            spread_start=start_ratios[judged],
            spread_end=ratios[judged],
            layers=ordered,
            output_activation=activation_name(output) if output is not None else None,
            output_units=ordered[-1].units if ordered else None,
            seconds=time.perf_counter() - started,
            unreachable=unreachable[judged],
            probabilities=probabilities[judged],
            planned_steps=data.planned_steps,
            base_steps=base_steps if base is not None else None,
            spread_base=base[judged] if base is not None else None,
            history=[
                dataclasses.replace(point, spread=point.spreads[judged]) for point in history or []
            ],
            outputs=[
                OutputSpread(name, layer, start, end)
                for (name, layer, _, _), start, end in zip(
                    per_output, start_ratios, ratios, strict=True
                )
            ],
        )

    def checkpoint(ratios_now: list[float], activity: list[Activity | None]) -> Checkpoint:
        return Checkpoint(
            step=len(losses),
            spread=ratios_now[model_outputs.worst(ratios_now)],
            spreads=list(ratios_now),
            loss=float(np.median(losses[-10:])) if losses else float("nan"),
            dead=[a[0] if a is not None else None for a in activity],
            constant=[a[1] if a is not None else None for a in activity],
            kernel_norms=[
                None if kernel is None else float(np.linalg.norm(np.asarray(kernel)))
                for kernel in kernels
            ],
        )

    def evaluate() -> tuple[dict[int, np.ndarray], list[float]]:
        step_function.sync()  # the model's variables hold the trained values
        with backend.no_gradient():
            recorded, now = _evaluate(keras, model, layers, x_eval, y_eval, named)
        return recorded, model_outputs.spread_ratios(now, keras.ops.convert_to_numpy)

    train(steps)
    outputs, ratios = evaluate()
    activity = _activity(traces, outputs)
    _fill_activity(traces, activity, at_start=False)
    base_steps = len(losses)
    first = measured(ratios)
    if (
        watch_longer is not None
        and max_steps > len(losses)
        and all(loss_finite)
        and watch_longer(first)
    ):
        base = ratios
        history = [checkpoint(ratios, activity)]
        deadline = time.perf_counter() + longer_seconds
        for until in watch_points(steps, max_steps):
            train(until, deadline)
            outputs, ratios = evaluate()
            activity = _activity(traces, outputs)
            history.append(checkpoint(ratios, activity))
            if len(losses) < until:  # the loss went non-finite, or time ran out
                break
            if settled is not None and settled(history, first):
                break
        _fill_activity(traces, activity, at_start=False)
        return measured(ratios, base, history)
    return first


def watch_points(steps: int, max_steps: int) -> list[int]:
    """Where a longer watch stops to look: 4x the first steps, then `max_steps` (the verdict
    projects from the last two looks)."""
    return [p for p in (steps * 4,) if p < max_steps] + [max_steps]


def _evaluate(
    keras: Any, model: Any, layers: list[Any], x: Any, y: Any, named: list[Any]
) -> tuple[dict[int, np.ndarray], list[Any]]:
    """Each layer's recorded output, and (name, layer, prediction, target) per model output."""
    recorder = OutputRecorder(keras, layers)
    prediction = recorder.forward(model, x)
    return {
        i: recorder.outputs[id(layer)]
        for i, layer in enumerate(layers)
        if id(layer) in recorder.outputs
    }, model_outputs.pairs(prediction, y, named)


def _unreachable(
    layers: list[Any], recorded: dict[int, np.ndarray], index: int, target: Any
) -> str | None:
    if not layers or index not in recorded:
        return None
    return quantities.unreachable_targets(recorded[index], target, activation_name(layers[index]))


def _output_last(traces: list[LayerTrace], index: int | None) -> list[LayerTrace]:
    """The traces with the judged output's layer last, where the verdict reads the output."""
    if index is None or index == len(traces) - 1:
        return list(traces)
    return [t for t in traces if t.index != index] + [traces[index]]


def _activity(traces: list[LayerTrace], outputs: dict[int, np.ndarray]) -> list[Activity | None]:
    """Per layer, from its recorded outputs: the share of dead ReLU units and of units constant
    across inputs; None where the layer's output is missing or not a float array."""
    activity: list[Activity | None] = []
    for index, trace in enumerate(traces):
        out = outputs.get(index)
        if out is None or out.dtype.kind not in "fc" or out.ndim < 1:
            activity.append(None)
            continue
        relu_like = trace.activation == "relu" or trace.cls == "ReLU"
        dead = quantities.dead_fraction(out) if relu_like else None
        activity.append((dead, quantities.constant_fraction(out)))
    return activity


def _fill_activity(
    traces: list[LayerTrace], activity: list[Activity | None], at_start: bool
) -> None:
    for trace, measured in zip(traces, activity, strict=True):
        if measured is None:
            continue
        if at_start:
            trace.dead_start, trace.constant_start = measured
        else:
            trace.dead_end, trace.constant_end = measured


def snapshot(model: Any) -> list[np.ndarray]:
    return [np.array(w) for w in model.get_weights()]
