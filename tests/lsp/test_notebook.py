"""A Jupyter notebook's Python cells are analysed as one program, reported per cell."""

from __future__ import annotations

import pytest
from lsprotocol import types as lsp

from .helpers import apply_text_edits, session, wait_for_diagnostics

pytestmark = pytest.mark.asyncio

NOTEBOOK = "file:///tmp/defib-notebook/train.ipynb"
CELLS = [
    (lsp.NotebookCellKind.Code, "python", "%matplotlib inline\nfrom tensorflow import keras\n"),
    (lsp.NotebookCellKind.Markup, "markdown", "# A model\n"),
    (
        lsp.NotebookCellKind.Code,
        "python",
        "model = keras.Sequential([\n"
        "    keras.layers.Dense(8, activation='relu', input_shape=(4,)),\n"
        "    keras.layers.Dense(1),\n"
        "])\n"
        "model.compile(optimizer=keras.optimizers.Adam(learning_rate=10.0), loss='mse')\n",
    ),
]


def cell_uri(index: int) -> str:
    return f"vscode-notebook-cell:/tmp/defib-notebook/train.ipynb#W{index}"


def open_notebook(
    client: object, cells: list[tuple[lsp.NotebookCellKind, str, str]] = CELLS
) -> None:
    client.notebook_document_did_open(  # type: ignore[attr-defined]
        lsp.DidOpenNotebookDocumentParams(
            notebook_document=lsp.NotebookDocument(
                uri=NOTEBOOK,
                notebook_type="jupyter-notebook",
                version=1,
                cells=[
                    lsp.NotebookCell(kind=kind, document=cell_uri(i))
                    for i, (kind, _, _) in enumerate(cells)
                ],
            ),
            cell_text_documents=[
                lsp.TextDocumentItem(uri=cell_uri(i), language_id=language, version=1, text=text)
                for i, (_, language, text) in enumerate(cells)
            ],
        )
    )


async def test_findings_land_on_the_cell_and_line_they_concern() -> None:
    async with session() as client:
        open_notebook(client)
        (found,) = await wait_for_diagnostics(client, cell_uri(2))
        assert found.code == "DF101"
        assert found.range.start.line == 4  # line 5 of the third cell
        assert await wait_for_diagnostics(client, cell_uri(0)) == []


async def test_a_quick_fix_in_a_cell_edits_that_cell() -> None:
    async with session() as client:
        open_notebook(client)
        (found,) = await wait_for_diagnostics(client, cell_uri(2))
        result = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri=cell_uri(2)),
                range=found.range,
                context=lsp.CodeActionContext(diagnostics=[found]),
            )
        )
        fixes = [a for a in result or [] if isinstance(a, lsp.CodeAction) and a.edit]
        (fix,) = [a for a in fixes if a.title.endswith("(DF101)") and "Ignore" not in a.title]
        assert fix.edit is not None and fix.edit.document_changes
        (change,) = fix.edit.document_changes
        assert isinstance(change, lsp.TextDocumentEdit)
        assert change.text_document.uri == cell_uri(2)
        assert change.text_document.version == 1
        new_text = apply_text_edits(
            CELLS[2][2], [e for e in change.edits if isinstance(e, lsp.TextEdit)]
        )
        client.diagnostics.pop(cell_uri(2))
        client.notebook_document_did_change(
            lsp.DidChangeNotebookDocumentParams(
                notebook_document=lsp.VersionedNotebookDocumentIdentifier(uri=NOTEBOOK, version=2),
                change=lsp.NotebookDocumentChangeEvent(
                    cells=lsp.NotebookDocumentCellChanges(
                        text_content=[
                            lsp.NotebookDocumentCellContentChanges(
                                document=lsp.VersionedTextDocumentIdentifier(
                                    uri=cell_uri(2), version=2
                                ),
                                changes=[lsp.TextDocumentContentChangeWholeDocument(text=new_text)],
                            )
                        ]
                    )
                ),
            )
        )
        assert await wait_for_diagnostics(client, cell_uri(2)) == []


async def test_removing_a_cell_clears_its_diagnostics() -> None:
    async with session() as client:
        open_notebook(client)
        await wait_for_diagnostics(client, cell_uri(2), lambda found: len(found) == 1)
        client.diagnostics.pop(cell_uri(2))
        client.notebook_document_did_change(
            lsp.DidChangeNotebookDocumentParams(
                notebook_document=lsp.VersionedNotebookDocumentIdentifier(uri=NOTEBOOK, version=2),
                change=lsp.NotebookDocumentChangeEvent(
                    cells=lsp.NotebookDocumentCellChanges(
                        structure=lsp.NotebookDocumentCellChangeStructure(
                            array=lsp.NotebookCellArrayChange(start=2, delete_count=1),
                            did_close=[lsp.TextDocumentIdentifier(uri=cell_uri(2))],
                        )
                    )
                ),
            )
        )
        assert await wait_for_diagnostics(client, cell_uri(2)) == []


async def test_closing_the_notebook_clears_every_cell() -> None:
    async with session() as client:
        open_notebook(client)
        await wait_for_diagnostics(client, cell_uri(2), lambda found: len(found) == 1)
        client.diagnostics.pop(cell_uri(2))
        client.notebook_document_did_close(
            lsp.DidCloseNotebookDocumentParams(
                notebook_document=lsp.NotebookDocumentIdentifier(uri=NOTEBOOK),
                cell_text_documents=[
                    lsp.TextDocumentIdentifier(uri=cell_uri(i)) for i in range(len(CELLS))
                ],
            )
        )
        assert await wait_for_diagnostics(client, cell_uri(2)) == []


def replace_cell(client: object, index: int, version: int, text: str) -> None:
    client.notebook_document_did_change(  # type: ignore[attr-defined]
        lsp.DidChangeNotebookDocumentParams(
            notebook_document=lsp.VersionedNotebookDocumentIdentifier(
                uri=NOTEBOOK, version=version
            ),
            change=lsp.NotebookDocumentChangeEvent(
                cells=lsp.NotebookDocumentCellChanges(
                    text_content=[
                        lsp.NotebookDocumentCellContentChanges(
                            document=lsp.VersionedTextDocumentIdentifier(
                                uri=cell_uri(index), version=version
                            ),
                            changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
                        )
                    ]
                )
            ),
        )
    )


async def test_a_cell_that_does_not_compile_leaves_the_others_reported() -> None:
    # An exercise notebook's blank: Jupyter runs the other cells, and so they are read.
    exercise = (lsp.NotebookCellKind.Code, "python", "x_scaled = # YOUR CODE HERE\n")
    async with session() as client:
        open_notebook(client, [*CELLS, exercise])
        (found,) = await wait_for_diagnostics(client, cell_uri(2))
        assert found.code == "DF101"
        assert await wait_for_diagnostics(client, cell_uri(3)) == []  # Python's to report
        # A cell broken while it is typed keeps its last findings rather than flashing them
        # away (read without it, it would have none).
        client.diagnostics.pop(cell_uri(2))
        replace_cell(client, 2, 2, CELLS[2][2] + "model.fit(\n")
        assert [d.code for d in await wait_for_diagnostics(client, cell_uri(2))] == ["DF101"]
        # Once it compiles, the blank does not hold the new findings back.
        client.diagnostics.pop(cell_uri(2))
        replace_cell(client, 2, 3, CELLS[2][2].replace("10.0", "0.001"))
        assert await wait_for_diagnostics(client, cell_uri(2)) == []
