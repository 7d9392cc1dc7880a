"""The worker's entry: one probe (cold), or a warm process that forks a child per probe.

The Keras backend is the one Keras would choose (`backends.selected()`): the worker imports
that backend's framework and no other.

Protocol, on the private report descriptor, one JSON object per line:
  {"type": "ready", "backend": name, "import": s}  warm worker has imported the backend
  {"type": "started", "pid": n}                    warm worker forked the probe child
  {"type": "progress", "stage": str, "fraction": f}
  {"type": "verdict", "report": {...}}             the verdict, before the what-ifs are tried
                                                   (only when the request has hints): the
                                                   report with "what_if": [] and
                                                   "what_if_pending": the number of hints
  {"type": "report", "report": {...}}              the probe report (architecture.md)
  {"type": "exit", "pid": n, "returncode": n}       warm worker reaped the child (<0: signal)
Requests (warm: one JSON line each on stdin; cold: the last argument) carry
path, line, steps, seed, batch_size, hints, timeout, memory_limit.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import math
import os
import resource
import select
import shutil
import signal
import sys
import tempfile
import time
import tokenize
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from .channel import Channel
from .migration import keras3_hint

if TYPE_CHECKING:
    from . import schema
    from .capture import Capture
    from .confidence import Judgement
    from .data import ProbeData
    from .measure import Measurement


def main(argv: list[str]) -> int:
    fd = int(argv[argv.index("--report-fd") + 1])
    if "--warm" in argv:
        return serve_warm(Channel(fd))
    request = json.loads(argv[-1])
    limit_resources(request)
    channel = Channel(fd)
    probe_once(request, channel, import_seconds=None)
    _finish()
    return 0


def limit_resources(request: dict[str, Any]) -> None:
    """Memory ceiling (address space) and a backstop alarm in case the caller died."""
    memory = request.get("memory_limit")
    if memory:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (int(memory), int(memory)))
    timeout = request.get("timeout")
    if timeout:
        signal.alarm(int(timeout) + 10)


def _finish() -> None:
    """Leave without TensorFlow's slow teardown or the script's atexit handlers."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def serve_warm(channel: Channel) -> int:
    """Import the backend and Keras (no op: a fork after any TensorFlow op deadlocks the
    child), then serve requests.

    Each probe runs in a spare child forked ahead of time. The spare initialises the backend
    and traces a tiny model while the warm worker waits for the request, which halves the
    latency of a probe; a new spare is forked once the previous one has finished.
    """
    from . import backends

    started = time.perf_counter()
    name = backends.selected()
    try:
        importlib.import_module(backends.load(name).FRAMEWORK)
        import keras  # noqa: F401
    except Exception as exc:
        channel.send({"type": "ready", "error": f"{type(exc).__name__}: {exc}"})
        return 3
    channel.send({"type": "ready", "backend": name, "import": time.perf_counter() - started})
    spare = Spare.fork(channel)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        if not spare.hand_over(request):
            spare = Spare.fork(channel)  # the spare died while waiting: start afresh
            if not spare.hand_over(request):
                channel.send({"type": "exit", "pid": spare.pid, "returncode": -1})
                spare = Spare.fork(channel)
                continue
        spare.relay(channel)
        spare = Spare.fork(channel)
    return 0


class Spare:
    """A forked child, warmed up, that runs the next probe when handed its request."""

    def __init__(self, pid: int, request_fd: int, report_fd: int) -> None:
        self.pid = pid
        self.request_fd = request_fd
        self.report_fd = report_fd

    @staticmethod
    def fork(channel: Channel) -> Spare:
        request_read, request_write = os.pipe()
        report_read, report_write = os.pipe()
        # The child's garbage collections then skip the objects it inherits (TensorFlow's and
        # Keras's, some 340,000): Keras's clear_session() at the end of the warm-up collected
        # them all, a second under load, and often while a probe was waiting for the spare.
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the child: fresh session, no access to the warm channel or stdin
            try:
                os.close(request_write)
                os.close(report_read)
                os.setsid()
                _use_temp_folder(Spare.temp_folder(os.getpid()))
                channel.close()
                devnull = os.open(os.devnull, os.O_RDONLY)
                os.dup2(devnull, 0)
                os.close(devnull)
                sys.stdin = open(os.devnull)  # noqa: SIM115
                _spare_child(request_read, report_write)
            finally:
                _finish()
        os.close(request_read)
        os.close(report_write)
        return Spare(pid, request_write, report_read)

    @staticmethod
    def temp_folder(pid: int) -> str:
        """The child's own temp folder (TensorFlow's autograph writes files there), removed
        once the child has been reaped."""
        return os.path.join(tempfile.gettempdir(), f"probe-{pid}")

    def remove_temp_folder(self) -> None:
        shutil.rmtree(Spare.temp_folder(self.pid), ignore_errors=True)

    def hand_over(self, request: dict[str, Any]) -> bool:
        """Give the spare its request; False if it is gone."""
        try:
            os.write(self.request_fd, json.dumps(request).encode())
            os.close(self.request_fd)
            return True
        except OSError:
            with contextlib.suppress(OSError):
                os.close(self.request_fd)
            with contextlib.suppress(OSError):
                os.close(self.report_fd)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.remove_temp_folder()
            return False

    def relay(self, channel: Channel) -> None:
        """Pass the child's messages on, then say how it ended."""
        channel.send({"type": "started", "pid": self.pid})
        with os.fdopen(self.report_fd, "rb") as child_output:
            for raw in child_output:
                try:
                    message = json.loads(raw)
                except ValueError:
                    continue
                channel.send(message)
        _, status = os.waitpid(self.pid, 0)
        self.remove_temp_folder()
        returncode = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        channel.send({"type": "exit", "pid": self.pid, "returncode": returncode})


def _use_temp_folder(folder: str) -> None:
    """Point this process and whatever it starts at `folder` for temporary files."""
    os.makedirs(folder, exist_ok=True)
    tempfile.tempdir = folder
    os.environ["TMPDIR"] = folder


def _spare_child(request_fd: int, report_fd: int) -> None:
    with contextlib.suppress(Exception):
        _warm_up(lambda: bool(select.select([request_fd], [], [], 0)[0]))
    with os.fdopen(request_fd, "rb") as handle:
        data = handle.read()  # until the warm worker closes its end
    if not data:
        return  # the warm worker went away
    request = json.loads(data)
    limit_resources(request)
    probe_once(request, Channel(report_fd), import_seconds=0.0)


def _warm_up(request_waiting: Any) -> None:
    """Initialise the backend and run the probe's own code on a tiny model, then forget it.

    Stops early when a request is already waiting: a probe right after another should not
    wait for a warm-up it would mostly repeat.
    """
    import keras
    import numpy as np

    from . import backends
    from .data import ProbeData, fit_order
    from .measure import run
    from .what_if import fresh_optimizer

    backend = backends.load(keras.backend.backend())
    backend.configure()
    backend.initialise()  # TensorFlow: the eager context (the step a fork cannot survive)
    if request_waiting():
        return
    model = keras.Sequential(
        [keras.Input(shape=(4,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)]
    )
    model.compile(optimizer="adam", loss="mse")
    x = np.zeros((8, 4), np.float32)
    data = ProbeData(x, np.zeros((8,), np.float32), 4, "synthetic")
    if not request_waiting():
        run(keras, backend, model, fresh_optimizer(model), data, 2, lambda layer: None)
    if not request_waiting():
        order = fit_order(8, 4, True)  # Keras's data pipeline: imported and traced once
        if order is not None:
            order.batch(0)
    keras.backend.clear_session()  # layer names start again at "dense"


def error_report(
    path: str,
    kind: schema.ErrorKind,
    message: str,
    file: str | None = None,
    line: int | None = None,
    timings: dict[str, float] | None = None,
) -> schema.ProbeReport:
    """The same report as defib.probe.report.error_report (the worker cannot import defib)."""
    return {
        "verdict": "error",
        "confidence": None,
        "path": path,
        "error": message,
        "error_detail": {
            "kind": kind,
            "message": message,
            "file": file,
            "line": line,
            "output_tail": "",
        },
        "model": None,
        "data": None,
        "metrics": None,
        "findings": [],
        "disagreements": [],
        "what_if": [],
        "timings": timings or {},
    }


def probe_once(request: dict[str, Any], channel: Channel, import_seconds: float | None) -> None:
    path = os.path.abspath(request["path"])
    try:
        report = _probe(request, path, channel, import_seconds)
    except Exception as exc:
        report = error_report(
            path,
            "internal",
            f"the probe failed: {type(exc).__name__}: {exc}\n" + traceback.format_exc(limit=-3),
        )
    channel.send({"type": "report", "report": _json_safe(report)})


def _json_safe(value: Any) -> Any:
    """NaN and infinities become null: the report is strict JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


class Refused(Exception):
    """A stage cannot go on; `report` (an error report) says why."""

    def __init__(self, report: schema.ProbeReport) -> None:
        super().__init__(report.get("error"))
        self.report = report


@dataclass
class Job:
    """One probe request, read once, and what every stage reports to: the caller's channel
    and the timings so far."""

    request: dict[str, Any]  # as sent: the line, cwd, watch and memory limit are read from it
    path: str
    channel: Channel
    seed: int
    steps: int  # asked for; the watch's plan may change it (Judged.steps)
    batch: int
    hints: list[dict[str, Any]]  # the static findings' what-ifs to try
    timings: dict[str, float] = field(default_factory=dict)

    @staticmethod
    def of(request: dict[str, Any], path: str, channel: Channel) -> Job:
        return Job(
            request,
            path,
            channel,
            seed=int(request.get("seed", 0)),
            steps=int(request.get("steps", 30)),
            batch=int(request.get("batch_size", 32)),
            hints=list(request.get("hints") or []),
        )


@dataclass
class Ran:
    """Stage 1's result: the script ran with Keras's fit() and compile() intercepted."""

    keras: Any
    backend: Any
    capture: Capture
    original_fit: Any  # keras.Model.fit as it was before the interception
    started: float  # when the backend's import began (perf_counter)


@dataclass
class Subject:
    """Stage 2's result: the model to probe, compiled and built, and the data to train it on."""

    model: Any
    data: ProbeData
    initial: list[Any]  # the model's weights before any step: the what-ifs start from them
    data_findings: list[schema.Finding]


@dataclass
class Judged:
    """Stage 3's result: the steps measured and what they say."""

    measurement: Measurement
    judgement: Judgement
    model_line: int | None
    steps: int
    longer: dict[str, Any]  # how the what-ifs watch: as long as the verdict did
    progress: Progress  # over the verdict's run and the what-ifs'


def _probe(
    request: dict[str, Any], path: str, channel: Channel, import_seconds: float | None
) -> schema.ProbeReport:
    """The probe's stages in order; a stage that cannot go on ends it with its error report."""
    job = Job.of(request, path, channel)
    try:
        ran = run_script(job, import_seconds)
        subject = choose_subject(job, ran)
        judged = measure(job, ran, subject)
        if job.hints:
            # The verdict first: a caller can show it while the what-ifs re-train the model.
            early = assemble(job, ran, subject, judged, [], dict(job.timings))
            early["what_if_pending"] = len(job.hints)
            channel.send({"type": "verdict", "report": _json_safe(early)})
        what_ifs = try_what_ifs(job, ran, subject, judged)
    except Refused as refused:
        return refused.report
    job.timings["worker_total"] = time.perf_counter() - ran.started
    channel.progress("done", 1.0)
    return assemble(job, ran, subject, judged, what_ifs, job.timings)


def run_script(job: Job, import_seconds: float | None) -> Ran:
    """Compile the script, import the backend, and run the script up to its first fit()."""
    syntax_error = _syntax_error(job.path)
    if syntax_error is not None:
        from .capture import user_location

        raise Refused(
            _script_failed(syntax_error, job.path, job.request, job.timings, user_location)
        )
    started = time.perf_counter()
    job.channel.progress("import", 0.0)
    imported = _import_backend(job.path)
    if isinstance(imported, dict):
        raise Refused(imported)
    keras, backend = imported
    job.timings["backend_import"] = (
        import_seconds if import_seconds is not None else time.perf_counter() - started
    )
    if backend.FRAMEWORK == "tensorflow":
        job.timings["tensorflow_import"] = job.timings["backend_import"]
    if import_seconds is not None:
        job.timings["warm"] = 1.0

    from . import backends
    from . import capture as capture_module

    backend.configure()
    backends.set_random_seed(keras, job.seed)
    capture = capture_module.Capture(script=job.path, target_line=job.request.get("line"))
    interceptors = capture_module.Interceptors(keras, capture)
    original_fit = keras.Model.fit
    job.channel.progress("script", 0.05)
    script_started = time.perf_counter()
    interceptors.install()
    try:
        outcome = capture_module.run_script(job.path, capture, job.request.get("cwd"))
    finally:
        interceptors.remove()
        sys.argv = [job.path]
    if outcome.kind == "finished":
        capture.settle()
    job.timings["script"] = time.perf_counter() - script_started

    if outcome.kind == "raised" and capture.chosen_fit is None:
        raised = outcome.exception
        assert raised is not None
        raise Refused(
            _script_failed(raised, job.path, job.request, job.timings, capture_module.user_location)
        )
    return Ran(keras, backend, capture, original_fit, started)


def choose_subject(job: Job, ran: Ran) -> Subject:
    """The model to probe (the one fit() was called on, else the one at the requested line),
    its data (fit()'s own, else arrays the script made, else synthetic), built, and the data
    checks' findings."""
    from . import capture as capture_module
    from .data import DataError, from_fit, from_module, synthetic
    from .data_checks import check_fit_data
    from .measure import snapshot

    capture = ran.capture
    build_started = time.perf_counter()
    job.channel.progress("build", 0.15)
    data: ProbeData | None
    if capture.chosen_fit is not None:
        model = capture.chosen_fit.model
        try:
            data = from_fit(capture.chosen_fit, ran.original_fit, job.steps, job.batch)
        except DataError as exc:
            raise Refused(error_report(job.path, "data", str(exc), timings=job.timings)) from exc
    else:
        candidates = capture_module.unique(capture.compiled)
        model = capture.select_model(candidates)
        if model is None:
            built = capture_module.unique(capture.models)
            message = (
                "the script builds a Keras model but never compiles it"
                if built
                else "no Keras model found: the script neither builds nor fits one"
            )
            if capture.target_line is not None:
                message += f" (looked around line {capture.target_line})"
            raise Refused(error_report(job.path, "no_model", message, timings=job.timings))
        data = from_module(model, capture.module_globals, job.batch, model.loss)
        if data is None:
            try:
                data = synthetic(model, model.loss, job.batch, job.seed)
            except DataError as exc:
                raise Refused(
                    error_report(job.path, "data", str(exc), timings=job.timings)
                ) from exc
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        raise Refused(
            error_report(
                job.path,
                "no_model",
                "the model is not compiled (no optimizer or loss)",
                capture.lines.get(id(model), (None, None))[0],
                capture.line_of(model),
                job.timings,
            )
        )
    data = _as_float32(data)
    try:
        if not model.built or not model.weights:
            model(_first_rows(data.x))
    except Exception as exc:
        raise Refused(
            error_report(
                job.path,
                "data",
                f"the model cannot be called on the data: {type(exc).__name__}: {exc}",
                timings=job.timings,
            )
        ) from exc
    initial = snapshot(model)
    data_findings = [finding.to_json() for finding in check_fit_data(model, data, capture)]
    job.timings["build"] = time.perf_counter() - build_started
    return Subject(model, data, initial, data_findings)


class Progress:
    """The probe's progress over its runs: the verdict's, then one per what-if."""

    def __init__(self, channel: Channel, steps: int, runs: int) -> None:
        self.channel, self.steps, self.runs = channel, steps, runs

    def on_step(self, run_index: int) -> Callable[[int], None]:
        def report_step(step: int) -> None:
            if step % 5 == 4:
                done = min(1.0, (step + 1) / self.steps)
                fraction = 0.25 + 0.75 * (run_index + done) / self.runs
                self.channel.progress("probe", fraction)

        return report_step


def measure(job: Job, ran: Ran, subject: Subject) -> Judged:
    """Train the model for the probe's steps (longer when they cannot tell), measuring every
    layer, and judge the verdict and its confidence."""
    from . import confidence
    from .measure import run
    from .outputs import name_in_findings
    from .verdict import WATCH_LONGER, inconclusive, settled
    from .watch import plan_watch
    from .what_if import fresh_optimizer

    probe_started = time.perf_counter()
    job.channel.progress("probe", 0.25)
    plan = plan_watch(job.steps, WATCH_LONGER, subject.data.planned_steps)
    steps = plan.steps
    progress = Progress(job.channel, steps, 1 + len(job.hints))
    longer: dict[str, Any] = {}
    watch = job.request.get("watch_longer", True)
    if watch:
        # "always" watches every model for the full length: for benchmarks of the rules.
        if watch == "always":
            longer = {"watch_longer": lambda _m: True, "max_steps": plan.max_steps}
        else:
            longer = {
                "watch_longer": inconclusive,
                "settled": settled,
                "max_steps": plan.max_steps,
            }
    try:
        measurement = run(
            ran.keras,
            ran.backend,
            subject.model,
            fresh_optimizer(subject.model),
            subject.data,
            steps,
            ran.capture.line_of,
            progress.on_step(0),
            **longer,
        )
    except Exception as exc:
        failed = error_report(
            job.path,
            "data",
            f"training step failed on the data: {type(exc).__name__}: {exc}",
            timings=job.timings,
        )
        failed["findings"] = subject.data_findings  # often why the step failed
        raise Refused(failed) from exc
    model_line = ran.capture.line_of(subject.model)
    judgement = confidence.judge(measurement, model_line, job.path)
    name_in_findings(judgement.findings, measurement.outputs, judgement.verdict)
    job.timings["probe"] = time.perf_counter() - probe_started
    return Judged(measurement, judgement, model_line, steps, longer, progress)


def try_what_ifs(job: Job, ran: Ran, subject: Subject, judged: Judged) -> list[schema.WhatIfResult]:
    """Re-probe the model from its first weights once per static hint, with the change the
    hint's finding suggests, judged like the verdict."""
    from . import backends, confidence
    from .measure import run
    from .what_if import NotMeasurable, build_variant

    started = time.perf_counter()
    keras, model = ran.keras, subject.model
    what_ifs: list[schema.WhatIfResult] = []
    for run_index, hint in enumerate(job.hints, start=1):
        spec = cast("schema.WhatIfSpec", hint.get("what_if") or {"kind": "", "value": None})
        entry: schema.WhatIfResult = {
            "code": hint.get("code"),
            "line": hint.get("line"),
            "what_if": spec,
        }
        try:
            variant = build_variant(keras, model, subject.initial, spec, ran.capture.line_of)
            entry["change"] = variant.change
            try:
                backends.set_random_seed(keras, job.seed)
                trial = run(
                    keras,
                    ran.backend,
                    variant.model,
                    variant.optimizer,
                    variant.data_for(subject.data),
                    judged.steps,
                    lambda layer: None,
                    judged.progress.on_step(run_index),
                    **judged.longer,
                )
            finally:
                if variant.restore is not None:
                    variant.restore()
            tried = confidence.judge(trial, judged.model_line, job.path)
            entry["verdict"], entry["confidence"] = tried.verdict, tried.confidence
            entry["spread_ratio_end"] = trial.spread_end
            entry["loss_end"] = trial.losses[-1] if trial.losses else None
        except NotMeasurable as exc:
            entry["change"] = spec.get("description") or spec["kind"]
            entry["verdict"] = "not_measured"
            entry["reason"] = str(exc)
        except Exception as exc:
            entry.setdefault("change", spec.get("description") or spec["kind"])
            entry["verdict"] = "error"
            entry["reason"] = f"{type(exc).__name__}: {exc}"
        what_ifs.append(entry)
    model.set_weights(subject.initial)
    job.timings["what_if"] = time.perf_counter() - started
    return what_ifs


def assemble(
    job: Job,
    ran: Ran,
    subject: Subject,
    judged: Judged,
    what_ifs: list[schema.WhatIfResult],
    timings: dict[str, float],
) -> schema.ProbeReport:
    """The report (schema.ProbeReport) from the stages' results, with `timings` as given."""
    from .disagreements import disagreements
    from .verdict import projected_spread
    from .watch import whole_training

    keras, model, data = ran.keras, subject.model, subject.data
    measurement, judgement = judged.measurement, judged.judgement
    return {
        "verdict": judgement.verdict,
        "confidence": judgement.confidence,
        "path": job.path,
        "error": None,
        "backend": keras.backend.backend(),
        "backend_version": _version(ran.backend.FRAMEWORK),
        "keras_version": getattr(keras, "__version__", None),
        "model": {
            "name": model.name,
            "class": type(model).__name__,
            "line": judged.model_line,
            "layers": [
                trace.to_json() for trace in sorted(measurement.layers, key=lambda t: t.index)
            ],
        },
        "data": {
            "source": data.source,
            "x_shape": list(_shape(data.x)),
            "y_shape": list(_shape(data.y)),
            "batch_size": min(data.batch_size, data.size),
        },
        "metrics": {
            "steps": measurement.steps,
            "loss": [*measurement.losses],
            "loss_finite": measurement.loss_finite,
            "spread_ratio_start": measurement.spread_start,
            "spread_ratio_end": measurement.spread_end,
            "watched_longer_from": measurement.base_steps,
            "spread_ratio_at_watch": measurement.spread_base,
            "watch_history": [point.to_json() for point in measurement.history],
            "planned_steps": measurement.planned_steps,
            "whole_training": whole_training(measurement.steps, measurement.planned_steps),
            "projected": _projected(
                projected_spread(measurement),
                measurement.planned_steps,
                measurement.history[-1].spread if measurement.history else math.inf,
            ),
            "outputs": [output.to_json() for output in measurement.outputs],
        },
        "findings": [finding.to_json() for finding in judgement.findings] + subject.data_findings,
        "disagreements": disagreements(job.hints, measurement),
        "what_if": what_ifs,
        "models_seen": ran.capture.models_seen(model),
        "notes": ran.capture.notes(model) + _initialisation_notes(judged, job.seed),
        "timings": timings,
    }


def _initialisation_notes(judged: Judged, seed: int) -> list[str]:
    """A collapse that dead ReLU units explain holds for the weights the probe drew: the
    script's own run draws others. (A course script's four-layer ReLU head died on 2 of 6
    seeds and trained on the others.) Not so for a layer that starts all zero."""
    judgement, layers = judged.judgement, judged.measurement.layers
    if judgement.verdict != "collapsed" or not any(f.code == "DF904" for f in judgement.findings):
        return []
    if any(trace.kernel_norm_start == 0.0 for trace in layers):
        return []
    return [
        f"whether ReLU units die depends on the initial weights: the probe drew them with seed"
        f" {seed}, and a run with other weights may collapse the same way or train"
        f" (defib probe --seed {seed + 1} tries other weights)"
    ]


def _import_backend(path: str) -> tuple[Any, Any] | schema.ProbeReport:
    """Keras and the probe's module for the backend Keras chooses, importing that backend's
    framework only (a JAX or PyTorch probe never imports TensorFlow); else an error report."""
    from . import backends

    if os.environ.get("TF_USE_LEGACY_KERAS", "").lower() in ("1", "true", "yes"):
        return _unsupported_backend(path, "tf_keras (legacy Keras 2, TF_USE_LEGACY_KERAS)")
    name = backends.selected()
    if name not in backends.SUPPORTED:
        return _unsupported_backend(path, name)
    backend = backends.load(name)
    try:
        importlib.import_module(backend.FRAMEWORK)
    except ImportError as exc:
        if name == "tensorflow":
            return error_report(
                path,
                "tensorflow_missing",
                f"TensorFlow is not installed in {sys.executable} ({exc}); install it there"
                " (pip install tensorflow) or choose another interpreter",
            )
        return error_report(
            path,
            "backend_missing",
            f"the Keras backend is {name!r} (from {backends.where_selected()}) but {name} is"
            f" not installed in {sys.executable} ({exc}); install it there"
            f" ({backends.INSTALL[name]}), or choose another backend"
            " (KERAS_BACKEND=tensorflow|jax|torch, or defib probe --backend)",
        )
    try:
        import keras
    except Exception as exc:
        kind: schema.ErrorKind = "tensorflow_missing" if name == "tensorflow" else "backend_missing"
        return error_report(path, kind, f"Keras failed to import: {exc}")
    if keras.backend.backend() != name:
        return _unsupported_backend(path, str(keras.backend.backend()))
    return keras, backend


def _version(module_name: str) -> str | None:
    module = sys.modules.get(module_name)
    return str(getattr(module, "__version__", "")) or None


def _unsupported_backend(path: str, backend: str) -> schema.ProbeReport:
    return error_report(
        path,
        "unsupported_backend",
        f"Keras backend is {backend!r}; the probe supports: tensorflow, jax, torch"
        " (set KERAS_BACKEND to one of them)",
    )


def _syntax_error(path: str) -> SyntaxError | None:
    """Compile the script first: one that cannot run is refused before TensorFlow's import,
    which takes seconds. Anything else unreadable is left for the run to report."""
    try:
        with tokenize.open(path) as handle:
            compile(handle.read(), path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        return exc
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return None


def _script_failed(
    exc: BaseException,
    path: str,
    request: dict[str, Any],
    timings: dict[str, float],
    locate: Any,
) -> schema.ProbeReport:
    """The error report for a script that raised (or exited) before handing over a model."""
    file, line = locate(exc, path)
    where = f" at {os.path.basename(file)}:{line}" if file else ""
    if isinstance(exc, SystemExit):
        return error_report(
            path,
            "script_exit",
            f"the script called sys.exit({exc.code!r}){where} before fit()",
            file,
            line,
            timings,
        )
    if isinstance(exc, MemoryError):
        return error_report(
            path,
            "out_of_memory",
            f"the script ran out of memory{where} (limit {request.get('memory_limit')} bytes)",
            file,
            line,
            timings,
        )
    message = f"the script raised {type(exc).__name__}: {exc}{where}"
    hint = keras3_hint(exc, lambda: getattr(sys.modules.get("keras"), "__version__", None))
    if hint is not None:
        message += f". {hint}"
    return error_report(path, "script_raised", message, file, line, timings)


def _shape(structure: Any) -> tuple[int, ...]:
    from .data import first_array

    return tuple(int(d) for d in first_array(structure).shape)


def _first_rows(structure: Any) -> Any:
    import numpy as np

    from .data import take

    return take(structure, np.arange(2))


def _as_float32(data: Any) -> Any:
    import numpy as np

    def cast(structure: Any) -> Any:
        if isinstance(structure, dict):
            return {k: cast(v) for k, v in structure.items()}
        if isinstance(structure, (list, tuple)):
            return type(structure)(cast(v) for v in structure)
        array = np.asarray(structure)
        return array.astype(np.float32) if array.dtype == np.float64 else array

    data.x = cast(data.x)
    data.y = cast(data.y)
    return data


def _projected(
    projection: tuple[int, float] | None, planned_steps: int | None, last_spread: float
) -> schema.Projection | None:
    if projection is None:
        return None
    step, spread = projection
    if spread >= last_spread:
        # A growing spread extrapolated over a long training says nothing (1e21 at step 130,000
        # for a regression that reached its targets' spread): the projection is shown only
        # where it heads down, which is what a verdict reads it for.
        return None
    # planned: the step is where the script's own fit() ends, not the default horizon
    return {"step": step, "spread_ratio": spread, "planned": planned_steps is not None}
