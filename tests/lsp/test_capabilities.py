"""What the server announces: push diagnostics only, incremental sync, notebooks, the command."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from .helpers import CLIENTS, EXAMPLES, SERVER_COMMAND

pytestmark = pytest.mark.asyncio

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("client_name", CLIENTS)
async def test_capabilities(client_name: str) -> None:
    client = await ClientServerConfig(server_command=SERVER_COMMAND).start()
    assert isinstance(client, LanguageClient)
    capabilities = client_capabilities(client_name)
    # Both recorded profiles predate notebook sync; announce it as VS Code does today.
    capabilities.notebook_document = lsp.NotebookDocumentClientCapabilities(
        synchronization=lsp.NotebookDocumentSyncClientCapabilities()
    )
    try:
        result = await client.initialize_session(
            lsp.InitializeParams(capabilities=capabilities, root_uri=EXAMPLES.as_uri())
        )
        capabilities = result.capabilities
        # Pull diagnostics too would make VS Code show every finding twice.
        assert capabilities.diagnostic_provider is None
        sync = capabilities.text_document_sync
        assert isinstance(sync, lsp.TextDocumentSyncOptions)
        assert sync.change == lsp.TextDocumentSyncKind.Incremental
        assert sync.save
        assert capabilities.execute_command_provider is not None
        assert list(capabilities.execute_command_provider.commands) == [
            "defib.probe",
            "defib.runWithGuard",
        ]
        # VS Code's language client registers the server's commands itself: an extension
        # command of the same name makes its start fail ("command ... already exists").
        manifest = json.loads((ROOT / "package.json").read_text())
        contributed = {entry["command"] for entry in manifest["contributes"]["commands"]}
        assert not contributed & set(capabilities.execute_command_provider.commands)
        assert capabilities.hover_provider and capabilities.code_lens_provider
        actions = capabilities.code_action_provider
        assert isinstance(actions, lsp.CodeActionOptions)
        assert set(actions.code_action_kinds or ()) == {"quickfix", "source.fixAll.defib"}
        notebooks = capabilities.notebook_document_sync
        assert isinstance(notebooks, lsp.NotebookDocumentSyncOptions)
        (selector,) = notebooks.notebook_selector
        assert selector.notebook == "jupyter-notebook"  # type: ignore[union-attr]
        assert result.server_info is not None and result.server_info.name == "defib"
        await client.shutdown_session()
    except BaseException:
        if client._server is not None and client._server.returncode is None:
            client._server.kill()
        raise
    finally:
        await client.stop()


async def test_the_server_is_the_defib_serve_command() -> None:
    assert [sys.executable, "-m", "defib", "serve"] == SERVER_COMMAND
