"""Code actions for one document (or notebook cell), built from a fresh analysis.

Every edit is a `TextDocumentEdit` naming the document version it was computed for, so the
client refuses to apply it to a text that has changed since.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lsprotocol import types as lsp

from defib.engine import Diagnostic, Edit, Range
from defib.engine.analysis import Analysis
from defib.engine.noqa import add_noqa, takes_a_comment
from defib.lsp.convert import SYNTAX_ERROR_CODE
from defib.lsp.documents import Part, Snapshot

FIX_ALL_KIND = "source.fixAll.defib"
PROBE_CLIENT_COMMAND = "defib.probeModelAtCursor"


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    def key(p: lsp.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _wanted(only: Sequence[str] | None, kind: str) -> bool:
    return only is None or any(kind == k or kind.startswith(k + ".") for k in only)


def _document_edit(
    snapshot: Snapshot, part: Part, edits: Iterable[Edit]
) -> lsp.TextDocumentEdit | None:
    text_edits: list[lsp.TextEdit | lsp.AnnotatedTextEdit | lsp.SnippetTextEdit] = []
    for edit in edits:
        where = snapshot.to_lsp_range(part, edit.range)
        if where is None:
            return None  # a fix reaching into another cell is not offered
        text_edits.append(lsp.TextEdit(range=where, new_text=edit.new_text))
    return lsp.TextDocumentEdit(
        text_document=lsp.OptionalVersionedTextDocumentIdentifier(
            uri=part.uri, version=part.version
        ),
        edits=text_edits,
    )


def _workspace_edit(change: lsp.TextDocumentEdit) -> lsp.WorkspaceEdit:
    return lsp.WorkspaceEdit(document_changes=[change])


def probe_command(uri: str, line: int | None) -> lsp.Command:
    """The client command that probes the model at `line` (0-based), as the lens runs it."""
    return lsp.Command(
        title="▶ Probe model",
        command=PROBE_CLIENT_COMMAND,
        arguments=[{"uri": uri, "line": line}],
    )


def code_actions(
    snapshot: Snapshot,
    part: Part,
    analysis: Analysis,
    requested: lsp.Range,
    only: Sequence[str] | None,
) -> list[lsp.CodeAction]:
    """Quick fixes, noqa and probe actions for the diagnostics overlapping `requested`,
    and the fix-all source action."""
    actions: list[lsp.CodeAction] = []
    probed_models: set[int] = set()
    for diagnostic in analysis.diagnostics:
        if diagnostic.code == SYNTAX_ERROR_CODE:
            continue
        where = snapshot.to_lsp_range(part, diagnostic.range)
        if where is None or not _overlaps(where, requested):
            continue
        if not _wanted(only, lsp.CodeActionKind.QuickFix):
            continue
        lsp_diagnostic = _reference(diagnostic, where)
        fix = _quick_fix(snapshot, part, diagnostic, lsp_diagnostic)
        if fix is not None:
            actions.append(fix)
        if takes_a_comment(snapshot.text, diagnostic.range.start.line):
            actions.append(_noqa(snapshot, part, diagnostic, lsp_diagnostic))
        model_line = diagnostic.model_line
        if model_line is not None and part.contains(model_line) and model_line not in probed_models:
            probed_models.add(model_line)
            command = probe_command(part.uri, model_line - part.first_line)
            command.title = "Probe this model to confirm"
            actions.append(
                lsp.CodeAction(
                    title=f"Probe this model to confirm ({diagnostic.code})",
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[lsp_diagnostic],
                    command=command,
                )
            )
    if only is not None and _wanted(only, FIX_ALL_KIND):
        fix_all = fix_all_action(snapshot, part, analysis.diagnostics)
        if fix_all is not None:
            actions.append(fix_all)
    return actions


def _reference(diagnostic: Diagnostic, where: lsp.Range) -> lsp.Diagnostic:
    return lsp.Diagnostic(
        range=where, message=diagnostic.message, code=diagnostic.code, source="defib"
    )


def _quick_fix(
    snapshot: Snapshot, part: Part, diagnostic: Diagnostic, reference: lsp.Diagnostic
) -> lsp.CodeAction | None:
    fix = diagnostic.fix
    if fix is None:
        return None
    change = _document_edit(snapshot, part, fix.edits)
    if change is None:
        return None
    return lsp.CodeAction(
        title=f"{fix.message} ({diagnostic.code})",
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[reference],
        is_preferred=fix.safety == "safe",
        edit=_workspace_edit(change),
    )


def _noqa(
    snapshot: Snapshot, part: Part, diagnostic: Diagnostic, reference: lsp.Diagnostic
) -> lsp.CodeAction:
    line = diagnostic.range.start.line
    old = snapshot.index.line_text(line - 1)
    new = add_noqa(old, diagnostic.code)
    edit = Edit(Range.of(line, 0, line, len(old)), new)
    change = _document_edit(snapshot, part, [edit])
    assert change is not None  # the diagnostic's own line is inside its part
    return lsp.CodeAction(
        title=f"Ignore {diagnostic.code} on this line",
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[reference],
        edit=_workspace_edit(change),
    )


def fix_all_action(
    snapshot: Snapshot, part: Part, diagnostics: Sequence[Diagnostic]
) -> lsp.CodeAction | None:
    """Every safe fix in `part`, one per location (as `apply_fixes` chooses them)."""
    edits: list[Edit] = []
    taken: list[Range] = []
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is None or fix.safety != "safe":
            continue
        if any(snapshot.to_lsp_range(part, e.range) is None for e in fix.edits):
            continue
        if any(_engine_overlaps(e.range, t) for e in fix.edits for t in taken):
            continue
        for edit in fix.edits:
            if edit not in edits:
                edits.append(edit)
                taken.append(edit.range)
    if not edits:
        return None
    change = _document_edit(snapshot, part, edits)
    if change is None:
        return None
    return lsp.CodeAction(
        title="Defib: apply all safe fixes", kind=FIX_ALL_KIND, edit=_workspace_edit(change)
    )


def _engine_overlaps(a: Range, b: Range) -> bool:
    return a.start < b.end and b.start < a.end
