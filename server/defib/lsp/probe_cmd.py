"""`defib.probe`: probe the model at a line of a saved file (or notebook) on the warm runner,
with the static findings' what-if hints, and publish the report's findings on the document.

The command's result is the complete report. When there are what-ifs to try, the verdict
comes first as a `defib/probeVerdict` notification, `{"uri": ..., "report": ...}`: the report
without the what-ifs, `what_if_pending` saying how many are being tried."""

from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException

from defib.engine import static_hints
from defib.lsp import convert
from defib.lsp.documents import probe_target
from defib.lsp.progress import cancellable, trusted_target
from defib.lsp.protocol import REQUEST_FAILED

if TYPE_CHECKING:
    from defib.lsp.server import DefibServer
    from defib.probe.worker.schema import ProbeReport

PROBE_COMMAND = "defib.probe"
VERDICT_NOTIFICATION = "defib/probeVerdict"


async def probe(ls: DefibServer, *arguments: Any) -> ProbeReport:
    """Probe the model at `line` (0-based; null: the file's) of the file as saved on disk."""
    usage = 'defib.probe expects [{"uri": ..., "line": 0-based or null}]'
    target = trusted_target(ls, arguments, usage)
    uri = target["uri"]
    line = target.get("line")
    line = line + 1 if isinstance(line, int) and not isinstance(line, bool) else None
    path, line = probe_target(ls.workspace, uri, line)
    if not path or not os.path.isfile(path):
        raise JsonRpcException(f"Defib can only probe a saved file, not {uri}", code=REQUEST_FAILED)

    cancel = threading.Event()
    report: ProbeReport = await cancellable(
        ls,
        cancel,
        f"probing {os.path.basename(path)}",
        line,
        lambda cancel, progress: run_probe(ls, path, line, cancel, progress, uri),
    )
    verdict = report.get("verdict")
    ls.log_to_client(logging.INFO, f"Defib probe of {path}: {verdict}")
    key = ls.key_for(uri)
    state = ls.documents.get(key)
    if state is not None and not cancel.is_set():
        model_line = convert._model_line(report)
        state.probe_report = report
        state.probe_lines = tuple(x for x in (model_line, line) if x is not None)
        ls._publish(key, state, state.static)
        workspace = ls.client_capabilities.workspace
        lens = workspace.code_lens if workspace else None
        if lens is not None and lens.refresh_support:
            ls.workspace_code_lens_refresh(None)
    return report


def run_probe(
    ls: DefibServer,
    path: str,
    line: int | None,
    cancel: threading.Event,
    token: lsp.ProgressToken | None,
    uri: str,
) -> ProbeReport:
    """Runs on a worker thread: the static hints, then the probe itself; the verdict goes to
    the client as `defib/probeVerdict` (for `uri`) before the what-ifs are tried."""
    from defib.probe.runner import ProbeRequest

    def on_progress(message: str, fraction: float) -> None:
        if token is not None:
            value = lsp.WorkDoneProgressReport(
                message=message, percentage=max(0, min(100, int(fraction * 100))), cancellable=True
            )
            ls.on_loop(ls.work_done_progress.report, token, value)

    settings = ls.settings
    request = ProbeRequest(
        path=path,
        line=line,
        steps=settings.probe_steps,
        timeout=settings.probe_timeout,
        hints=tuple(static_hints(path, line)),
    )

    def on_verdict(early: ProbeReport) -> None:
        if not cancel.is_set():
            params = {"uri": uri, "report": early}
            ls.on_loop(ls.protocol.notify, VERDICT_NOTIFICATION, params)

    report: ProbeReport = ls.runner().probe(
        request, cancel=cancel, on_progress=on_progress, on_verdict=on_verdict
    )
    return report
