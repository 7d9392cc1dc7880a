"""Diagnostics are pushed on open, after incremental edits and on save, for both client profiles."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types as lsp

from .helpers import CLIENTS, EXAMPLES, change, open_document, session, wait_for_diagnostics

pytestmark = pytest.mark.asyncio

SEEDS = [
    ("seed_1_learning_rate.py", "DF101"),
    ("seed_2_vanishing_gradients.py", "DF201"),
    ("seed_3_data_scaling.py", "DF301"),
]


@pytest.mark.parametrize("client_name", CLIENTS)
async def test_each_seed_example_gets_its_code_on_open(client_name: str) -> None:
    async with session(client_name) as client:
        for name, code in SEEDS:
            uri = open_document(client, EXAMPLES / name)
            found = await wait_for_diagnostics(client, uri)
            assert [d.code for d in found] == [code]
            assert all(d.source == "defib" for d in found)


async def test_a_diagnostic_carries_severity_link_and_related_locations() -> None:
    async with session() as client:
        uri = open_document(client, EXAMPLES / "seed_1_learning_rate.py")
        (found,) = await wait_for_diagnostics(client, uri)
        assert found.severity == lsp.DiagnosticSeverity.Warning
        assert found.code_description is not None
        assert found.code_description.href.endswith("DF101.md")
        # `learning_rate=10.0` on line 10 (0-based 9)
        assert found.range.start.line == 9
        assert found.related_information
        assert all(r.location.uri == uri for r in found.related_information)


@pytest.mark.parametrize("client_name", CLIENTS)
async def test_an_incremental_edit_that_removes_the_cause_clears_the_diagnostic(
    client_name: str,
) -> None:
    async with session(client_name) as client:
        uri = open_document(client, EXAMPLES / "seed_1_learning_rate.py")
        (found,) = await wait_for_diagnostics(client, uri)
        # Replace `10.0` with `0.001`, one keystroke at a time would be slower; one edit here.
        change(client, uri, 2, [lsp.TextEdit(range=found.range, new_text="0.001")])
        assert await wait_for_diagnostics(client, uri) == []


async def test_only_the_newest_text_of_fast_typing_is_published() -> None:
    async with session() as client:
        path = EXAMPLES / "seed_3_data_scaling.py"
        uri = open_document(client, path)
        await wait_for_diagnostics(client, uri, lambda found: len(found) == 1)
        published: list[int] = []
        original = client.diagnostics.pop(uri, None)
        assert original is not None
        # Type a comment on a new first line, character by character, faster than the debounce.
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[
                    lsp.TextDocumentContentChangePartial(
                        range=lsp.Range(start=lsp.Position(0, 0), end=lsp.Position(0, 0)),
                        text="\n",
                    )
                ],
            )
        )
        for index, char in enumerate("# typing"):
            client.text_document_did_change(
                lsp.DidChangeTextDocumentParams(
                    text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=3 + index),
                    content_changes=[
                        lsp.TextDocumentContentChangePartial(
                            range=lsp.Range(
                                start=lsp.Position(0, index), end=lsp.Position(0, index)
                            ),
                            text=char,
                        )
                    ],
                )
            )
            await asyncio.sleep(0.02)
        found = await wait_for_diagnostics(client, uri)
        published.append(found[0].range.start.line)
        await asyncio.sleep(0.4)  # nothing older may arrive after the newest
        assert client.diagnostics[uri][0].range.start.line == published[0] == 6


async def test_a_syntax_error_keeps_the_last_good_diagnostics_and_is_not_reported() -> None:
    async with session() as client:
        uri = open_document(client, EXAMPLES / "seed_2_vanishing_gradients.py")
        await wait_for_diagnostics(client, uri)
        end = lsp.Position(16, 0)
        change(
            client, uri, 2, [lsp.TextEdit(range=lsp.Range(start=end, end=end), new_text="def (\n")]
        )
        found = await wait_for_diagnostics(client, uri)
        assert [d.code for d in found] == ["DF201"]


async def test_lint_on_type_off_analyses_on_open_and_save_only() -> None:
    async with session(options={"settings": {"lintOnType": False}}) as client:
        uri = open_document(client, EXAMPLES / "seed_1_learning_rate.py")
        (found,) = await wait_for_diagnostics(client, uri)
        change(client, uri, 2, [lsp.TextEdit(range=found.range, new_text="0.001")])
        await asyncio.sleep(0.5)
        assert uri not in client.diagnostics
        client.text_document_did_save(
            lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        )
        assert await wait_for_diagnostics(client, uri) == []


async def test_non_python_documents_are_ignored() -> None:
    async with session() as client:
        uri = (EXAMPLES / "README.md").as_uri()
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                text_document=lsp.TextDocumentItem(
                    uri=uri, language_id="markdown", version=1, text="import keras\n"
                )
            )
        )
        await asyncio.sleep(0.4)
        assert uri not in client.diagnostics


async def test_closing_a_document_clears_its_diagnostics() -> None:
    async with session() as client:
        uri = open_document(client, EXAMPLES / "seed_1_learning_rate.py")
        await wait_for_diagnostics(client, uri, lambda found: len(found) == 1)
        client.diagnostics.pop(uri)
        client.text_document_did_close(
            lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        )
        assert await wait_for_diagnostics(client, uri) == []
