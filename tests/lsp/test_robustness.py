"""No request, notification or document wedges the server; it exits cleanly."""

from __future__ import annotations

import asyncio
import os

import pytest
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException, JsonRpcMethodNotFound

from .helpers import EXAMPLES, open_document, session, wait_for_diagnostics

pytestmark = pytest.mark.asyncio


async def answers(client: object) -> bool:
    """The server still answers a request."""
    lenses = await client.text_document_code_lens_async(  # type: ignore[attr-defined]
        lsp.CodeLensParams(
            text_document=lsp.TextDocumentIdentifier(uri=(EXAMPLES / "absent.py").as_uri())
        )
    )
    return not lenses


async def test_an_unknown_method_gets_method_not_found() -> None:
    async with session() as client:
        with pytest.raises(JsonRpcMethodNotFound):
            await client.protocol.send_request_async("defib/noSuchMethod", {})
        client.protocol.notify("defib/noSuchNotification", {})
        assert await answers(client)


async def test_bad_command_arguments_are_an_error_not_a_crash() -> None:
    async with session(options={"workspaceTrusted": True}) as client:
        for arguments in ([42], [], [{"uri": "untitled:Untitled-1", "line": 0}]):
            with pytest.raises(JsonRpcException):
                await client.workspace_execute_command_async(
                    lsp.ExecuteCommandParams(command="defib.probe", arguments=arguments)
                )
        assert await answers(client)


async def test_requests_about_unknown_documents_are_answered_empty() -> None:
    async with session() as client:
        uri = (EXAMPLES / "never_opened.py").as_uri()
        hover = await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(0, 0)
            )
        )
        assert hover is None
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                range=lsp.Range(start=lsp.Position(0, 0), end=lsp.Position(9, 0)),
                context=lsp.CodeActionContext(diagnostics=[]),
            )
        )
        assert not actions


async def test_hostile_text_is_analysed_without_harm() -> None:
    async with session() as client:
        for index, text in enumerate(
            ["import keras\n\x00\n", "import keras\n" + "(" * 5000, "\ud800", "keras" * 10000]
        ):
            uri = open_document(client, EXAMPLES / f"hostile_{index}.py", text)
            await wait_for_diagnostics(client, uri)
        assert await answers(client)


def _rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


async def test_memory_stays_flat_over_thousands_of_edits() -> None:
    async with session(options={"settings": {"debounceMs": 0}}) as client:
        assert client._server is not None
        pid = client._server.pid
        path = EXAMPLES / "seed_1_learning_rate.py"
        base = path.read_text()
        uri = open_document(client, path, base)
        await wait_for_diagnostics(client, uri)

        async def edit_burst(start: int, count: int) -> None:
            for version in range(start, start + count):
                client.text_document_did_change(
                    lsp.DidChangeTextDocumentParams(
                        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                        content_changes=[
                            lsp.TextDocumentContentChangeWholeDocument(
                                text=base.replace("10.0", f"{version}.0")
                                + f"\nextra_{version} = {version}\n"
                            )
                        ],
                    )
                )
                if version % 50 == 0:
                    await asyncio.sleep(0.05)

        await edit_burst(2, 500)
        await asyncio.sleep(1.0)
        before = _rss_kib(pid)
        await edit_burst(502, 2000)
        client.diagnostics.pop(uri, None)
        await wait_for_diagnostics(client, uri)
        await asyncio.sleep(1.0)
        after = _rss_kib(pid)
        assert after - before < 40_000, (before, after)


async def test_shutdown_and_exit_end_the_process_with_status_zero() -> None:
    async with session() as client:
        server = client._server
        assert server is not None
    assert server.returncode == 0
    assert not os.path.exists(f"/proc/{server.pid}/status")
