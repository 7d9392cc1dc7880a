"""The `defib.probe` command through the server: real TensorFlow, a few seconds each."""

from __future__ import annotations

import asyncio
import os
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException

from .helpers import EXAMPLES, open_document, session, wait_for_diagnostics

pytestmark = pytest.mark.asyncio

ONE_UNIT_SOFTMAX = """
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="softmax"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
"""

SLOW_SCRIPT = """
import os, time
from tensorflow import keras
with open({pid_file!r}, "w") as handle:
    handle.write(str(os.getpid()))
time.sleep(120)
"""

TRUSTED = {"workspaceTrusted": True, "settings": {"probe": {"steps": 10}}}


def probe_params(uri: str, line: int | None, token: str | None = None) -> lsp.ExecuteCommandParams:
    return lsp.ExecuteCommandParams(
        command="defib.probe", arguments=[{"uri": uri, "line": line}], work_done_token=token
    )


async def test_an_untrusted_workspace_is_refused() -> None:
    async with session() as client:  # no workspaceTrusted: untrusted
        uri = open_document(client, EXAMPLES / "seed_1_learning_rate.py")
        with pytest.raises(JsonRpcException, match="not trusted"):
            await client.workspace_execute_command_async(probe_params(uri, 4))


async def test_a_configuration_change_can_withdraw_trust() -> None:
    async with session(options={"workspaceTrusted": True}) as client:
        uri = open_document(client, EXAMPLES / "seed_1_learning_rate.py")
        client.workspace_did_change_configuration(
            lsp.DidChangeConfigurationParams(settings={"defib": {"workspaceTrusted": False}})
        )
        with pytest.raises(JsonRpcException, match="not trusted"):
            await client.workspace_execute_command_async(probe_params(uri, 4))


async def test_a_configuration_change_cannot_grant_trust() -> None:
    """A project's own settings travel in configuration changes: they must not trust it."""
    async with session() as client:
        uri = open_document(client, EXAMPLES / "seed_1_learning_rate.py")
        client.workspace_did_change_configuration(
            lsp.DidChangeConfigurationParams(settings={"defib": {"workspaceTrusted": True}})
        )
        with pytest.raises(JsonRpcException, match="not trusted"):
            await client.workspace_execute_command_async(probe_params(uri, 4))


@pytest.mark.tensorflow
async def test_a_probe_reports_progress_and_updates_lens_hover_and_diagnostics(
    tmp_path: Path,
) -> None:
    path = tmp_path / "train.py"
    path.write_text(textwrap.dedent(ONE_UNIT_SOFTMAX).lstrip())
    async with session(options=TRUSTED, root=tmp_path) as client:
        uri = open_document(client, path)
        await wait_for_diagnostics(client, uri, lambda found: len(found) > 0)
        client.diagnostics.pop(uri)
        report = await client.workspace_execute_command_async(probe_params(uri, 3))
        assert report["verdict"] == "collapsed", report

        (reports,) = client.progress_reports.values()
        assert isinstance(reports[0], lsp.WorkDoneProgressBegin) and reports[0].cancellable
        assert any(isinstance(r, lsp.WorkDoneProgressReport) for r in reports)
        assert isinstance(reports[-1], lsp.WorkDoneProgressEnd)

        found = await wait_for_diagnostics(
            client, uri, lambda ds: any(d.code == "DF901" for d in ds)
        )
        assert {"DF401", "DF901"} <= {d.code for d in found}
        # A softmax over one unit cannot vary: a confirmed collapse, shown as an error.
        (collapse,) = [d for d in found if d.code == "DF901"]
        assert collapse.severity == lsp.DiagnosticSeverity.Error
        assert collapse.message.startswith("probe (confirmed): ")

        lenses = await client.text_document_code_lens_async(
            lsp.CodeLensParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        )
        assert lenses and lenses[0].command is not None
        assert (
            lenses[0].command.title == "Probe: collapsed: outputs constant, confirmed (probe again)"
        )

        hover = await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(5, 6)
            )
        )
        assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
        assert "gradient norm" in hover.contents.value

        # The next edit drops the probe's results: the lens asks again, DF901 goes.
        client.diagnostics.pop(uri)
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[
                    lsp.TextDocumentContentChangePartial(
                        range=lsp.Range(start=lsp.Position(0, 0), end=lsp.Position(0, 0)),
                        text="# edited\n",
                    )
                ],
            )
        )
        found = await wait_for_diagnostics(client, uri)
        assert "DF901" not in {d.code for d in found}
        lenses = await client.text_document_code_lens_async(
            lsp.CodeLensParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        )
        assert lenses and lenses[0].command is not None
        assert lenses[0].command.title == "▶ Probe model"


@pytest.mark.tensorflow
async def test_the_verdict_arrives_before_the_what_ifs(tmp_path: Path) -> None:
    """The verdict comes as a notification while the what-ifs are tried; the command's result
    is still the complete report, with them."""
    path = tmp_path / "train.py"
    path.write_text(textwrap.dedent(ONE_UNIT_SOFTMAX).lstrip())
    async with session(options=TRUSTED, root=tmp_path) as client:
        events: list[tuple[str, Any]] = []

        @client.feature("defib/probeVerdict")
        def on_verdict(params: Any) -> None:  # (`object` would make pygls pass the client)
            events.append(("verdict", params))

        uri = open_document(client, path)
        await wait_for_diagnostics(client, uri, lambda found: len(found) > 0)
        report = await client.workspace_execute_command_async(probe_params(uri, 3))
        events.append(("result", report))

        assert [kind for kind, _ in events] == ["verdict", "result"], events
        early = _plain(events[0][1])
        assert early["uri"] == uri
        assert early["report"]["verdict"] == report["verdict"] == "collapsed"
        assert early["report"]["metrics"]["loss"] == report["metrics"]["loss"]
        assert early["report"]["what_if"] == []
        assert early["report"]["what_if_pending"] == len(report["what_if"]) >= 1
        assert "what_if_pending" not in report
        assert all("verdict" in tried for tried in report["what_if"])


def _plain(value: Any) -> Any:
    """A custom notification's params as plain JSON values (pygls hands them as objects)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and not hasattr(value, "_asdict"):
        return [_plain(v) for v in value]
    if hasattr(value, "_asdict"):
        return {k: _plain(v) for k, v in value._asdict().items()}
    return {k: _plain(v) for k, v in vars(value).items()}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.tensorflow
@pytest.mark.parametrize("how", ["cancelRequest", "progressCancel", "clientTokenCancel"])
async def test_cancelling_a_probe_ends_its_process_and_the_server_keeps_answering(
    tmp_path: Path, how: str
) -> None:
    pid_file = tmp_path / "pid"
    path = tmp_path / "slow.py"
    path.write_text(textwrap.dedent(SLOW_SCRIPT.format(pid_file=str(pid_file))).lstrip())
    async with session(options=TRUSTED, root=tmp_path) as client:
        uri = open_document(client, path)
        request_id = "probe-to-cancel"
        client_token = "client-token" if how == "clientTokenCancel" else None
        if client_token is not None:
            client.progress_reports[client_token] = []
        pending = asyncio.ensure_future(
            client.protocol.send_request_async(
                lsp.WORKSPACE_EXECUTE_COMMAND,
                probe_params(uri, None, client_token),
                msg_id=request_id,
            )
        )
        deadline = time.monotonic() + 60
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline, "the probe never started the script"
            await asyncio.sleep(0.1)
        pid = int(pid_file.read_text())
        assert _alive(pid)
        if how == "cancelRequest":
            client.protocol.notify("$/cancelRequest", lsp.CancelParams(id=request_id))
        else:
            (token,) = client.progress_reports
            assert token == (client_token or token)
            assert isinstance(client.progress_reports[token][0], lsp.WorkDoneProgressBegin)
            client.window_work_done_progress_cancel(lsp.WorkDoneProgressCancelParams(token=token))
        try:
            result = await asyncio.wait_for(pending, 30)
            assert result["verdict"] == "error"
        except JsonRpcException as error:
            assert "cancel" in str(error).lower()
        deadline = time.monotonic() + 10
        while _alive(pid):
            assert time.monotonic() < deadline, "the probe process outlived its cancellation"
            await asyncio.sleep(0.1)
        hover = await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(0, 0)
            )
        )
        assert hover is None


def _children(pid: int) -> list[str]:
    """Command lines of the processes whose parent is `pid`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            if parent == pid:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    found.append(cmdline.read().replace(b"\0", b" ").decode())
        except (OSError, ValueError, IndexError):
            continue
    return found


@pytest.mark.parametrize("trusted", [True, False])
async def test_warm_on_start_starts_the_worker_only_in_a_trusted_workspace(trusted: bool) -> None:
    options = {"workspaceTrusted": trusted, "settings": {"probe": {"warmOnStart": True}}}
    async with session(options=options) as client:
        assert client._server is not None
        await asyncio.sleep(0.5)
        warm = [c for c in _children(client._server.pid) if "--warm" in c]
        assert bool(warm) == trusted


async def test_no_worker_starts_before_the_first_probe() -> None:
    async with session(options=TRUSTED) as client:
        assert client._server is not None
        uri = open_document(client, EXAMPLES / "seed_1_learning_rate.py")
        await wait_for_diagnostics(client, uri)
        assert _children(client._server.pid) == []
