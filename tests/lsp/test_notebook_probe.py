"""The probe on a saved notebook, from a cell's code lens: real TensorFlow, a few seconds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from .helpers import session, wait_for_diagnostics

pytestmark = [pytest.mark.asyncio, pytest.mark.tensorflow]

TRUSTED = {"workspaceTrusted": True, "settings": {"probe": {"steps": 10}}}

CELLS = [
    (
        lsp.NotebookCellKind.Code,
        "%matplotlib inline\n"
        "import numpy as np\n"
        "import keras\n"
        "x = np.random.default_rng(0).standard_normal((256, 4)).astype('float32')\n"
        "y = (x[:, 0] > 0).astype('float32')\n",
    ),
    (lsp.NotebookCellKind.Markup, "# The model\n"),
    (
        lsp.NotebookCellKind.Code,
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(4,)),\n"
        "    keras.layers.Dense(8, activation='relu'),\n"
        "    keras.layers.Dense(1, activation='softmax'),\n"
        "])\n"
        "model.compile(optimizer='adam', loss='binary_crossentropy')\n",
    ),
    (lsp.NotebookCellKind.Code, "model.fit(x, y, epochs=2)\n"),
]


def write_notebook(path: Path) -> None:
    cells = [
        {
            "cell_type": "code" if kind == lsp.NotebookCellKind.Code else "markdown",
            "metadata": {},
            "source": text.splitlines(keepends=True),
        }
        | ({"outputs": [], "execution_count": None} if kind == lsp.NotebookCellKind.Code else {})
        for kind, text in CELLS
    ]
    path.write_text(
        json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )


async def test_a_cell_lens_probes_the_notebook_and_findings_land_in_the_cell(
    tmp_path: Path,
) -> None:
    path = tmp_path / "train.ipynb"
    write_notebook(path)
    notebook_uri = path.as_uri()
    cell_uris = [f"vscode-notebook-cell:{path}#W{i}" for i in range(len(CELLS))]
    async with session(options=TRUSTED, root=tmp_path) as client:
        client.notebook_document_did_open(
            lsp.DidOpenNotebookDocumentParams(
                notebook_document=lsp.NotebookDocument(
                    uri=notebook_uri,
                    notebook_type="jupyter-notebook",
                    version=1,
                    cells=[
                        lsp.NotebookCell(kind=kind, document=uri)
                        for uri, (kind, _) in zip(cell_uris, CELLS, strict=True)
                    ],
                ),
                cell_text_documents=[
                    lsp.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
                    for uri, (_, text) in zip(cell_uris, CELLS, strict=True)
                ],
            )
        )
        await wait_for_diagnostics(client, cell_uris[2], lambda found: len(found) > 0)
        model_cell = cell_uris[2]
        lenses = await client.text_document_code_lens_async(
            lsp.CodeLensParams(text_document=lsp.TextDocumentIdentifier(uri=model_cell))
        )
        assert len(lenses) == 1 and lenses[0].command is not None
        assert lenses[0].range.start.line == 0  # the model's first line, in its cell
        (target,) = lenses[0].command.arguments or []
        assert target == {"uri": model_cell, "line": 0}
        other = await client.text_document_code_lens_async(
            lsp.CodeLensParams(text_document=lsp.TextDocumentIdentifier(uri=cell_uris[3]))
        )
        assert not other

        client.diagnostics.pop(model_cell, None)
        report = await client.workspace_execute_command_async(
            lsp.ExecuteCommandParams(command="defib.probe", arguments=[target])
        )
        assert report["verdict"] == "collapsed", report.get("error")
        assert report["path"] == str(path)
        assert (report["model"]["cell"], report["model"]["cell_line"]) == (3, 1)

        found = await wait_for_diagnostics(
            client, model_cell, lambda ds: any(d.code == "DF901" for d in ds)
        )
        (collapse,) = [d for d in found if d.code == "DF901"]
        assert collapse.range.start.line == 3  # the softmax layer: line 4 of the cell
        assert not any(d.code == "DF901" for d in client.diagnostics.get(cell_uris[0], []))
        lenses = await client.text_document_code_lens_async(
            lsp.CodeLensParams(text_document=lsp.TextDocumentIdentifier(uri=model_cell))
        )
        assert lenses[0].command is not None
        assert (
            lenses[0].command.title == "Probe: collapsed: outputs constant, confirmed (probe again)"
        )
