"""The server's life over raw stdio: exit codes, requests after shutdown, a dead editor,
unreadable params and oversized frames."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

import pytest

from .helpers import SERVER_COMMAND


class Raw:
    """A minimal JSON-RPC client over the server's stdin/stdout."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            SERVER_COMMAND,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.next_id = 0

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def send_raw(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def request(self, method: str, params: Any = None) -> dict[str, Any]:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.read()
            if message.get("id") == self.next_id and "method" not in message:
                return message

    def read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        length = 0
        while True:
            line = self.process.stdout.readline()
            assert line, "the server closed its output"
            if line.startswith(b"Content-Length:"):
                length = int(line.split(b":")[1])
            elif line == b"\r\n":
                message: dict[str, Any] = json.loads(self.process.stdout.read(length))
                return message

    def initialize(self, process_id: int | None = None) -> None:
        reply = self.request(
            "initialize",
            {"processId": process_id or os.getpid(), "rootUri": None, "capabilities": {}},
        )
        assert "result" in reply
        self.send({"method": "initialized", "params": {}})

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)


@pytest.fixture
def raw() -> Any:
    client = Raw()
    client.initialize()
    yield client
    client.close()


def test_exit_after_shutdown_is_status_zero(raw: Raw) -> None:
    assert raw.request("shutdown")["result"] is None
    raw.send({"method": "exit"})
    assert raw.process.wait(timeout=10) == 0


def test_exit_without_shutdown_is_status_one(raw: Raw) -> None:
    raw.send({"method": "exit"})
    assert raw.process.wait(timeout=10) == 1


def test_a_request_after_shutdown_gets_invalid_request(raw: Raw) -> None:
    raw.request("shutdown")
    reply = raw.request("textDocument/codeLens", {"textDocument": {"uri": "file:///x.py"}})
    assert reply["error"]["code"] == -32600


def test_a_request_with_unreadable_params_gets_invalid_params(raw: Raw) -> None:
    reply = raw.request("textDocument/hover", {"textDocument": {}, "position": {"line": "a"}})
    assert reply["error"]["code"] == -32602
    assert "result" in raw.request(
        "textDocument/codeLens", {"textDocument": {"uri": "file:///x.py"}}
    )


def test_an_oversized_frame_is_skipped_and_the_stream_stays_in_step(raw: Raw) -> None:
    size = (64 << 20) + 10
    raw.send_raw(b"Content-Length: %d\r\n\r\n" % size + b" " * size)
    assert "result" in raw.request(
        "textDocument/codeLens", {"textDocument": {"uri": "file:///x.py"}}
    )


def test_the_server_exits_when_the_editor_process_dies() -> None:
    editor = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3)"])
    client = Raw()
    try:
        client.initialize(process_id=editor.pid)
        editor.wait(timeout=10)
        started = time.monotonic()
        client.process.wait(timeout=10)  # stdin stays open: only the watch can end it
        assert time.monotonic() - started < 5
    finally:
        client.close()
