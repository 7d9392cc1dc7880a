"""Caller side of the probe: runs the worker in the user's interpreter, in its own session.

Stdlib only (no TensorFlow): the language server and the CLI import this. The report comes
back on an inherited pipe whose descriptor number only the worker learns, while the script's
stdout/stderr go to another pipe of which we keep the last lines for error messages.

Two ways to run:
- cold: one worker process per probe (pays the TensorFlow import, a few seconds);
- warm (`ProbeRunner.warm()`): a worker that has imported TensorFlow, but run no TF op,
  forks a fresh child per probe (a fork after any op deadlocks the child).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from defib.probe.notebook import VerdictCallback, probing
from defib.probe.report import ProbeError, error_report

if TYPE_CHECKING:
    from defib.probe.worker.schema import ProbeReport

WORKER_ENTRY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "worker", "entry.py")
DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY_LIMIT = 4 << 30  # address space; TensorFlow alone maps about 1 GiB
OUTPUT_TAIL_BYTES = 16_384
_POLL = 0.05

ProgressCallback = Callable[[str, float], None]


@dataclass(frozen=True)
class ProbeRequest:
    """What to probe. `line` is 1-based (the model at or around it); `hints` are static
    findings with a `what_if` (the `WhatIf.to_json()` shape) to re-probe with."""

    path: str
    line: int | None = None
    steps: int = 30
    seed: int = 0
    batch_size: int = 32
    timeout: float = DEFAULT_TIMEOUT
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT
    hints: tuple[dict[str, Any], ...] = ()
    python: str | None = None  # interpreter; None: the runner's
    # Keras backend (tensorflow, jax, torch); None: as Keras chooses (KERAS_BACKEND, else
    # keras.json), in the caller's environment.
    backend: str | None = None
    # Up to 10x the steps when the first ones are inconclusive; "always" watches every model
    # that long (benchmarks use it to study the rules).
    watch_longer: bool | str = True
    cwd: str | None = None  # the folder the script runs in; None: its own (see probe/notebook)

    @staticmethod
    def of(value: ProbeRequest | dict[str, Any]) -> ProbeRequest:
        if isinstance(value, ProbeRequest):
            return value
        known = {k: v for k, v in value.items() if k in ProbeRequest.__dataclass_fields__}
        if "hints" in known:
            known["hints"] = tuple(known["hints"] or ())
        return ProbeRequest(**known)

    def worker_json(self) -> str:
        return json.dumps(
            {
                "path": os.path.abspath(self.path),
                "line": self.line,
                "steps": self.steps,
                "seed": self.seed,
                "batch_size": self.batch_size,
                "timeout": self.timeout,
                "memory_limit": self.memory_limit,
                "hints": list(self.hints),
                "watch_longer": self.watch_longer,
                "cwd": self.cwd,
            }
        )


@dataclass
class _Outcome:
    """What came back from one worker run, before it becomes a report."""

    report: ProbeReport | None = None
    returncode: int | None = None
    timed_out: bool = False
    cancelled: bool = False
    worker_died: bool = False
    tail: str = ""
    timings: dict[str, float] = field(default_factory=dict)


class _OutputTail:
    """Drains a pipe continuously (so a chatty script never blocks) and keeps its end."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._buffer = bytearray()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._drain, daemon=True, name="probe-output")
        self._thread.start()

    def _drain(self) -> None:
        while True:
            chunk = self._stream.read1(65536) if hasattr(self._stream, "read1") else b""
            if not chunk:
                return
            with self._lock:
                self._buffer += chunk
                if len(self._buffer) > OUTPUT_TAIL_BYTES:
                    del self._buffer[: len(self._buffer) - OUTPUT_TAIL_BYTES]

    def reset(self) -> None:
        with self._lock:
            self._buffer.clear()

    def text(self) -> str:
        with self._lock:
            return self._buffer.decode("utf-8", "replace")

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)


class _Messages:
    """JSON lines from the report descriptor, onto a queue; None marks end of stream."""

    def __init__(self, fd: int) -> None:
        self.queue: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._file = os.fdopen(fd, "rb")
        threading.Thread(target=self._read, daemon=True, name="probe-report").start()

    def _read(self) -> None:
        try:
            for raw in self._file:
                try:
                    message = json.loads(raw)
                except ValueError:
                    continue
                if isinstance(message, dict):
                    self.queue.put(message)
        except (OSError, ValueError):
            pass
        finally:
            self.queue.put(None)
            with contextlib.suppress(OSError):
                self._file.close()


def _environment(temp_folder: str, backend: str | None = None) -> dict[str, str]:
    """The worker's environment. `temp_folder` is its own TMPDIR (TensorFlow's autograph
    leaves a file there per traced function), removed when the worker is done; `backend`,
    when given, is the Keras backend (KERAS_BACKEND)."""
    env = dict(os.environ)
    if backend:
        env["KERAS_BACKEND"] = backend
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env["PYTHONUNBUFFERED"] = "1"
    env["TMPDIR"] = temp_folder
    return env


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def run_probe(
    request: ProbeRequest | dict[str, Any],
    cancel: threading.Event | None = None,
    on_progress: ProgressCallback | None = None,
    on_verdict: VerdictCallback | None = None,
) -> ProbeReport:
    """One cold probe: a fresh worker process that imports TensorFlow itself. `on_verdict`,
    when the request has hints, gets the verdict before the what-ifs are tried."""
    return probing(
        ProbeRequest.of(request),
        lambda asked, verdict: _cold(asked, cancel, on_progress, None, verdict),
        on_verdict,
    )


def _cold(
    request: ProbeRequest,
    cancel: threading.Event | None,
    on_progress: ProgressCallback | None,
    python: str | None,
    on_verdict: VerdictCallback | None = None,
) -> ProbeReport:
    started = time.perf_counter()
    path = os.path.abspath(request.path)
    if not os.path.isfile(path):
        return error_report(path, ProbeError("script_raised", f"no such file: {path}"))
    interpreter = request.python or python or sys.executable
    temp_folder = tempfile.mkdtemp(prefix="defib-probe-")
    try:
        return _cold_in(
            request, path, interpreter, temp_folder, cancel, on_progress, on_verdict, started
        )
    finally:
        shutil.rmtree(temp_folder, ignore_errors=True)


def _cold_in(
    request: ProbeRequest,
    path: str,
    interpreter: str,
    temp_folder: str,
    cancel: threading.Event | None,
    on_progress: ProgressCallback | None,
    on_verdict: VerdictCallback | None,
    started: float,
) -> ProbeReport:
    read_end, write_end = os.pipe()
    try:
        process = subprocess.Popen(
            [interpreter, WORKER_ENTRY, "--report-fd", str(write_end), request.worker_json()],
            pass_fds=(write_end,),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=request.cwd or os.path.dirname(path),
            env=_environment(temp_folder, request.backend),
        )
    except OSError as exc:
        os.close(read_end)
        os.close(write_end)
        return error_report(
            path, ProbeError("interpreter", f"cannot start the interpreter {interpreter!r}: {exc}")
        )
    os.close(write_end)
    assert process.stdout is not None
    tail = _OutputTail(process.stdout)
    messages = _Messages(read_end)
    outcome = _Outcome()
    deadline = started + request.timeout
    try:
        stop_reason = _follow(
            messages, outcome, cancel, on_progress, deadline, until="eof", on_verdict=on_verdict
        )
    except BaseException:  # KeyboardInterrupt in the CLI: leave nothing running
        _kill_group(process.pid)
        raise
    if stop_reason:
        _kill_group(process.pid)
    try:
        outcome.returncode = process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        _kill_group(process.pid)
        outcome.returncode = process.wait()
    _kill_group(process.pid)  # whatever the script left running in its session
    tail.join(1.0)
    outcome.tail = tail.text()
    outcome.timings["total"] = time.perf_counter() - started
    return _to_report(path, request, outcome, interpreter)


def _follow(
    messages: _Messages,
    outcome: _Outcome,
    cancel: threading.Event | None,
    on_progress: ProgressCallback | None,
    deadline: float,
    until: str,
    on_started: Callable[[int], None] | None = None,
    on_verdict: VerdictCallback | None = None,
) -> str | None:
    """Read messages until `until` ("eof" or "exit"); returns "timeout"/"cancel" if stopped."""
    while True:
        if cancel is not None and cancel.is_set():
            outcome.cancelled = True
            return "cancel"
        if time.perf_counter() > deadline:
            outcome.timed_out = True
            return "timeout"
        try:
            message = messages.queue.get(timeout=_POLL)
        except queue.Empty:
            continue
        if message is None:
            if until == "exit":
                outcome.worker_died = True
            return None
        kind = message.get("type")
        if kind == "progress" and on_progress is not None:
            # A caller's failing callback must not break the probe.
            with contextlib.suppress(Exception):
                on_progress(str(message.get("stage")), float(message.get("fraction", 0.0)))
        elif (
            kind == "verdict" and on_verdict is not None and isinstance(message.get("report"), dict)
        ):
            with contextlib.suppress(Exception):  # nor must a failing on_verdict
                on_verdict(message["report"])
        elif kind == "report" and isinstance(message.get("report"), dict):
            outcome.report = message["report"]
        elif kind == "started" and on_started is not None:
            on_started(int(message["pid"]))
        elif kind == "exit" and until == "exit":
            outcome.returncode = int(message.get("returncode", 0))
            return None


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _to_report(
    path: str, request: ProbeRequest, outcome: _Outcome, interpreter: str
) -> ProbeReport:
    tail = clean_tail(outcome.tail)
    timings = dict(outcome.timings)
    if outcome.cancelled:
        return error_report(
            path, ProbeError("cancelled", "the probe was cancelled", output_tail=tail), timings
        )
    if outcome.timed_out:
        return error_report(
            path,
            ProbeError(
                "timeout",
                f"the probe did not finish within {request.timeout:g} s and was stopped"
                " (does the script loop, or do slow work before fit()?)",
                output_tail=tail,
            ),
            timings,
        )
    report = outcome.report
    if report is not None:
        report.setdefault("timings", {}).update(timings)
        detail = report.get("error_detail")
        if isinstance(detail, dict):
            detail["output_tail"] = tail
        return report
    code = outcome.returncode
    if code is not None and code < 0:
        name = _signal_name(-code)
        if -code == signal.SIGSEGV:
            message = "the script crashed the interpreter (segmentation fault)"
            kind = "killed"
        elif _looks_out_of_memory(tail) or -code == signal.SIGKILL:
            message = f"the probe was killed by {name}; it probably ran out of memory"
            kind = "out_of_memory" if _looks_out_of_memory(tail) else "killed"
        else:
            message = f"the probe was killed by {name}"
            kind = "killed"
        return error_report(path, ProbeError(kind, message, output_tail=tail), timings)  # type: ignore[arg-type]
    if outcome.worker_died:
        return error_report(
            path,
            ProbeError("killed", "the probe worker died without a report", output_tail=tail),
            timings,
        )
    if _looks_out_of_memory(tail):
        return error_report(
            path,
            ProbeError("out_of_memory", "the probe ran out of memory", output_tail=tail),
            timings,
        )
    if "No module named" in tail and "worker" in tail:
        message = f"the interpreter {interpreter} could not run the probe worker"
        return error_report(path, ProbeError("interpreter", message, output_tail=tail), timings)
    return error_report(
        path,
        ProbeError(
            "script_exit",
            f"the process exited with code {code} before reporting (os._exit() in the script?)",
            output_tail=tail,
        ),
        timings,
    )


# TensorFlow's start-up chatter (absl logs ignore TF_CPP_MIN_LOG_LEVEL before init).
_TENSORFLOW_NOISE = re.compile(
    r"^([IWE]\d{4} [\d:.]+ +\d+ \S+\] .*"
    r"|WARNING: All log messages before absl::InitializeLog\(\) .*"
    r"|To enable the following instructions: .*)$"
)


def clean_tail(text: str) -> str:
    """The script's output without TensorFlow's start-up log lines."""
    return "\n".join(line for line in text.splitlines() if not _TENSORFLOW_NOISE.match(line))


def _looks_out_of_memory(tail: str) -> bool:
    return any(
        marker in tail
        for marker in (
            "MemoryError",
            "std::bad_alloc",
            "Cannot allocate memory",
            "OOM when allocating",
        )
    )


def _remaining(request: ProbeRequest, deadline: float) -> ProbeRequest:
    """The request with the time left before `deadline` as its timeout."""
    return dataclasses.replace(request, timeout=max(deadline - time.perf_counter(), 0.5))


class ProbeRunner:
    """Runs probes for a long-lived caller (the language server) on a warm worker.

    Thread-safe; probes run one at a time. `warm()` returns at once and starts the worker in
    the background; a probe that arrives before it is ready waits for it. A warm worker that
    died or misbehaved is replaced on the next probe.
    """

    def __init__(self, python: str | None = None, backend: str | None = None) -> None:
        self.python = python or sys.executable
        self.backend = backend  # None: as Keras chooses in this environment
        self._lock = threading.Lock()  # one probe at a time
        self._state_lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._messages: _Messages | None = None
        self._tail: _OutputTail | None = None
        self._ready = threading.Event()
        self._failed: str | None = None
        self._closed = False
        self._temp_folder: str | None = None

    # -- warm worker lifecycle -------------------------------------------------------------

    def warm(self) -> None:
        """Start the warm worker in the background (no-op if it is running)."""
        with self._state_lock:
            if self._closed:
                return
            if self._process is not None and self._process.poll() is None:
                return
            self._start_locked()

    def _start_locked(self) -> None:
        self._ready = threading.Event()
        self._failed = None
        # The warm worker's TMPDIR; each probe child takes a folder of its own inside it.
        self._temp_folder = tempfile.mkdtemp(prefix="defib-probe-")
        read_end, write_end = os.pipe()
        try:
            process = subprocess.Popen(
                [self.python, WORKER_ENTRY, "--report-fd", str(write_end), "--warm"],
                pass_fds=(write_end,),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env=_environment(self._temp_folder, self.backend),
            )
        except OSError as exc:
            os.close(read_end)
            os.close(write_end)
            self._remove_temp_folder()
            self._failed = str(exc)
            self._ready.set()
            return
        os.close(write_end)
        assert process.stdout is not None
        self._process = process
        self._tail = _OutputTail(process.stdout)
        self._messages = _Messages(read_end)
        ready = self._ready
        messages = self._messages

        def wait_ready() -> None:
            message = messages.queue.get()
            if message is None or message.get("type") != "ready" or message.get("error"):
                self._failed = "warm worker failed to start" + (
                    f": {message.get('error')}" if message else ""
                )
            ready.set()

        threading.Thread(target=wait_ready, daemon=True, name="probe-warm").start()

    def _stop_locked(self) -> None:
        process = self._process
        self._process = None
        self._messages = None
        if process is None:
            self._remove_temp_folder()
            return
        _kill_group(process.pid)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)
        for stream in (process.stdin, process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        self._remove_temp_folder()

    def _remove_temp_folder(self) -> None:
        if self._temp_folder is not None:
            shutil.rmtree(self._temp_folder, ignore_errors=True)
            self._temp_folder = None

    def close(self) -> None:
        """Stop the warm worker and any probe child it is running."""
        with self._state_lock:
            self._closed = True
            self._stop_locked()

    @property
    def warm_pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    # -- probing ---------------------------------------------------------------------------

    def probe(
        self,
        request: ProbeRequest | dict[str, Any],
        cancel: threading.Event | None = None,
        on_progress: ProgressCallback | None = None,
        on_verdict: VerdictCallback | None = None,
    ) -> ProbeReport:
        """Probe on the warm worker (started if needed); cold when another interpreter is asked.
        A notebook is probed as its code cells joined (probe/notebook.py).

        When the request has hints, `on_verdict` (called on a runner thread, at most once) gets
        the verdict before the what-ifs are tried: the report without them, `what_if_pending`
        saying how many are coming. The returned report is the complete one, as without it."""
        return probing(
            ProbeRequest.of(request),
            lambda asked, verdict: self._probe(asked, cancel, on_progress, verdict),
            on_verdict,
        )

    def _probe(
        self,
        probe_request: ProbeRequest,
        cancel: threading.Event | None,
        on_progress: ProgressCallback | None,
        on_verdict: VerdictCallback | None,
    ) -> ProbeReport:
        if probe_request.backend is None and self.backend:
            probe_request = dataclasses.replace(probe_request, backend=self.backend)
        with self._lock:
            other_python = probe_request.python and probe_request.python != self.python
            other_backend = probe_request.backend and probe_request.backend != self.backend
            if self._closed or other_python or other_backend:
                return _cold(probe_request, cancel, on_progress, self.python, on_verdict)
            self.warm()
            started = time.perf_counter()
            deadline = started + probe_request.timeout
            while not self._ready.wait(_POLL):
                if cancel is not None and cancel.is_set():
                    return error_report(
                        os.path.abspath(probe_request.path),
                        ProbeError("cancelled", "the probe was cancelled"),
                    )
                if time.perf_counter() > deadline:
                    break
            if not self._ready.is_set():
                with self._state_lock:
                    self._stop_locked()
                message = (
                    f"the interpreter {self.python} did not get TensorFlow imported within"
                    f" {probe_request.timeout:g} s (is the import hanging?)"
                )
                return error_report(
                    os.path.abspath(probe_request.path),
                    ProbeError("timeout", message),
                    {"total": time.perf_counter() - started},
                )
            if self._failed:
                # The cold path gives the specific reason (TensorFlow missing, ...), within
                # what is left of this probe's time.
                with self._state_lock:
                    self._stop_locked()
                return _cold(
                    _remaining(probe_request, deadline),
                    cancel,
                    on_progress,
                    self.python,
                    on_verdict,
                )
            report = self._probe_warm(probe_request, cancel, on_progress, on_verdict, deadline)
            report.setdefault("timings", {})["total"] = time.perf_counter() - started
            return report

    def _probe_warm(
        self,
        request: ProbeRequest,
        cancel: threading.Event | None,
        on_progress: ProgressCallback | None,
        on_verdict: VerdictCallback | None,
        deadline: float,
    ) -> ProbeReport:
        path = os.path.abspath(request.path)
        if not os.path.isfile(path):
            return error_report(path, ProbeError("script_raised", f"no such file: {path}"))
        process, messages, tail = self._process, self._messages, self._tail
        assert process is not None and messages is not None and tail is not None
        assert process.stdin is not None
        tail.reset()
        try:
            process.stdin.write((request.worker_json() + "\n").encode())
            process.stdin.flush()
        except OSError:
            with self._state_lock:
                self._stop_locked()
            return _cold(
                _remaining(request, deadline), cancel, on_progress, self.python, on_verdict
            )
        child: list[int] = []
        outcome = _Outcome()
        try:
            stop = _follow(
                messages,
                outcome,
                cancel,
                on_progress,
                deadline,
                until="exit",
                on_started=child.append,
                on_verdict=on_verdict,
            )
        except BaseException:
            if child:
                _kill_group(child[0])
            raise
        if stop:
            if child:
                _kill_group(child[0])
            # The warm worker reaps the child and says so; if it does not, replace it.
            after = _Outcome()
            _follow(messages, after, None, None, time.perf_counter() + 5.0, until="exit")
            if after.returncode is None:
                with self._state_lock:
                    self._stop_locked()
        elif child:
            _kill_group(child[0])  # anything the script left running in its session
        if outcome.worker_died:
            with self._state_lock:
                self._stop_locked()
        outcome.tail = tail.text()
        return _to_report(path, request, outcome, self.python)
