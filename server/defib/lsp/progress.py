"""The workspace commands that run the workspace's code (the probe, a guarded run): their
shared request check, and their work on a worker thread with progress the user can cancel
(`$/cancelRequest` and `window/workDoneProgress/cancel` both stop it)."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams

from defib.lsp.protocol import REQUEST_FAILED
from defib.lsp.settings import UNTRUSTED_MESSAGE

if TYPE_CHECKING:
    from defib.lsp.server import DefibServer

PROGRESS_CREATE_TIMEOUT = 5.0  # seconds


Result = TypeVar("Result")


def trusted_target(ls: DefibServer, arguments: tuple[Any, ...], usage: str) -> dict[str, Any]:
    """The command's first argument, an object with a `uri`; refused in a workspace that is not
    trusted, and `usage` (what the command expects) when the argument is not such an object."""
    if not ls.trusted:
        raise JsonRpcException(UNTRUSTED_MESSAGE, code=REQUEST_FAILED)
    target = arguments[0] if arguments else None
    if not isinstance(target, dict) or not isinstance(target.get("uri"), str):
        raise JsonRpcInvalidParams(usage)
    return target


async def cancellable(
    ls: DefibServer,
    cancel: threading.Event,
    title: str,
    line: int | None,
    work: Callable[[threading.Event, lsp.ProgressToken | None], Result],
) -> Result:
    """Run `work(cancel, progress token)` on a worker thread for the command being handled,
    with cancellable progress: `$/cancelRequest` and `window/workDoneProgress/cancel` both set
    `cancel`, and the progress ends however the work does."""
    msg_id = ls.protocol.msg_id
    ls._cancels[msg_id] = cancel
    params = ls.command_params.pop(msg_id, None)
    token = await start_progress(ls, cancel, title, line, getattr(params, "work_done_token", None))
    try:
        return await asyncio.to_thread(work, cancel, token)
    except asyncio.CancelledError:
        # The loop is ending (the client went away): stop the work, or asyncio.run() waits
        # for its thread until it times out.
        cancel.set()
        raise
    finally:
        ls._cancels.pop(msg_id, None)
        if token is not None:
            ls.work_done_progress.end(token, lsp.WorkDoneProgressEnd(message="done"))
            ls.work_done_progress.tokens.pop(token, None)


async def start_progress(
    ls: DefibServer,
    cancel: threading.Event,
    name: str,
    line: int | None,
    client_token: lsp.ProgressToken | None,
) -> lsp.ProgressToken | None:
    """Begin progress on the client's token, or on one the server creates; None: no progress."""
    token = client_token
    if token is None:
        window = ls.client_capabilities.window
        if window is None or not window.work_done_progress:
            return None
        token = f"defib-probe-{uuid.uuid4()}"
        try:
            # A client that announced progress but never answers must not hold up the probe.
            await asyncio.wait_for(
                ls.work_done_progress.create_async(token), PROGRESS_CREATE_TIMEOUT
            )
        except Exception:
            return None
    what = name if line is None else f"{name}:{line}"
    ls.work_done_progress.begin(
        token,
        lsp.WorkDoneProgressBegin(
            title=f"Defib: {what}", cancellable=True, message="starting", percentage=0
        ),
    )
    future = ls.work_done_progress.tokens.get(token)  # cancelled by window/workDoneProgress/cancel
    if future is not None:
        future.add_done_callback(lambda _: cancel.set())
    return token
