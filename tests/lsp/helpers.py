"""Helpers to drive the real server (`python -m defib serve`) over stdio with pytest-lsp's client.

`session(...)` starts one server per test with a chosen client profile (the capabilities
VS Code or Neovim announce) and initialization options, and shuts it down after.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SERVER_COMMAND = [sys.executable, "-m", "defib", "serve"]
CLIENTS = ("visual_studio_code", "neovim")


@contextlib.asynccontextmanager
async def session(
    client_name: str = "visual_studio_code",
    options: dict[str, Any] | None = None,
    root: Path | None = None,
    encodings: list[str] | None = None,
    folders: dict[Path, dict[str, Any]] | None = None,
) -> AsyncIterator[LanguageClient]:
    """A started and initialized server; shut down (shutdown + exit) afterwards.

    `encodings` replaces the position encodings the client offers (preferred first).
    `folders` makes a multi-root workspace: each folder with the `defib` settings the client
    answers for it to `workspace/configuration`."""
    config = ClientServerConfig(server_command=SERVER_COMMAND)
    client = await config.start()
    assert isinstance(client, LanguageClient)
    root = root or EXAMPLES
    workspace_folders = [lsp.WorkspaceFolder(uri=root.as_uri(), name=root.name)]
    if folders:
        workspace_folders = [lsp.WorkspaceFolder(uri=f.as_uri(), name=f.name) for f in folders]
        for folder, settings in folders.items():
            client.set_configuration(settings, section="defib", scope_uri=folder.as_uri())
    capabilities = client_capabilities(client_name)
    if encodings is not None:
        capabilities.general = lsp.GeneralClientCapabilities(
            position_encodings=[lsp.PositionEncodingKind(e) for e in encodings]
        )
    try:
        await client.initialize_session(
            lsp.InitializeParams(
                capabilities=capabilities,
                root_uri=root.as_uri(),
                workspace_folders=workspace_folders,
                initialization_options=options if options is not None else {},
            )
        )
        yield client
        await client.shutdown_session()
    except BaseException:
        # A failed test leaves the server running: stop it hard, or stopping the client hangs.
        server = client._server
        if server is not None and server.returncode is None:
            server.kill()
        raise
    finally:
        await client.stop()


def open_document(client: LanguageClient, path: Path, text: str | None = None) -> str:
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(
                uri=uri,
                language_id="python",
                version=1,
                text=path.read_text() if text is None else text,
            )
        )
    )
    return uri


async def wait_for_diagnostics(
    client: LanguageClient,
    uri: str,
    until: Callable[[Sequence[lsp.Diagnostic]], bool] = lambda _: True,
    timeout: float = 15.0,
) -> list[lsp.Diagnostic]:
    """The next diagnostics published for `uri` that satisfy `until`.

    Callers clear `client.diagnostics[uri]` before the action whose result they wait for.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = client.diagnostics.get(uri)
        if found is not None and until(found):
            return list(found)
        await asyncio.sleep(0.02)
    raise AssertionError(f"no matching diagnostics for {uri}: {client.diagnostics.get(uri)}")


def change(client: LanguageClient, uri: str, version: int, edits: Sequence[lsp.TextEdit]) -> None:
    """Send `edits` as incremental changes (in the order given: apply bottom-up)."""
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                lsp.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)
                for edit in edits
            ],
        )
    )


def apply_text_edits(text: str, edits: Sequence[lsp.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 columns) to `text`, last first."""
    lines = text.splitlines(keepends=True)

    def offset(position: lsp.Position) -> int:
        before = sum(len(line) for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for index, char in enumerate(line):
            if units >= position.character:
                return before + index
            units += 2 if ord(char) > 0xFFFF else 1
        return before + len(line.rstrip("\r\n"))

    ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))
    for edit in reversed(ordered):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
        lines = text.splitlines(keepends=True)
    return text


def sorted_bottom_up(edits: Sequence[lsp.TextEdit]) -> list[lsp.TextEdit]:
    return sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True)
