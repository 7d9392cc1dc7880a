"""The probe report's one definition: the JSON the worker sends, the CLI prints and the
language server returns to the editor.

Everything that reads or writes a report types it with these: the worker builds it (mypy
checks each field against the definitions here), `defib.probe.report` and the language server
read it, and the extension's TypeScript types (`client/src/report/types.ts`) are generated
from this file by `scripts/gen_report_types.py` (a test fails when they are out of date).
`check()` tells a report that does not conform, for the tests that read real ones.

Standard library only, and only the typing module at that: the worker runs in the user's
Python and imports this file for type checking alone.

A field a report may leave out is `NotRequired`; `X | None` is a field that is always there
and may be null. A comment above a field is its documentation, here and in TypeScript.
The definitions with a `class` key are written in the functional form (`class` is a keyword).
"""

from __future__ import annotations

import sys
import types
import typing
from typing import Any, Literal, TypedDict, Union

if sys.version_info >= (3, 11):
    from typing import NotRequired
else:  # only the tests and the type generator import this at run time
    from typing_extensions import NotRequired

Verdict = Literal["collapsed", "diverged", "stalled", "healthy", "inconclusive", "error"]
# How sure a verdict is (docs/probe.md, "Confidence"); `inconclusive` and `error` carry null.
Confidence = Literal["confirmed", "likely"]
Severity = Literal["error", "warning", "info"]
# Why a probe produced no measurement, so callers can react without parsing messages.
ErrorKind = Literal[
    "script_raised",
    "script_exit",
    "killed",
    "timeout",
    "cancelled",
    "out_of_memory",
    "tensorflow_missing",
    "backend_missing",
    "unsupported_backend",
    "no_model",
    "data",
    "interpreter",
    "internal",
]


class InCell(TypedDict):
    """Where a line falls in a notebook: set on located items when a notebook was probed."""

    # The code cell, counted from 1 over every cell of the notebook.
    cell: NotRequired[int | None]
    # The line within that cell, from 1.
    cell_line: NotRequired[int | None]


class Located(InCell):
    """Anything the report places at a line of the script: findings, layers, models."""

    line: int | None


class ErrorDetail(InCell):
    """Why the probe failed, for a report whose verdict is `error`."""

    kind: ErrorKind
    message: str
    # The user's file and line where the script failed, when known.
    file: str | None
    line: int | None
    # The last lines the script printed.
    output_tail: str


class LayerFinal(TypedDict):
    """A layer's measurements at the last step the probe watched."""

    grad_norm: float | None
    # Size of the last update over the size of the weights.
    update_ratio: float | None
    # Share of the layer's units that output zero on every sample input.
    dead_fraction: float | None
    # Share of the layer's units whose output is the same on every sample input.
    constant_fraction: float | None
    dead_fraction_start: float | None
    constant_fraction_start: float | None


LayerReport = TypedDict(
    "LayerReport",
    {
        # Position among the model's layers, from 0.
        "index": int,
        "name": str,
        "class": str,
        # 1-based, like the engine's ranges.
        "line": int | None,
        "activation": str | None,
        "units": int | None,
        # One value per step.
        "grad_norms": list[float | None],
        "update_ratios": list[float | None],
        "final": LayerFinal,
        "kernel_norm_start": float | None,
        "cell": NotRequired[int | None],
        "cell_line": NotRequired[int | None],
    },
)

ModelInfo = TypedDict(
    "ModelInfo",
    {
        "name": str,
        "class": str,
        "line": int | None,
        "layers": list[LayerReport],
        "cell": NotRequired[int | None],
        "cell_line": NotRequired[int | None],
    },
)

# A model the script built or compiled, and what became of its fit().
ModelSeen = TypedDict(
    "ModelSeen",
    {
        "name": str,
        "class": str,
        "line": int | None,
        "probed": bool,
        # "probed", "trained" (it ran for real before the probed one), "skipped", or null.
        "fit": str | None,
        "cell": NotRequired[int | None],
        "cell_line": NotRequired[int | None],
    },
)


class DataInfo(TypedDict):
    """The data the probe trained on."""

    # "fit" (the script's own fit() arguments), "module" (arrays the script made), "synthetic".
    source: str
    x_shape: list[int]
    y_shape: list[int]
    batch_size: int


class WatchPoint(TypedDict):
    """One look during the longer watch."""

    step: int
    spread_ratio: float | None
    loss: float | None
    # Per layer, in the model's order.
    dead_fraction: list[float | None]
    constant_fraction: list[float | None]
    kernel_norm: list[float | None]


class Projection(TypedDict):
    """The output spread at the end of training, at the rate of the last steps."""

    step: int
    spread_ratio: float | None
    # True: `step` is where the script's own fit() ends; false: a default horizon.
    planned: bool


class OutputSpread(TypedDict):
    """One output of the model, judged on its own."""

    name: str
    layer_index: int | None
    spread_ratio_start: float | None
    spread_ratio_end: float | None


class Metrics(TypedDict):
    """What the probe measured over the steps it ran."""

    steps: int
    # One value per step; null where it was not finite.
    loss: list[float | None]
    loss_finite: list[bool]
    # How much the predictions vary across inputs compared with how much the targets vary.
    spread_ratio_start: float | None
    spread_ratio_end: float | None
    # Set when the first steps were inconclusive and the probe watched longer.
    watched_longer_from: int | None
    spread_ratio_at_watch: float | None
    watch_history: list[WatchPoint]
    # Steps the script's own fit() trains for, when it says.
    planned_steps: int | None
    # The probe ran the whole planned training: the verdict is not a projection.
    whole_training: bool
    projected: Projection | None
    outputs: list[OutputSpread]


class Finding(InCell):
    """A finding of the probe: the verdict's cause, or a check of fit()'s data."""

    code: str
    severity: Severity
    message: str
    line: int | None
    # The layer the finding is about, by name.
    layer: str | None
    # "data" for the checks of fit()'s data; absent for the verdict's findings.
    source: NotRequired[str]


class Disagreement(InCell):
    """A static finding the probe's measurement contradicts."""

    code: str | None
    line: int | None
    note: str


class WhatIfSpec(TypedDict):
    """The change a static finding suggests, as the engine describes it."""

    kind: str
    value: Any
    layer_index: NotRequired[int | None]
    layer_line: NotRequired[int | None]
    layer_lines: NotRequired[list[int]]
    description: NotRequired[str | None]


class WhatIfResult(InCell):
    """The model re-probed with one static finding's change."""

    code: str | None
    line: int | None
    what_if: WhatIfSpec
    change: NotRequired[str]
    # A verdict, or "not_measured" / "error" when the change could not be tried.
    verdict: NotRequired[str]
    confidence: NotRequired[Confidence | None]
    spread_ratio_end: NotRequired[float | None]
    loss_end: NotRequired[float | None]
    # Why the change was not measured.
    reason: NotRequired[str]


class NotebookCell(TypedDict):
    cell: int
    # Where the cell starts in the joined source the probe ran (lines are counted in it).
    first_line: int
    line_count: int


class NotebookInfo(TypedDict):
    """A notebook's code cells in the joined source the probe ran."""

    cells: list[NotebookCell]


class ProbeReport(TypedDict):
    """One probe of one model."""

    verdict: Verdict
    # Null for `inconclusive` and `error`.
    confidence: Confidence | None
    path: str
    # The message an editor shows when the verdict is `error`.
    error: str | None
    error_detail: NotRequired[ErrorDetail]
    # The Keras backend the probe ran on ("tensorflow", "jax", "torch") and the versions.
    backend: NotRequired[str]
    backend_version: NotRequired[str | None]
    keras_version: NotRequired[str | None]
    model: ModelInfo | None
    data: DataInfo | None
    metrics: Metrics | None
    findings: list[Finding]
    disagreements: list[Disagreement]
    what_if: list[WhatIfResult]
    # Only in the verdict sent ahead of the complete report (the worker's "verdict" message,
    # the language server's defib/probeVerdict): how many what-ifs are still being tried.
    what_if_pending: NotRequired[int]
    # When the script builds several models: which one was measured, what ran of the others.
    models_seen: NotRequired[list[ModelSeen]]
    notes: NotRequired[list[str]]
    notebook: NotRequired[NotebookInfo]
    # Seconds per stage of the probe.
    timings: dict[str, float]


def check(value: Any, expected: Any = ProbeReport, where: str = "report") -> list[str]:
    """Where `value` departs from the definition `expected`: a missing or undeclared key, or
    a value of the wrong type. Empty when it conforms."""
    origin = typing.get_origin(expected)
    if typing.is_typeddict(expected):
        if not isinstance(value, dict):
            return [f"{where}: expected an object, got {type(value).__name__}"]
        hints = typing.get_type_hints(expected, include_extras=True)
        problems = [f"{where}.{key}: not in the definition" for key in value if key not in hints]
        for key, hint in hints.items():
            optional = typing.get_origin(hint) is NotRequired
            if key in value:
                (inner,) = typing.get_args(hint) if optional else (hint,)
                problems += check(value[key], inner, f"{where}.{key}")
            elif not optional:
                problems.append(f"{where}.{key}: missing")
        return problems
    if expected is Any:
        return []
    if origin in (Union, types.UnionType):
        allowed = [o for o in typing.get_args(expected) if value is None or o is not type(None)]
        options = [check(value, option, where) for option in allowed]
        return [] if any(not found for found in options) else min(options, key=len)
    if origin is Literal:
        values = typing.get_args(expected)
        return [] if value in values else [f"{where}: {value!r} is not one of {values}"]
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: expected a list, got {type(value).__name__}"]
        (item,) = typing.get_args(expected)
        return [p for i, v in enumerate(value) for p in check(v, item, f"{where}[{i}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{where}: expected an object, got {type(value).__name__}"]
        _, item = typing.get_args(expected)
        return [p for k, v in value.items() for p in check(v, item, f"{where}.{k}")]
    if expected is type(None):
        return [] if value is None else [f"{where}: expected null, got {value!r}"]
    if expected is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else [f"{where}: expected a number, got {value!r}"]
    if expected is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{where}: expected an integer, got {value!r}"]
    if expected in (str, bool):
        ok = isinstance(value, expected)
        return [] if ok else [f"{where}: expected {expected.__name__}, got {value!r}"]
    raise TypeError(f"{where}: no check for {expected!r}")
