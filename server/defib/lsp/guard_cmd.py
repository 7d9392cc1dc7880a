"""`defib.runWithGuard`: run a training script under the guard, in a subprocess the user can
cancel (`python -m defib run --report-json FILE script`), and turn its diagnoses into
diagnostics on the layers' lines."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException
from pygls.uris import to_fs_path

import defib
from defib.lsp import progress
from defib.lsp.protocol import REQUEST_FAILED

if TYPE_CHECKING:
    from defib.lsp.server import DefibServer

GUARD_COMMAND = "defib.runWithGuard"
POLL_SECONDS = 1.0


async def run(ls: DefibServer, *arguments: Any) -> dict[str, Any]:
    """Run the saved file at `uri` as a training script under the guard, in a subprocess,
    with cancellable progress; show the outcome and publish its diagnoses on the file."""
    target = progress.trusted_target(ls, arguments, 'defib.runWithGuard expects [{"uri": ...}]')
    uri = target["uri"]
    path = to_fs_path(uri)
    if not path or not os.path.isfile(path):
        raise JsonRpcException(f"Defib can only run a saved file, not {uri}", code=REQUEST_FAILED)
    name = os.path.basename(path)
    python = ls.settings.interpreter[0] if ls.settings.interpreter else None

    def work(cancel: threading.Event, token: lsp.ProgressToken | None) -> dict[str, Any]:
        def on_progress(message: str) -> None:
            if token is not None:
                report = lsp.WorkDoneProgressReport(message=message, cancellable=True)
                ls.on_loop(ls.work_done_progress.report, token, report)

        return run_script(path, python, cancel, on_progress)

    outcome = await progress.cancellable(
        ls, threading.Event(), f"training {name} with the guard", None, work
    )
    kind, message = summary(name, outcome)
    ls.window_show_message(lsp.ShowMessageParams(type=kind, message=message))
    key = ls.key_for(uri)
    state = ls.documents.get(key)
    if state is not None and outcome.get("outcome") != "cancelled":
        state.guarded = diagnostics(path, outcome)
        ls._publish(key, state, state.static)
    return outcome


def run_script(
    path: str,
    python: str | None,
    cancel: threading.Event,
    on_progress: Callable[[str], None],
) -> dict[str, Any]:
    """Runs on a worker thread until the script ends or `cancel` is set; the `defib run` JSON
    outcome plus the end of the script's stderr."""
    with tempfile.TemporaryDirectory(prefix="defib-guard-") as folder:
        report = os.path.join(folder, "report.json")
        err_path = os.path.join(folder, "stderr.txt")
        command = [python or sys.executable, "-m", "defib", "run", "--report-json", report, path]
        env = dict(os.environ, PYTHONPATH=_with_defib(os.environ.get("PYTHONPATH")))
        with open(err_path, "wb") as err, open(os.devnull, "wb") as out:
            process = subprocess.Popen(
                command,
                cwd=os.path.dirname(path),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                env=env,
                start_new_session=True,  # so cancelling ends the script's own children too
            )
            started = time.monotonic()
            while True:
                try:
                    code = process.wait(timeout=POLL_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    if cancel.is_set():
                        _kill(process)
                        return {"outcome": "cancelled", "diagnoses": []}
                    on_progress(f"training ({time.monotonic() - started:.0f} s)")
        with open(err_path, encoding="utf-8", errors="replace") as handle:
            tail = handle.read()[-4000:]
        outcome = _read_json(report) or {"outcome": "failed", "diagnoses": []}
        outcome.update(exit_code=code, stderr_tail=tail)
        return outcome


def _with_defib(pythonpath: str | None) -> str:
    """PYTHONPATH with this Defib first, for an interpreter that has Keras but not Defib."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(defib.__file__)))
    return os.pathsep.join([root, *([pythonpath] if pythonpath else [])])


def _kill(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.wait()


def _read_json(path: str) -> dict[str, Any] | None:
    import json

    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def summary(name: str, outcome: dict[str, Any]) -> tuple[lsp.MessageType, str]:
    """The message the editor shows when the run ends."""
    kind = outcome.get("outcome")
    diagnoses = outcome.get("diagnoses") or []
    if kind in ("stopped", "diagnosed") and diagnoses:
        first = diagnoses[0]
        verb = "stopped" if kind == "stopped" else "watched"
        where = f" (line {first['line']})" if first.get("line") else ""
        return lsp.MessageType.Error, (
            f"Defib guard {verb} the training of {name} at epoch {first['epoch']:.2f}{where}:"
            f" {first['message']}"
        )
    if kind == "finished" and diagnoses:
        first = diagnoses[0]
        return lsp.MessageType.Warning, (
            f"Defib guard: {name} finished, not stopped; at epoch {first['epoch']:.2f}:"
            f" {first['message']}"
        )
    if kind == "finished":
        return lsp.MessageType.Info, (
            f"Defib guard: {name} finished; no collapse or divergence in"
            f" {outcome.get('fits', 0)} fit() call(s)"
        )
    if kind == "cancelled":
        return lsp.MessageType.Info, f"Defib guard: the training of {name} was cancelled"
    last = [line for line in str(outcome.get("stderr_tail", "")).splitlines() if line.strip()]
    said = f": {last[-1]}" if last else ""
    return lsp.MessageType.Warning, (
        f"Defib guard: {name} ended with exit code {outcome.get('exit_code')}{said}"
    )


def diagnostics(path: str, outcome: dict[str, Any]) -> list[lsp.Diagnostic]:
    """The diagnoses made in `path`, on the line of the layer they name."""
    found = []
    for diagnosis in outcome.get("diagnoses") or []:
        line = diagnosis.get("line")
        if diagnosis.get("file") != path or not isinstance(line, int) or line < 1:
            continue
        found.append(
            lsp.Diagnostic(
                range=lsp.Range(
                    start=lsp.Position(line=line - 1, character=0),
                    end=lsp.Position(line=line, character=0),
                ),
                severity=lsp.DiagnosticSeverity.Warning
                if diagnosis.get("severity") == "warning"
                else lsp.DiagnosticSeverity.Error,
                code=diagnosis.get("code"),
                source="defib guard",
                message=f"{diagnosis['message']} (epoch {diagnosis['epoch']:.2f} of the run)",
            )
        )
    return found
