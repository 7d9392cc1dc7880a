"""Hover explains a finding; a code lens above each model offers to probe it."""

from __future__ import annotations

import pytest
from lsprotocol import types as lsp

from .helpers import CLIENTS, EXAMPLES, open_document, session, wait_for_diagnostics

pytestmark = pytest.mark.asyncio


@pytest.mark.parametrize("client_name", CLIENTS)
async def test_hover_on_a_flagged_range_shows_the_rule_and_its_link(client_name: str) -> None:
    async with session(client_name) as client:
        uri = open_document(client, EXAMPLES / "seed_2_vanishing_gradients.py")
        (found,) = await wait_for_diagnostics(client, uri)
        hover = await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri), position=found.range.start
            )
        )
        assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
        text = hover.contents.value
        assert "**DF201**" in text and "stacked-saturating-activations" in text
        assert "docs/rules/DF201.md" in text


async def test_hover_elsewhere_shows_nothing() -> None:
    async with session() as client:
        uri = open_document(client, EXAMPLES / "seed_2_vanishing_gradients.py")
        await wait_for_diagnostics(client, uri)
        hover = await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(0, 3)
            )
        )
        assert hover is None


async def test_a_lens_above_each_model_offers_a_probe() -> None:
    async with session() as client:
        uri = open_document(client, EXAMPLES / "seed_3_data_scaling.py")
        await wait_for_diagnostics(client, uri)
        lenses = await client.text_document_code_lens_async(
            lsp.CodeLensParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        )
        assert lenses is not None
        (lens,) = lenses
        assert lens.range.start.line == 8  # `model = keras.Sequential([`
        assert lens.command is not None
        assert lens.command.title == "▶ Probe model"
        assert lens.command.command == "defib.probeModelAtCursor"
        assert list(lens.command.arguments or ()) == [{"uri": uri, "line": 8}]
