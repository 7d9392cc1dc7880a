"""Fault injection on the real language server (`python -m defib serve`) over raw stdio.

Each test starts a server, does one bad thing to it, and then checks that it still serves:
a fresh document gets its diagnostics and hover answers (`RawServer.still_serves`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from defib.engine import analyse_source
from hypothesis import given, settings
from hypothesis import strategies as st

from .rpc import BUGGY, BUGGY_LINE, HEALTHY, RawServer

pytestmark = pytest.mark.timeout(90)
URI = "file:///tmp/defib-hardening/doc.py"


@pytest.fixture
def server() -> Iterator[RawServer]:
    process = RawServer()
    process.initialize()
    yield process
    process.kill()


def text_document(uri: str = URI) -> dict[str, str]:
    return {"uri": uri}


def at(line: int, character: int) -> dict[str, int]:
    return {"line": line, "character": character}


def whole(line_count: int = 100) -> dict[str, dict[str, int]]:
    return {"start": at(0, 0), "end": at(line_count, 0)}


# --- malformed framing ----------------------------------------------------------------------

VALID_BODY = b'{"jsonrpc": "2.0", "method": "$/ping"}'


@pytest.mark.parametrize(
    "frame",
    [
        pytest.param(b"\r\n" + VALID_BODY + b"\r\n", id="missing-content-length"),
        pytest.param(b"Content-Length: abc\r\n\r\n" + VALID_BODY + b"\r\n", id="non-numeric"),
        pytest.param(b"Content-Length: -5\r\n\r\n" + VALID_BODY + b"\r\n", id="negative"),
        pytest.param(b"Content-Type: text/plain\r\n\r\n" + VALID_BODY + b"\r\n", id="no-length"),
        pytest.param(b"Content-Length: 3\r\n\r\n" + b"{}}", id="short-length"),
        pytest.param(b"Content-Length: 11\r\n\r\n" + b"\xff\xfe\x00garbage!", id="binary-body"),
    ],
)
def test_malformed_header_followed_by_a_newline_is_survived(
    server: RawServer, frame: bytes
) -> None:
    server.send_raw(frame)
    server.still_serves("header")


def test_body_without_length_or_newline_does_not_desynchronise_the_stream(
    server: RawServer,
) -> None:
    server.send_raw(b"Content-Length: abc\r\n\r\n" + VALID_BODY)
    server.still_serves("desync", timeout=5)


def test_huge_content_length_does_not_kill_the_server(server: RawServer) -> None:
    server.send_raw(b"Content-Length: 99999999999\r\n\r\n{")
    time.sleep(1.0)
    assert server.process.poll() is None, server.stderr.decode("utf-8", "replace")[-1500:]


def test_huge_content_length_then_eof_ends_the_server_promptly() -> None:
    """Whatever it does with the length, the server must not hang or balloon."""
    process = RawServer()
    try:
        process.initialize()
        process.send_raw(b"Content-Length: 2000000000\r\n\r\n{")
        time.sleep(1.0)
        if process.process.poll() is None:
            assert process.rss_kib() < 1_000_000, "RSS over 1 GB after a length announcement"
            assert process.process.stdin is not None
            process.process.stdin.close()
        assert_exits(process.process, 10.0)
    finally:
        process.kill()


# --- malformed bodies ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"{not json", id="invalid-json"),
        pytest.param(b"[1, 2, 3]", id="json-array"),
        pytest.param(b'[{"jsonrpc": "2.0", "method": "$/ping"}]', id="batch"),
        pytest.param(b'"just a string"', id="json-string"),
        pytest.param(b"null", id="json-null"),
        pytest.param(b'{"jsonrpc": "2.0"}', id="neither-request-nor-response"),
        pytest.param(b'{"jsonrpc": "2.0", "id": 99, "result": 1}', id="unknown-response"),
        pytest.param(b'{"jsonrpc": "2.0", "id": 7, "method": "no/such"}', id="unknown-method"),
    ],
)
def test_malformed_body_is_survived(server: RawServer, body: bytes) -> None:
    server.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.still_serves("body")


WRONG_PARAMS = [
    ("textDocument/didOpen", {"textDocument": 5}),
    ("textDocument/didOpen", {"textDocument": {"uri": URI, "text": None, "version": "x"}}),
    ("textDocument/didChange", {"textDocument": {"uri": URI}, "contentChanges": "all"}),
    ("textDocument/didChange", [1, 2]),
    ("textDocument/didSave", {"textDocument": None}),
    ("textDocument/didClose", "file:///x.py"),
    ("workspace/didChangeConfiguration", {"settings": [1, {"defib": 3}]}),
    ("workspace/didChangeConfiguration", {"settings": {"defib": {"select": 5, "severity": []}}}),
]
UNSTRUCTURABLE_REQUESTS = [
    ("textDocument/hover", {"textDocument": {"uri": URI}, "position": {"line": "a"}}),
    ("textDocument/hover", {"textDocument": {"uri": URI}, "position": at(-1, -1)}),
    ("textDocument/codeAction", {"textDocument": {"uri": URI}, "range": 3, "context": {}}),
    ("textDocument/codeLens", {}),
]
WRONG_REQUESTS = [
    ("workspace/executeCommand", {"command": "defib.probe", "arguments": "not a list"}),
    ("workspace/executeCommand", {"command": "defib.probe", "arguments": [None, 5]}),
    ("workspace/executeCommand", {"command": "no.such.command"}),
]


@pytest.mark.parametrize(
    ("method", "params"), WRONG_PARAMS, ids=[f"{m}-{i}" for i, (m, _) in enumerate(WRONG_PARAMS)]
)
def test_notification_with_wrong_param_types_is_survived(
    server: RawServer, method: str, params: object
) -> None:
    server.open(URI, BUGGY)
    server.notify(method, params)
    server.still_serves("params")


@pytest.mark.parametrize(
    ("method", "params"),
    WRONG_REQUESTS,
    ids=[f"{m}-{i}" for i, (m, _) in enumerate(WRONG_REQUESTS)],
)
def test_request_with_wrong_param_types_gets_an_error_reply(
    server: RawServer, method: str, params: object
) -> None:
    server.open(URI, BUGGY)
    reply = server.call(method, params)
    assert "error" in reply or "result" in reply, reply
    if "error" in reply:
        assert isinstance(reply["error"].get("code"), int), reply
    server.still_serves("request")


@pytest.mark.parametrize(
    ("method", "params"),
    UNSTRUCTURABLE_REQUESTS,
    ids=[f"{m}-{i}" for i, (m, _) in enumerate(UNSTRUCTURABLE_REQUESTS)],
)
def test_request_with_unstructurable_params_gets_an_error_reply(
    server: RawServer, method: str, params: object
) -> None:
    reply = server.call(method, params, timeout=3)
    assert reply.get("error", {}).get("code") == -32602, reply


# --- document versions and stale edits -------------------------------------------------------


def test_out_of_order_and_duplicate_versions_end_on_the_last_text_sent(
    server: RawServer,
) -> None:
    server.open(URI, HEALTHY, version=5)
    server.replace(URI, BUGGY, version=3)  # older than what is open
    server.replace(URI, BUGGY, version=3)  # duplicate
    server.replace(URI, HEALTHY, version=9)
    server.replace(URI, BUGGY, version=7)  # out of order, but the last one sent
    assert "DF401" in server.codes(URI)
    server.still_serves("versions")


def test_edit_beyond_the_end_of_the_document_is_survived(server: RawServer) -> None:
    server.open(URI, BUGGY)
    server.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": URI, "version": 2},
            "contentChanges": [
                {"range": {"start": at(500, 3), "end": at(900, 0)}, "text": "x = 1\n"},
                {"range": {"start": at(2, 400), "end": at(1, 0)}, "text": "("},  # reversed
                {"range": {"start": at(-3, 0), "end": at(0, -1)}, "text": ""},
            ],
        },
    )
    server.replace(URI, HEALTHY, version=3)
    assert "DF401" not in server.codes(URI)
    server.still_serves("stale")


def test_change_to_an_unopened_document_is_ignored(server: RawServer) -> None:
    server.replace("file:///tmp/defib-hardening/never-opened.py", BUGGY, version=2)
    server.notify("textDocument/didSave", {"textDocument": text_document("file:///nope.py")})
    server.notify("textDocument/didClose", {"textDocument": text_document("file:///nope.py")})
    server.still_serves("unopened-change")


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("textDocument/hover", {"position": at(0, 0)}),
        ("textDocument/codeAction", {"range": whole(), "context": {"diagnostics": []}}),
        ("textDocument/codeLens", {}),
    ],
)
def test_request_on_an_unknown_uri_answers_empty(
    server: RawServer, method: str, params: dict[str, object]
) -> None:
    reply = server.call(method, {"textDocument": text_document("file:///unknown.py"), **params})
    assert "result" in reply, reply
    assert not reply["result"], reply
    server.still_serves("unknown-uri")


def test_thousand_rapid_changes_publish_the_newest_text(server: RawServer) -> None:
    server.open(URI, HEALTHY)
    for version in range(2, 1002):
        server.replace(URI, BUGGY if version % 2 else HEALTHY, version)
    server.replace(URI, BUGGY, 1002)
    assert "DF401" in server.codes(URI)
    for version in range(1003, 2003):
        server.replace(URI, HEALTHY if version % 2 else BUGGY, version)
    server.replace(URI, HEALTHY, 2003)
    assert "DF401" not in server.codes(URI)


def test_memory_after_two_thousand_edits_stays_near_memory_after_a_hundred(
    server: RawServer,
) -> None:
    lines = BUGGY.splitlines(keepends=True)

    def edit(version: int) -> None:
        # An incremental edit that alternates the units of the output layer.
        units = "1" if version % 2 else "10"
        old = "10" if version % 2 else "1"
        start = lines[BUGGY_LINE].index("Dense(") + len("Dense(")
        server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": URI, "version": version},
                "contentChanges": [
                    {
                        "range": {
                            "start": at(BUGGY_LINE, start),
                            "end": at(BUGGY_LINE, start + len(old)),
                        },
                        "text": units,
                    }
                ],
            },
        )

    server.open(URI, BUGGY)
    for version in range(2, 102):
        edit(version)
    server.settled_diagnostics(URI)
    after_100 = server.rss_kib()
    for version in range(102, 2102):
        edit(version)
    codes = server.codes(URI)
    after_2000 = server.rss_kib()
    assert "DF401" in codes  # version 2101 is odd: one unit
    assert after_2000 < after_100 * 1.5, f"RSS {after_100} KiB -> {after_2000} KiB"


# --- cancellation ------------------------------------------------------------------------------

CANCELLABLE = [
    ("textDocument/hover", {"textDocument": text_document(), "position": at(BUGGY_LINE, 40)}),
    (
        "textDocument/codeAction",
        {"textDocument": text_document(), "range": whole(), "context": {"diagnostics": []}},
    ),
    ("textDocument/codeLens", {"textDocument": text_document()}),
    ("workspace/executeCommand", {"command": "defib.probe", "arguments": [{"uri": URI}]}),
]


@pytest.mark.parametrize(("method", "params"), CANCELLABLE, ids=[m for m, _ in CANCELLABLE])
def test_cancel_request_gets_a_reply_and_is_survived(
    server: RawServer, method: str, params: dict[str, object]
) -> None:
    server.open(URI, BUGGY)
    request_id = server.request(method, params)
    server.notify("$/cancelRequest", {"id": request_id})
    server.notify("$/cancelRequest", {"id": request_id})  # twice
    server.notify("$/cancelRequest", {"id": 123456})  # unknown
    server.notify("$/cancelRequest", {"id": None})  # malformed
    reply = server.response(request_id)
    assert "result" in reply or "error" in reply, reply
    server.still_serves("cancel")


# --- the client going away -----------------------------------------------------------------------


def assert_exits(process: subprocess.Popen[bytes], seconds: float) -> None:
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        pytest.fail(f"server still running {seconds}s after its client went away")
    # Reaped: no zombie left behind, and no child of it either.
    assert not Path(f"/proc/{process.pid}").exists()


def test_client_vanishing_mid_request_makes_the_server_exit() -> None:
    process = RawServer()
    try:
        process.initialize()
        process.open(URI, BUGGY)
        process.request("textDocument/codeLens", {"textDocument": text_document()})
        process.request(
            "textDocument/hover", {"textDocument": text_document(), "position": at(0, 0)}
        )
        assert process.process.stdin is not None
        process.process.stdin.close()
        assert_exits(process.process, 5.0)
        assert b"Traceback" not in process.stderr, process.stderr.decode("utf-8", "replace")
    finally:
        process.kill()


def test_shutdown_then_exit_ends_the_server_with_status_zero() -> None:
    process = RawServer()
    try:
        process.initialize()
        process.open(URI, BUGGY)
        reply = process.call("shutdown")
        assert reply.get("result", "missing") is None, reply
        process.notify("exit")
        assert process.process.wait(timeout=5) == 0
        assert b"Traceback" not in process.stderr, process.stderr.decode("utf-8", "replace")
    finally:
        process.kill()


def test_exit_without_shutdown_ends_the_server_with_status_one() -> None:
    process = RawServer()
    try:
        process.initialize()
        process.notify("exit")
        assert process.process.wait(timeout=5) == 1  # LSP: exit without shutdown is 1
    finally:
        process.kill()


def test_server_exits_when_the_parent_process_in_initialize_dies() -> None:
    # The parent lives until the handshake is over (a parent that dies on a timer can die
    # before a slow start answers initialize, and the server then rightly never answers).
    parent = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    process = RawServer()
    try:
        process.initialize(process_id=parent.pid)
        assert parent.stdin is not None
        parent.stdin.close()
        parent.wait(timeout=10)
        # stdin stays open (held by this test, as by a crashed editor's orphaned pipe).
        assert_exits(process.process, 8.0)
    finally:
        process.kill()
        if parent.poll() is None:
            os.kill(parent.pid, signal.SIGKILL)


def test_requests_after_shutdown_are_refused_not_crashing(server: RawServer) -> None:
    server.open(URI, BUGGY)
    assert server.call("shutdown").get("result", "missing") is None
    reply = server.call(
        "textDocument/hover", {"textDocument": text_document(), "position": at(0, 0)}, timeout=3
    )
    assert "error" in reply, reply
    server.notify("exit")
    assert server.process.wait(timeout=5) == 0


def test_garbage_stdin_then_eof_ends_the_server_cleanly() -> None:
    """Random bytes, then a body-less frame, then EOF: logged, survived, and a clean exit."""
    process = subprocess.run(
        [sys.executable, "-m", "defib", "serve"],
        input=os.urandom(20_000) + b"\r\n\r\nContent-Length: 2\r\n\r\n{}",
        capture_output=True,
        timeout=30,
    )
    stderr = process.stderr.decode("utf-8", "replace")
    assert process.returncode == 0, stderr[-2000:]
    assert "MemoryError" not in stderr and "RecursionError" not in stderr, stderr[-2000:]


# --- characters outside the BMP and line endings -------------------------------------------------


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_finding_after_astral_characters_is_placed_in_utf16_units(
    server: RawServer, newline: str
) -> None:
    line = '    keras.layers.Dense(1, name="🙂𝔘é", activation="softmax"),'
    text = BUGGY.replace('    keras.layers.Dense(1, activation="softmax"),', line)
    server.open(URI, text.replace("\n", newline))
    found = [d for d in server.settled_diagnostics(URI) if d["code"] == "DF401"]
    assert found, server.diagnostics(URI)[-1:]
    start = utf16_length(line[: line.index('"softmax"')])
    assert found[0]["range"]["start"] == at(BUGGY_LINE, start), found[0]["range"]
    assert found[0]["range"]["end"] == at(BUGGY_LINE, start + len('"softmax"'))


def test_edit_inside_a_surrogate_pair_is_survived(server: RawServer) -> None:
    text = "# 🙂🙂\n" + BUGGY
    server.open(URI, text)
    server.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": URI, "version": 2},
            "contentChanges": [
                {"range": {"start": at(0, 3), "end": at(0, 5)}, "text": "x"},  # splits both
            ],
        },
    )
    assert "DF401" in server.codes(URI)
    server.still_serves("surrogates")


# --- a probe that hangs: cancel it, or lose the client while it runs --------------------------


def hanging_interpreter(directory: Path) -> tuple[Path, Path]:
    """A fake Python that records its pid and then hangs, as a stuck TensorFlow import does."""
    pid_file = directory / "interpreter.pid"
    path = directory / "hanging-python"
    path.write_text(f"#!/bin/sh\necho $$ >> '{pid_file}'\nexec sleep 120\n")
    path.chmod(0o755)
    return path, pid_file


def pids_alive(pid_file: Path) -> list[int]:
    if not pid_file.exists():
        return []
    alive = []
    for pid in {int(x) for x in pid_file.read_text().split()}:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        if "State:\tZ" not in status:
            alive.append(pid)
    return alive


def trusted_server_with_a_hanging_probe(
    tmp_path: Path, probe_timeout: float = 60
) -> tuple[RawServer, int, Path]:
    python, pid_file = hanging_interpreter(tmp_path)
    script = tmp_path / "train.py"
    script.write_text(BUGGY)
    server = RawServer(cwd=tmp_path)
    server.initialize(
        {
            "workspaceTrusted": True,
            "settings": {"interpreter": [str(python)], "probe": {"timeout": probe_timeout}},
        }
    )
    request_id = server.request(
        "workspace/executeCommand",
        {"command": "defib.probe", "arguments": [{"uri": script.as_uri(), "line": None}]},
    )
    deadline = time.monotonic() + 10
    while not pids_alive(pid_file) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert pids_alive(pid_file), "the probe never started the interpreter"
    return server, request_id, pid_file


def test_cancelling_a_hanging_probe_answers_promptly_and_exit_reaps_it(tmp_path: Path) -> None:
    server, request_id, pid_file = trusted_server_with_a_hanging_probe(tmp_path)
    try:
        started = time.monotonic()
        server.notify("$/cancelRequest", {"id": request_id})
        reply = server.response(request_id, timeout=10)
        assert time.monotonic() - started < 5, "cancellation took too long"
        assert "error" in reply or reply["result"]["verdict"] == "error", reply
        server.still_serves("after-cancel")
        assert server.shutdown() == 0
        deadline = time.monotonic() + 5
        while pids_alive(pid_file) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not pids_alive(pid_file), "the interpreter outlived the server"
    finally:
        server.kill()
        for pid in pids_alive(pid_file):
            os.kill(pid, signal.SIGKILL)


def test_client_vanishing_during_a_probe_leaves_no_process_behind(tmp_path: Path) -> None:
    server, _, pid_file = trusted_server_with_a_hanging_probe(tmp_path)
    try:
        assert server.process.stdin is not None
        server.process.stdin.close()
        assert_exits(server.process, 10.0)
        deadline = time.monotonic() + 5
        while pids_alive(pid_file) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not pids_alive(pid_file), "the interpreter outlived the server"
    finally:
        server.kill()
        for pid in pids_alive(pid_file):
            os.kill(pid, signal.SIGKILL)


def test_hanging_interpreter_is_given_up_after_the_probe_timeout(tmp_path: Path) -> None:
    timeout = 3.0
    server, request_id, pid_file = trusted_server_with_a_hanging_probe(tmp_path, timeout)
    # From the interpreter's start, which the timeout counts from: the server's own start-up
    # before the request is not the probe's time.
    started = time.monotonic()
    try:
        reply = server.response(request_id, timeout=30)
        elapsed = time.monotonic() - started
        assert reply["result"]["verdict"] == "error", reply
        assert elapsed < timeout * 1.5 + 1.0, f"answered after {elapsed:.1f}s"
    finally:
        server.kill()
        for pid in pids_alive(pid_file):
            os.kill(pid, signal.SIGKILL)


# --- the server's copy of a document follows random incremental edits ---------------------------


@pytest.fixture(scope="module")
def shared_server() -> Iterator[RawServer]:
    process = RawServer()
    process.initialize()
    yield process
    process.kill()


def utf16_position(text: str, offset: int) -> dict[str, int]:
    before = text[:offset]
    line = before.count("\n")
    column = utf16_length(before[before.rfind("\n") + 1 :])
    return at(line, column)


EDIT_LINES = ("# 🙂 note\n", "\n", "    # x_é = 1  𝔘\n", "#\r\n")


@st.composite
def line_edits(draw: st.DrawFn) -> list[tuple[str, int, str]]:
    """Insert or delete whole lines, or retype the output units: the text always parses."""
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from(("insert", "delete", "units", "append")),
                st.integers(0, 1000),
                st.sampled_from(EDIT_LINES),
            ),
            min_size=1,
            max_size=25,
        )
    )


def apply_line_edit(text: str, kind: str, where: int, line: str) -> tuple[str, int, int, str]:
    """The new text and the replaced span (start, end offsets) with its replacement."""
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    if kind == "append":  # after the astral characters of the original first line, a comment
        end_of_first = text.find("\n", text.find("# é🙂"))
        return text[:end_of_first] + "🙂" + text[end_of_first:], end_of_first, end_of_first, "🙂"
    if kind == "units":
        at_dense = text.find("Dense(1") if "Dense(1," in text else text.find("Dense(10")
        start = at_dense + len("Dense(")
        old = "1" if text[start : start + 2] == "1," else "10"
        new = "10" if old == "1" else "1"
        return text[:start] + new + text[start + len(old) :], start, start + len(old), new
    index = starts[where % len(starts)]
    end = text.find("\n", index) + 1
    code = text[index:end].strip()
    if kind == "insert" or end == 0 or (code and not code.startswith("#")) or "é🙂" in code:
        # Only comments and blank lines are deleted (not the first, which "append" edits).
        return text[:index] + line + text[index:], index, index, line
    return text[:index] + text[end:], index, end, ""


@settings(max_examples=12, deadline=None)
@given(line_edits())
def test_incremental_edits_keep_the_servers_text_in_step(
    shared_server: RawServer, edits: list[tuple[str, int, str]]
) -> None:
    uri = f"file:///tmp/defib-hardening/incremental-{time.monotonic_ns()}.py"
    text = "# é🙂\n" + BUGGY
    shared_server.open(uri, text)
    # The last edit changes a finding, so a text gone wrong on the way shows as stale findings.
    for version, (kind, where, line) in enumerate([*edits, ("units", 0, "")], start=2):
        new, start, end, replacement = apply_line_edit(text, kind, where, line)
        shared_server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [
                    {
                        "range": {
                            "start": utf16_position(text, start),
                            "end": utf16_position(text, end),
                        },
                        "text": replacement,
                    }
                ],
            },
        )
        text = new
    expected = {
        (d.code, d.range.start.line - 1) for d in analyse_source(text, path="x.py").diagnostics
    }
    got = {
        (d["code"], d["range"]["start"]["line"])
        for d in shared_server.settled_diagnostics(uri, quiet=0.6)
    }
    assert got == expected, text
    shared_server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
