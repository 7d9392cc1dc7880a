"""A minimal JSON-RPC client over raw stdio bytes, so tests can send what no library would.

`RawServer` starts `python -m defib serve`, frames messages itself (`send`) or writes any
bytes (`send_raw`), reads every message the server writes on a thread, answers the server's
own requests with `null`, and keeps stderr for assertions.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SERVER = [sys.executable, "-m", "defib", "serve"]

# One unit under softmax is always 1.0: DF401 on the Dense line. HEALTHY has ten units.
BUGGY = (
    "from tensorflow import keras\n"
    "model = keras.Sequential([\n"
    "    keras.Input(shape=(4,)),\n"
    '    keras.layers.Dense(8, activation="relu"),\n'
    '    keras.layers.Dense(1, activation="softmax"),\n'
    "])\n"
    'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")\n'
)
HEALTHY = BUGGY.replace("Dense(1, ", "Dense(10, ")
BUGGY_LINE = 4  # 0-based line of the one-unit softmax


class RawServer:
    def __init__(
        self,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        args: list[str] | None = None,
    ) -> None:
        self.process = subprocess.Popen(
            args or SERVER,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
        )
        self.messages: list[dict[str, Any]] = []
        self.stderr = bytearray()
        self._cond = threading.Condition()
        self._next_id = 0
        self._write_lock = threading.Lock()
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    # -- transport ----------------------------------------------------------------------

    def _read_stdout(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            if length is None:
                continue
            body = stream.read(length)
            try:
                message = json.loads(body)
            except ValueError:
                message = {"unparseable": body.decode("utf-8", "replace")}
            if isinstance(message, dict) and "method" in message and "id" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            with self._cond:
                self.messages.append(message)
                self._cond.notify_all()

    def _read_stderr(self) -> None:
        stream = self.process.stderr
        assert stream is not None
        for chunk in iter(lambda: stream.read1(65536), b""):
            self.stderr += chunk

    def send_raw(self, data: bytes) -> None:
        assert self.process.stdin is not None
        with self._write_lock:
            self.process.stdin.write(data)
            self.process.stdin.flush()

    def send(self, message: Any) -> None:
        body = json.dumps(message).encode("utf-8")
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    # -- JSON-RPC -------------------------------------------------------------------------

    def request(self, method: str, params: Any = None) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": self._next_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return self._next_id

    def notify(self, method: str, params: Any = None) -> None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 15.0, start: int = 0
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for message in self.messages[start:]:
                    if predicate(message):
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (self.process.poll() is not None and not remaining):
                    raise TimeoutError(
                        f"no matching message in {timeout}s; last: {self.messages[-3:]}; "
                        f"stderr: {self.stderr[-2000:].decode('utf-8', 'replace')}"
                    )
                self._cond.wait(min(remaining, 0.2))

    def response(self, request_id: int, timeout: float = 15.0) -> dict[str, Any]:
        return self.wait_for(
            lambda m: m.get("id") == request_id and "method" not in m, timeout=timeout
        )

    def call(self, method: str, params: Any = None, timeout: float = 15.0) -> dict[str, Any]:
        return self.response(self.request(method, params), timeout)

    def initialize(
        self, options: dict[str, Any] | None = None, process_id: int | None = None
    ) -> dict[str, Any]:
        reply = self.call(
            "initialize",
            {
                "processId": process_id if process_id is not None else os.getpid(),
                "rootUri": None,
                "capabilities": {
                    "textDocument": {"publishDiagnostics": {"versionSupport": True}},
                    "window": {"workDoneProgress": True},
                },
                "initializationOptions": options or {},
            },
            timeout=30,
        )
        assert "result" in reply, reply
        self.notify("initialized", {})
        return reply

    # -- documents -------------------------------------------------------------------------

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "python",
                    "version": version,
                    "text": text,
                }
            },
        )

    def replace(self, uri: str, text: str, version: int) -> None:
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            },
        )

    def diagnostics(self, uri: str) -> list[list[dict[str, Any]]]:
        """Every diagnostics publication for `uri`, oldest first."""
        with self._cond:
            return [
                m["params"]["diagnostics"]
                for m in self.messages
                if m.get("method") == "textDocument/publishDiagnostics"
                and m.get("params", {}).get("uri") == uri
            ]

    def settled_diagnostics(
        self, uri: str, quiet: float = 1.0, timeout: float = 30.0
    ) -> list[dict[str, Any]]:
        """The last publication for `uri` once none has arrived for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        seen, since = -1, time.monotonic()
        while time.monotonic() < deadline:
            count = len(self.diagnostics(uri))
            if count != seen:
                seen, since = count, time.monotonic()
            elif count and time.monotonic() - since >= quiet:
                return self.diagnostics(uri)[-1]
            time.sleep(0.1)
        raise TimeoutError(f"diagnostics for {uri} did not settle: {self.diagnostics(uri)[-1:]}")

    def codes(self, uri: str) -> set[str]:
        return {d.get("code") for d in self.settled_diagnostics(uri)}

    def still_serves(self, tag: str, timeout: float = 20.0) -> None:
        """After a fault: a fresh document gets diagnostics, and hover answers."""
        uri = f"file:///tmp/defib-hardening/{tag}-{time.monotonic_ns()}.py"
        start = len(self.messages)
        self.open(uri, BUGGY)
        published = self.wait_for(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and any(d.get("code") == "DF401" for d in m["params"]["diagnostics"])
            ),
            timeout=timeout,
            start=start,
        )
        assert published
        reply = self.call(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": BUGGY_LINE, "character": 40}},
        )
        assert "result" in reply, reply
        assert reply["result"] and "DF401" in json.dumps(reply["result"]), reply

    # -- lifecycle ---------------------------------------------------------------------------

    def shutdown(self, timeout: float = 10.0) -> int:
        with contextlib.suppress(Exception):
            self.call("shutdown", timeout=timeout)
            self.notify("exit")
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self.kill()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            with contextlib.suppress(Exception):
                assert stream is not None
                stream.close()

    def rss_kib(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")
