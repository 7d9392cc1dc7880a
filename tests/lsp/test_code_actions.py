"""Quick fixes, noqa and fix-all, applied as the client would: edit, didChange, diagnostics."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from .helpers import (
    CLIENTS,
    EXAMPLES,
    apply_text_edits,
    open_document,
    session,
    wait_for_diagnostics,
)

pytestmark = pytest.mark.asyncio

# Every example with a fixable finding: (file, code).
FIXABLE = [
    ("logits_without_from_logits.py", "DF404"),
    ("mnist_unscaled.py", "DF301"),
    ("one_unit_softmax.py", "DF401"),
    ("one_unit_softmax.py", "DF403"),
    ("seed_1_learning_rate.py", "DF101"),
    ("seed_2_vanishing_gradients.py", "DF201"),
    ("zeros_initializer.py", "DF601"),
]


async def actions_at(
    client: LanguageClient, uri: str, where: lsp.Range, only: list[str] | None = None
) -> list[lsp.CodeAction]:
    result = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=where,
            context=lsp.CodeActionContext(diagnostics=[], only=only),
        )
    )
    return [_as_code_action(a) for a in result or []]


def _as_code_action(item: lsp.CodeAction | lsp.Command) -> lsp.CodeAction:
    """pytest-lsp's converter reads a CodeAction whose `command` is an object (and which has
    no edit) as a Command with that object as a string: read it back."""
    if isinstance(item, lsp.CodeAction):
        return item
    inner = ast.literal_eval(item.command)
    command = lsp.Command(
        title=inner["title"], command=inner["command"], arguments=inner.get("arguments")
    )
    return lsp.CodeAction(title=item.title, command=command)


def edits_of(action: lsp.CodeAction, uri: str, version: int) -> list[lsp.TextEdit]:
    assert action.edit is not None and action.edit.document_changes
    (change,) = action.edit.document_changes
    assert isinstance(change, lsp.TextDocumentEdit)
    assert change.text_document.uri == uri
    assert change.text_document.version == version  # a stale edit is refused by the client
    return [e for e in change.edits if isinstance(e, lsp.TextEdit)]


async def replace_text(client: LanguageClient, uri: str, version: int, text: str) -> list[str]:
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    return [str(d.code) for d in await wait_for_diagnostics(client, uri)]


async def apply_action(
    client: LanguageClient, uri: str, text: str, action: lsp.CodeAction
) -> tuple[str, list[str]]:
    new_text = apply_text_edits(text, edits_of(action, uri, 1))
    return new_text, await replace_text(client, uri, 2, new_text)


@pytest.mark.parametrize(("name", "code"), FIXABLE)
async def test_every_quick_fix_clears_its_finding(name: str, code: str) -> None:
    async with session() as client:
        path = EXAMPLES / name
        text = path.read_text()
        uri = open_document(client, path)
        found = await wait_for_diagnostics(client, uri)
        (target, *_) = [d for d in found if d.code == code]
        actions = await actions_at(client, uri, target.range)
        (fix,) = [
            a
            for a in actions
            if a.title.endswith(f"({code})") and a.edit and "Ignore" not in a.title
        ]
        assert fix.kind == lsp.CodeActionKind.QuickFix
        assert fix.is_preferred == (target.data["safety"] == "safe")
        _, codes = await apply_action(client, uri, text, fix)
        remaining = [c for c in codes if c == code]
        assert len(remaining) < len([d for d in found if d.code == code])


@pytest.mark.parametrize("client_name", CLIENTS)
async def test_ignore_on_this_line_adds_a_noqa_comment(client_name: str) -> None:
    async with session(client_name) as client:
        path = EXAMPLES / "seed_1_learning_rate.py"
        text = path.read_text()
        uri = open_document(client, path)
        (target,) = await wait_for_diagnostics(client, uri)
        actions = await actions_at(client, uri, target.range)
        (noqa,) = [a for a in actions if a.title == "Ignore DF101 on this line"]
        new_text, codes = await apply_action(client, uri, text, noqa)
        assert "# noqa: DF101" in new_text.splitlines()[9]
        assert codes == []


async def test_no_ignore_action_where_a_comment_would_break_the_code(tmp_path: Path) -> None:
    # A line continued by a backslash cannot end in a comment: a noqa comment there is a syntax
    # error. The line below it can take one.
    text = (
        "import keras\n"
        "m = keras.Sequential([keras.layers.Dense(1, activation='softmax')]) \\\n"
        "    if True else None\n"
        "n = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"
    )
    async with session() as client:
        uri = open_document(client, tmp_path / "train.py", text)
        found = await wait_for_diagnostics(client, uri, lambda found: len(found) == 2)
        titles = [
            [a.title for a in await actions_at(client, uri, d.range)]
            for d in sorted(found, key=lambda d: d.range.start.line)
        ]
        assert "Ignore DF401 on this line" not in titles[0]
        assert "Ignore DF401 on this line" in titles[1]


async def test_fix_all_applies_every_safe_fix_and_nothing_else() -> None:
    async with session() as client:
        path = EXAMPLES / "one_unit_softmax.py"
        text = path.read_text()
        uri = open_document(client, path)
        await wait_for_diagnostics(client, uri, lambda found: len(found) == 2)
        everything = lsp.Range(start=lsp.Position(0, 0), end=lsp.Position(0, 0))
        (fix_all,) = await actions_at(client, uri, everything, only=["source.fixAll"])
        assert fix_all.kind == "source.fixAll.defib"
        _, codes = await apply_action(client, uri, text, fix_all)
        assert codes == []


async def test_fix_all_leaves_unsafe_fixes_alone() -> None:
    async with session() as client:
        path = EXAMPLES / "seed_1_learning_rate.py"
        uri = open_document(client, path)
        await wait_for_diagnostics(client, uri, lambda found: len(found) == 1)
        everything = lsp.Range(start=lsp.Position(0, 0), end=lsp.Position(0, 0))
        assert await actions_at(client, uri, everything, only=["source.fixAll"]) == []


async def test_a_finding_offers_to_probe_its_model_through_the_client_command() -> None:
    async with session() as client:
        uri = open_document(client, EXAMPLES / "seed_2_vanishing_gradients.py")
        (target,) = await wait_for_diagnostics(client, uri)
        actions = await actions_at(client, uri, target.range)
        (probe,) = [a for a in actions if a.command is not None]
        assert probe.title == "Probe this model to confirm (DF201)"
        assert probe.command is not None
        assert probe.command.command == "defib.probeModelAtCursor"
        assert probe.command.arguments == [{"uri": uri, "line": 4}]


async def test_actions_follow_the_current_text_not_the_published_diagnostics(
    tmp_path: Path,
) -> None:
    async with session() as client:
        path = EXAMPLES / "seed_1_learning_rate.py"
        uri = open_document(client, path)
        (target,) = await wait_for_diagnostics(client, uri)
        # Push the finding two lines down; ask at its old place before any republish.
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[
                    lsp.TextDocumentContentChangePartial(
                        range=lsp.Range(start=lsp.Position(0, 0), end=lsp.Position(0, 0)),
                        text="\n\n",
                    )
                ],
            )
        )
        stale = await actions_at(client, uri, target.range)
        assert stale == []
        moved = lsp.Range(
            start=lsp.Position(target.range.start.line + 2, target.range.start.character),
            end=lsp.Position(target.range.end.line + 2, target.range.end.character),
        )
        fresh = await actions_at(client, uri, moved)
        assert any(a.title.endswith("(DF101)") for a in fresh)
        assert all(
            c.text_document.version == 2
            for a in fresh
            if a.edit and a.edit.document_changes
            for c in a.edit.document_changes
            if isinstance(c, lsp.TextDocumentEdit)
        )
