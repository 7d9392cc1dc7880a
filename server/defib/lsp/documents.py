"""What the engine analyses for an open document: its text, or a notebook's cells joined.

A `Snapshot` is taken on the event loop (where pygls updates documents) and handed to worker
threads, which never touch the workspace. Lines in the engine's results are lines of the
snapshot's text; `Snapshot.locate` maps them back to the document (or cell) they came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types as lsp
from pygls.uris import to_fs_path
from pygls.workspace import Workspace

from defib.engine import Position, Range
from defib.engine.notebook import join_cells
from defib.lsp.positions import UTF16, LineIndex
from defib.probe.notebook import joined_line


@dataclass(frozen=True)
class Part:
    """One document inside a snapshot: all of a text file, or one notebook cell."""

    uri: str
    version: int | None
    first_line: int  # 1-based line of the snapshot where this part starts
    line_count: int

    def contains(self, line: int) -> bool:
        return self.first_line <= line < self.first_line + self.line_count


@dataclass(frozen=True)
class Snapshot:
    """The text to analyse for a key (a document URI, or a notebook's URI)."""

    key: str
    path: str  # file-system path (for pyproject lookup and per-file ignores)
    text: str
    parts: tuple[Part, ...]
    is_notebook: bool = False
    encoding: str = UTF16  # the position encoding negotiated with the client

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", LineIndex(self.text, self.encoding))

    @property
    def index(self) -> LineIndex:
        index: LineIndex = self.__dict__["_index"]
        return index

    def part(self, uri: str) -> Part | None:
        return next((part for part in self.parts if part.uri == uri), None)

    def locate(self, line: int) -> Part | None:
        """The part holding snapshot line `line` (1-based)."""
        return next((part for part in self.parts if part.contains(line)), None)

    def to_lsp_range(self, part: Part, where: Range) -> lsp.Range | None:
        """`where` (snapshot coordinates) in `part`'s LSP coordinates; None if outside it."""
        if not (part.contains(where.start.line) and part.contains(where.end.line)):
            # An end at column 0 of the line after the part still lies inside it.
            if not (
                part.contains(where.start.line)
                and where.end.line == part.first_line + part.line_count
                and where.end.column == 0
            ):
                return None
        converted = self.index.to_lsp_range(where)
        shift = part.first_line - 1
        converted.start.line -= shift
        converted.end.line -= shift
        return converted

    def from_lsp(self, part: Part, position: lsp.Position) -> Position:
        shifted = lsp.Position(
            line=position.line + part.first_line - 1, character=position.character
        )
        return self.index.from_lsp(shifted)

    def from_lsp_range(self, part: Part, where: lsp.Range) -> Range:
        return Range(self.from_lsp(part, where.start), self.from_lsp(part, where.end))


def _line_count(text: str) -> int:
    return len(LineIndex(text).lines) or 1


def _encoding(workspace: Workspace) -> str:
    encoding = workspace.position_encoding
    return str(getattr(encoding, "value", encoding) or UTF16)


def text_snapshot(workspace: Workspace, uri: str) -> Snapshot:
    document = workspace.get_text_document(uri)
    text = document.source
    part = Part(uri, document.version, 1, _line_count(text) + 1)
    return Snapshot(uri, to_fs_path(uri) or uri, text, (part,), encoding=_encoding(workspace))


def notebook_snapshot(workspace: Workspace, notebook: lsp.NotebookDocument) -> Snapshot:
    """The notebook's Python code cells, in order, as one source (joined as the CLI joins them)."""
    documents = {}
    for index, cell in enumerate(notebook.cells):
        if cell.kind != lsp.NotebookCellKind.Code:
            continue
        document = workspace.get_text_document(cell.document)
        if document.language_id in (None, "python"):
            documents[index] = document
    text, spans = join_cells([(index, document.source) for index, document in documents.items()])
    parts = tuple(
        Part(
            documents[span.index].uri,
            documents[span.index].version,
            span.first_line,
            span.line_count,
        )
        for span in spans
    )
    path = to_fs_path(notebook.uri) or notebook.uri
    return Snapshot(
        notebook.uri,
        path,
        text,
        parts,
        is_notebook=True,
        encoding=_encoding(workspace),
    )


def probe_target(workspace: Workspace, uri: str, line: int | None) -> tuple[str | None, int | None]:
    """The file the probe runs for `uri` and its line (1-based): a notebook cell's URI, or a
    notebook's, is its notebook file on disk, and a line in a cell becomes a line of the cells
    joined (as the probe runs them)."""
    notebook = workspace.get_notebook_document(cell_uri=uri)
    if notebook is None:
        notebook = workspace.get_notebook_document(notebook_uri=uri)
        if notebook is None:
            return to_fs_path(uri), line
    path = to_fs_path(notebook.uri)
    cell = next((i for i, c in enumerate(notebook.cells) if c.document == uri), None)
    if path is None or cell is None or line is None:
        return path, line  # the notebook itself: a line of its cells joined, or none
    return path, joined_line(path, cell + 1, line)
