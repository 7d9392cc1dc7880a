"""JSON-RPC conformance pygls 2 leaves to the server, and the link to the editor's process.

- `$/cancelRequest` reaches a running probe (pygls only cancels requests not yet started).
- A request whose params cannot be read gets an InvalidParams (-32602) reply; pygls logs and
  drops it, leaving the client waiting forever.
- A request after `shutdown` gets an InvalidRequest (-32600) reply instead of silence.
- `BoundedStdin` skips a body too large to hold instead of dying of MemoryError, and finds
  the next header after a frame whose body could not be delimited.
- `watch_parent` ends the server when the editor that started it (initialize's `processId`)
  is gone, even if its pipe stays open.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol

if TYPE_CHECKING:
    from defib.lsp.server import DefibServer

log = logging.getLogger(__name__)

INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
REQUEST_FAILED = -32803  # LSP RequestFailed
MAX_BODY = 64 << 20  # bytes; the largest document we analyse is far smaller
MAX_HEADER_LINE = 64 << 10
_CHUNK = 1 << 20


class DefibProtocol(LanguageServerProtocol):
    _server: DefibServer

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException:
            if isinstance(data, dict) and "id" in data and "method" in data:
                self._send_response(
                    data["id"],
                    error=lsp.ResponseError(
                        code=INVALID_PARAMS, message=f"invalid params for {data['method']}"
                    ),
                )
            raise

    def handle_message(self, message: Any) -> None:
        method = getattr(message, "method", None)
        msg_id = getattr(message, "id", None)
        if self._shutdown and method not in (None, lsp.EXIT) and msg_id is not None:
            self._send_response(
                msg_id,
                error=lsp.ResponseError(
                    code=INVALID_REQUEST, message=f"{method}: the server is shutting down"
                ),
            )
            return
        super().handle_message(message)

    def _handle_request(self, msg_id: Any, method_name: str, params: Any) -> None:
        # Command handlers get only the arguments; keep the rest (the client's progress token).
        if method_name == lsp.WORKSPACE_EXECUTE_COMMAND:
            commands = self._server.command_params
            if len(commands) > 64:  # a command that never read its params must not pile up
                commands.clear()
            commands[msg_id] = params
        super()._handle_request(msg_id, method_name, params)

    def _handle_cancel_notification(self, msg_id: Any) -> None:
        self._server.cancel_request(msg_id)
        super()._handle_cancel_notification(msg_id)


class BoundedStdin:
    """stdin as pygls reads it (`readline`, `read`), with bounded lines and bodies."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def readline(self) -> bytes:
        line = self.stream.readline(MAX_HEADER_LINE)
        # A frame without a usable Content-Length leaves its body unread; when that body has no
        # trailing newline the next header is glued to it. Start the line at the header, so the
        # stream falls back in step instead of every later frame being read wrongly.
        header = line.find(b"Content-Length:")
        return line[header:] if header > 0 else line

    def read(self, size: int) -> bytes:
        if size <= MAX_BODY:
            return self.stream.read(size)
        log.error("skipping a message of %d bytes (over %d)", size, MAX_BODY)
        remaining = size
        while remaining > 0:
            chunk = self.stream.read(min(remaining, _CHUNK))
            if not chunk:
                return b""  # end of input
            remaining -= len(chunk)
        return b"null"  # not a message: logged and dropped, the stream stays in step


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError, IndexError), open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def watch_parent(pid: int, on_gone: Callable[[], None], interval: float = 1.0) -> None:
    """Call `on_gone` (on a daemon thread) once process `pid` no longer runs."""

    def watch() -> None:
        while _alive(pid):
            time.sleep(interval)
        on_gone()

    threading.Thread(target=watch, daemon=True, name="defib-parent-watch").start()
