"""Defib's language server (pygls): diagnostics as you type, fixes, hover, lenses, the probe.

Handlers translate between LSP and the engine or the probe; the state they share lives in
`DefibServer`. Analysis runs on per-document threads (`LatestOnly`), the probe on a worker
thread; both hand results back to the event loop, the only place that talks to the client.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, ParamSpec

from lsprotocol import types as lsp
from pygls.exceptions import FeatureRequestError
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from defib import __version__
from defib.engine import StatementCache, analyse_source
from defib.engine.analysis import Analysis
from defib.engine.notebook import CellSpan
from defib.lsp import actions, convert, guard_cmd, probe_cmd
from defib.lsp.documents import Snapshot, notebook_snapshot, text_snapshot
from defib.lsp.project_config import ProjectConfigs
from defib.lsp.protocol import BoundedStdin, DefibProtocol, watch_parent
from defib.lsp.quiet_gc import QuietCollector
from defib.lsp.scheduler import LatestOnly
from defib.lsp.settings import Settings, parse_settings, unwrap
from defib.probe.worker.schema import ProbeReport  # at run time: pygls reads the annotations

log = logging.getLogger(__name__)
P = ParamSpec("P")

NOTEBOOK_SYNC = lsp.NotebookDocumentSyncOptions(
    notebook_selector=[
        lsp.NotebookDocumentFilterWithCells(
            notebook="jupyter-notebook", cells=[lsp.NotebookCellLanguage(language="python")]
        )
    ],
    save=True,
)
_MESSAGE_TYPES = {
    logging.ERROR: lsp.MessageType.Error,
    logging.WARNING: lsp.MessageType.Warning,
    logging.INFO: lsp.MessageType.Info,
    logging.DEBUG: lsp.MessageType.Log,
}


@dataclass
class DocumentState:
    """What the server knows about one open document or notebook (by key)."""

    generation: int = 0  # bumped on every change; only the newest analysis publishes
    snapshot: Snapshot | None = None  # the last analysed text that parsed
    analysis: Analysis | None = None
    static: dict[str, list[lsp.Diagnostic]] = field(default_factory=dict)
    probe_report: ProbeReport | None = None  # cleared when the document changes
    probe_lines: tuple[int, ...] = ()  # 1-based lines naming the probed model
    guarded: list[lsp.Diagnostic] = field(default_factory=list)  # the last guarded run's
    skip_reported: bool = False
    # The notebook cells (URIs) that did not compile in the last analysis published.
    broken: frozenset[str] = frozenset()


_NO_SNAPSHOT = Snapshot("", "", "", ())


class DefibServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "defib",
            __version__,
            text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
            notebook_document_sync=NOTEBOOK_SYNC,
            protocol_cls=DefibProtocol,
            max_workers=4,
        )
        self.settings = Settings()
        # Per workspace folder (its path), from workspace/configuration scoped to the folder.
        self.folder_settings: dict[str, Settings] = {}
        self._background: set[asyncio.Future[None]] = set()  # held so they are not collected
        self.trusted = False
        self.documents: dict[str, DocumentState] = {}
        self.cache = StatementCache()
        self.scheduler = LatestOnly()
        self.configs = ProjectConfigs()
        self.collector = QuietCollector()
        self.loop: asyncio.AbstractEventLoop | None = None
        self._runner: Any = None  # ProbeRunner, imported on the first probe
        self._runner_python: str | None = None
        self._runner_lock = threading.Lock()
        self._cancels: dict[Any, threading.Event] = {}
        self.command_params: dict[Any, lsp.ExecuteCommandParams] = {}
        self.exit_requested = False

    # -- plumbing --------------------------------------------------------------------------

    def start_io(self, stdin: IO[bytes] | None = None, stdout: IO[bytes] | None = None) -> None:
        super().start_io(BoundedStdin(stdin or sys.stdin.buffer), stdout)  # type: ignore[arg-type]

    def parent_gone(self) -> None:
        """The editor that started us died without telling: stop probes, leave."""
        log.warning("the client process is gone; exiting")
        self.close()
        os._exit(1)

    def on_loop(self, callback: Callable[P, None], *args: P.args, **kwargs: P.kwargs) -> None:
        """Run `callback` on the event loop (from any thread): only the loop writes to stdout."""
        loop = self.loop
        if loop is None or loop.is_closed():
            return

        def guarded() -> None:
            try:
                callback(*args, **kwargs)
            except Exception:
                log.exception("callback failed")

        loop.call_soon_threadsafe(guarded)

    def log_to_client(self, level: int, message: str) -> None:
        log.log(level, "%s", message)
        if level < self.settings.log_threshold:
            return
        params = lsp.LogMessageParams(
            type=_MESSAGE_TYPES.get(level, lsp.MessageType.Log), message=message
        )
        if self.loop is not None and threading.current_thread() is threading.main_thread():
            self.window_log_message(params)
        else:
            self.on_loop(self.window_log_message, params)

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Errors outside a request go to the log, not to a pop-up (a request's error is its
        response)."""
        if source is FeatureRequestError:
            return
        self.log_to_client(logging.ERROR, f"Defib server error: {error}")

    def cancel_request(self, msg_id: Any) -> None:
        event = self._cancels.get(msg_id)
        if event is not None:
            event.set()

    def apply_options(self, options: Any, *, initial: bool) -> None:
        """Settings from `initialize` (initial) or a configuration change.

        Trust is granted only by the initialization options, which the editor itself sends:
        a configuration change may carry a project's own settings, and a project must not be
        able to trust itself. A change may still withdraw trust.
        """
        raw, trusted = unwrap(options)
        if any(key != "workspaceTrusted" for key in raw):
            # Some clients (Neovim) send an empty configuration change after starting: it
            # must not undo the initialization options.
            self.settings = parse_settings(raw)
        if trusted is False or (trusted is True and initial):
            self.trusted = trusted
        elif trusted is True and not self.trusted:
            self.log_to_client(
                logging.WARNING,
                "Defib: ignoring workspaceTrusted from a configuration change; trust comes "
                "only from the initialization options (restart the server to trust)",
            )
        for key in self.settings.problems:
            self.log_to_client(logging.WARNING, f"Defib: ignoring malformed setting {key!r}")
        if self.trusted and self.settings.probe_warm_on_start:
            self.runner().warm()

    # -- analysis --------------------------------------------------------------------------

    def snapshot(self, key: str) -> Snapshot | None:
        notebook = self.workspace.get_notebook_document(notebook_uri=key)
        if notebook is not None:
            return notebook_snapshot(self.workspace, notebook)
        if key in self.workspace.text_documents:
            return text_snapshot(self.workspace, key)
        return None

    def key_for(self, uri: str) -> str:
        """The analysis key of a document: its notebook's URI for a cell, else its own."""
        notebook = self.workspace.get_notebook_document(cell_uri=uri)
        return notebook.uri if notebook is not None else uri

    def schedule(self, key: str, delay: float = 0.0, changed: bool = True) -> None:
        """Analyse `key` after `delay` seconds unless a newer request replaces this one."""
        state = self.documents.setdefault(key, DocumentState())
        if changed:
            state.generation += 1
            state.probe_report, state.guarded = None, []
        snapshot = self.snapshot(key)
        if snapshot is None:
            return
        if not self.settings_for(snapshot.path).enable:
            state.probe_report, state.guarded = None, []
            self._publish(key, state, {uri: [] for uri in state.static})
            return
        generation = state.generation
        self.scheduler.submit(key, lambda: self._analyse(snapshot, generation), delay)

    def settings_for(self, path: str) -> Settings:
        """The settings of the workspace folder holding `path` (the innermost one), else the
        server-wide ones. Trust and the probe's interpreter are server-wide only."""
        best: tuple[str, Settings] | None = None
        for folder, settings in self.folder_settings.items():
            inside = path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
            if inside and (best is None or len(folder) > len(best[0])):
                best = (folder, settings)
        return best[1] if best is not None else self.settings

    def refresh_folder_settings_soon(self) -> None:
        task = asyncio.ensure_future(self.refresh_folder_settings())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def refresh_folder_settings(self) -> None:
        """Ask the client for each workspace folder's `defib` settings, when it can answer."""
        workspace = self.client_capabilities.workspace
        folders = list(self.workspace.folders.values())
        if workspace is None or not workspace.configuration or not folders:
            return
        items = [lsp.ConfigurationItem(scope_uri=f.uri, section="defib") for f in folders]
        try:
            values = await asyncio.wait_for(
                self.workspace_configuration_async(lsp.ConfigurationParams(items=items)), 10.0
            )
        except Exception as error:  # a client that cannot answer keeps server-wide settings
            self.log_to_client(logging.WARNING, f"Defib: no per-folder settings: {error!r}")
            return
        found: dict[str, Settings] = {}
        for folder, value in zip(folders, values or [], strict=False):
            raw, _ = unwrap(value)  # trust is never taken from here
            if raw:
                found[to_fs_path(folder.uri) or folder.uri] = parse_settings(raw)
        if found != self.folder_settings:
            self.folder_settings = found
            self.reanalyse_all()

    def analyse(self, snapshot: Snapshot) -> Analysis:
        config = self.configs.config_for(
            snapshot.path,
            self.settings_for(snapshot.path).engine,
            lambda message: self.log_to_client(logging.WARNING, message),
        )
        cells = None
        if snapshot.is_notebook:
            cells = [CellSpan(i, p.first_line, p.line_count) for i, p in enumerate(snapshot.parts)]
        return analyse_source(snapshot.text, snapshot.path, config, self.cache, cells)

    def _analyse(self, snapshot: Snapshot, generation: int) -> None:
        started = time.perf_counter()
        analysis = self.analyse(snapshot)
        self.on_loop(self._analysed, snapshot, analysis, generation)
        if self.settings.log_threshold <= logging.DEBUG:
            elapsed = (time.perf_counter() - started) * 1000
            found = len(analysis.diagnostics)
            self.log_to_client(
                logging.DEBUG, f"analysed {snapshot.path} in {elapsed:.0f} ms: {found} findings"
            )
        self.collector.after_work()

    def _analysed(self, snapshot: Snapshot, analysis: Analysis, generation: int) -> None:
        state = self.documents.get(snapshot.key)
        if state is None or state.generation != generation:
            return  # closed, or a newer text is on its way
        if analysis.skipped and "max-file-size" in analysis.skipped:
            if not state.skip_reported:
                state.skip_reported = True
                self.log_to_client(
                    logging.INFO, f"Defib skipped {snapshot.path}: {analysis.skipped}"
                )
        for code, error in analysis.internal_errors:
            self.log_to_client(logging.ERROR, f"Defib: {code} failed on {snapshot.path}: {error}")
        if analysis.syntax_error:
            # A notebook is read without its cells that do not compile, as Jupyter runs it. A
            # cell that breaks while it is typed keeps the last good findings rather than
            # flashing them away; one broken before (an exercise's blank) does not hold back the
            # findings of the cells edited around it.
            broken = frozenset(
                part.uri
                for d in analysis.diagnostics
                if d.code == convert.SYNTAX_ERROR_CODE
                and (part := snapshot.locate(d.range.start.line)) is not None
            )
            if not analysis.broken_cells_left_out or (
                state.analysis is not None and not broken <= state.broken
            ):
                static = state.static or {part.uri: [] for part in snapshot.parts}
                self._publish(snapshot.key, state, static, snapshot)
                return
            state.broken = broken
        else:
            state.broken = frozenset()
        state.snapshot, state.analysis = snapshot, analysis
        static = convert.lsp_diagnostics(snapshot, analysis.diagnostics)
        self._publish(snapshot.key, state, static, snapshot)

    def _publish(
        self,
        key: str,
        state: DocumentState,
        static: dict[str, list[lsp.Diagnostic]],
        snapshot: Snapshot | None = None,
    ) -> None:
        """Publish `static` merged with the probe's findings; `snapshot` (default: the last
        analysed) gives the document versions."""
        for gone in state.static.keys() - static.keys():  # a notebook cell was removed
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=gone, diagnostics=[])
            )
        state.static = static
        versions = {
            part.uri: part.version for part in (snapshot or state.snapshot or _NO_SNAPSHOT).parts
        }
        probed: dict[str, list[lsp.Diagnostic]] = {}
        if state.guarded and state.snapshot is not None:
            probed[state.snapshot.parts[0].uri] = list(state.guarded)
        if state.probe_report is not None and state.snapshot is not None:
            for uri, found in convert.probe_diagnostics(state.snapshot, state.probe_report).items():
                probed.setdefault(uri, []).extend(found)
        for uri, diagnostics in static.items():
            extra = probed.get(uri, [])
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(
                    uri=uri, diagnostics=[*diagnostics, *extra], version=versions.get(uri)
                )
            )

    async def current_analysis(self, uri: str) -> tuple[Snapshot, Analysis] | None:
        """The analysis of the document's text as it is now (reused when unchanged)."""
        key = self.key_for(uri)
        if key not in self.documents or not self.settings.enable:
            return None  # not open, or not a Python document
        snapshot = self.snapshot(key)
        if snapshot is None:
            return None
        state = self.documents.get(key)
        if state is not None and state.snapshot is not None and state.analysis is not None:
            if state.snapshot.text == snapshot.text:
                return state.snapshot, state.analysis
        return snapshot, await asyncio.to_thread(self.analyse, snapshot)

    def forget(self, key: str) -> None:
        self.scheduler.cancel(key)
        state = self.documents.pop(key, None)
        if state is not None:
            for uri in state.static:
                self.text_document_publish_diagnostics(
                    lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[])
                )

    def reanalyse_all(self) -> None:
        for key in list(self.documents):
            self.schedule(key, changed=False)

    # -- probing ---------------------------------------------------------------------------

    def runner(self) -> Any:
        """The warm probe runner for the configured interpreter (only when trusted)."""
        from defib.probe.runner import ProbeRunner

        python = (
            self.settings.interpreter[0] if self.trusted and self.settings.interpreter else None
        )
        with self._runner_lock:
            if self._runner is None or python != self._runner_python:
                if self._runner is not None:
                    self._runner.close()
                self._runner, self._runner_python = ProbeRunner(python=python), python
            return self._runner

    def close(self) -> None:
        self.scheduler.close()
        self.collector.close()
        for event in self._cancels.values():
            event.set()
        with self._runner_lock:
            if self._runner is not None:
                self._runner.close()
                self._runner = None


server = DefibServer()


def _is_python(document: lsp.TextDocumentItem) -> bool:
    return document.language_id == "python" or document.uri.endswith((".py", ".pyi"))


@server.feature(lsp.INITIALIZE)
def initialize(ls: DefibServer, params: lsp.InitializeParams) -> None:
    ls.loop = asyncio.get_running_loop()
    ls.apply_options(params.initialization_options or {}, initial=True)
    if params.process_id is not None and params.process_id != os.getpid():
        watch_parent(params.process_id, ls.parent_gone)


@server.feature(lsp.INITIALIZED)
def initialized(ls: DefibServer, params: lsp.InitializedParams) -> None:
    workspace = ls.client_capabilities.workspace
    watch = workspace.did_change_watched_files if workspace else None
    if watch is not None and watch.dynamic_registration:
        options = lsp.DidChangeWatchedFilesRegistrationOptions(
            watchers=[lsp.FileSystemWatcher(glob_pattern="**/pyproject.toml")]
        )
        registration = lsp.Registration(
            id="defib-pyproject",
            method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        ls.client_register_capability(lsp.RegistrationParams(registrations=[registration]))
    ls.log_to_client(logging.INFO, f"Defib {__version__} ready (workspace trusted: {ls.trusted})")
    ls.refresh_folder_settings_soon()


@server.feature(lsp.SHUTDOWN)
def shutdown(ls: DefibServer, params: None) -> None:
    ls.close()


@server.feature(lsp.EXIT)
def exit_(ls: DefibServer, params: None) -> None:
    ls.exit_requested = True


@server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
def did_change_configuration(ls: DefibServer, params: lsp.DidChangeConfigurationParams) -> None:
    ls.apply_options(params.settings or {}, initial=False)
    ls.reanalyse_all()
    ls.refresh_folder_settings_soon()


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: DefibServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    ls.configs.forget()
    ls.reanalyse_all()


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: DefibServer, params: lsp.DidOpenTextDocumentParams) -> None:
    if _is_python(params.text_document):
        ls.schedule(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: DefibServer, params: lsp.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    state = ls.documents.get(uri)
    if state is None:
        return  # not a Python document
    if ls.settings.lint_on_type:
        ls.schedule(uri, ls.settings.debounce)
    else:
        state.generation += 1
        state.probe_report, state.guarded = None, []


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: DefibServer, params: lsp.DidSaveTextDocumentParams) -> None:
    if params.text_document.uri in ls.documents:
        ls.schedule(params.text_document.uri, changed=not ls.settings.lint_on_type)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: DefibServer, params: lsp.DidCloseTextDocumentParams) -> None:
    ls.forget(params.text_document.uri)


@server.feature(lsp.NOTEBOOK_DOCUMENT_DID_OPEN)
def notebook_did_open(ls: DefibServer, params: lsp.DidOpenNotebookDocumentParams) -> None:
    ls.schedule(params.notebook_document.uri)


@server.feature(lsp.NOTEBOOK_DOCUMENT_DID_CHANGE)
def notebook_did_change(ls: DefibServer, params: lsp.DidChangeNotebookDocumentParams) -> None:
    if ls.settings.lint_on_type:
        ls.schedule(params.notebook_document.uri, ls.settings.debounce)


@server.feature(lsp.NOTEBOOK_DOCUMENT_DID_SAVE)
def notebook_did_save(ls: DefibServer, params: lsp.DidSaveNotebookDocumentParams) -> None:
    ls.schedule(params.notebook_document.uri)


@server.feature(lsp.NOTEBOOK_DOCUMENT_DID_CLOSE)
def notebook_did_close(ls: DefibServer, params: lsp.DidCloseNotebookDocumentParams) -> None:
    ls.forget(params.notebook_document.uri)
    for cell in params.cell_text_documents:  # cells never analysed have nothing to clear
        ls.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=cell.uri, diagnostics=[])
        )


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix, actions.FIX_ALL_KIND],
        resolve_provider=False,
    ),
)
async def code_action(ls: DefibServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    uri = params.text_document.uri
    current = await ls.current_analysis(uri)
    if current is None:
        return []
    snapshot, analysis = current
    part = snapshot.part(uri)
    if part is None:
        return []
    return actions.code_actions(snapshot, part, analysis, params.range, params.context.only)


@server.feature(lsp.TEXT_DOCUMENT_CODE_LENS)
async def code_lens(ls: DefibServer, params: lsp.CodeLensParams) -> list[lsp.CodeLens]:
    uri = params.text_document.uri
    current = await ls.current_analysis(uri)
    if current is None:
        return []
    snapshot, analysis = current
    part = snapshot.part(uri)  # a notebook's cell: the models built in it
    state = ls.documents.get(snapshot.key)
    lenses = []
    for model in analysis.models:
        if part is None or not part.contains(model.line):
            continue
        line = model.line - part.first_line
        command = actions.probe_command(uri, line)
        if state is not None and state.probe_report is not None and model.line in state.probe_lines:
            command.title = convert.verdict_title(state.probe_report)
        where = lsp.Range(start=lsp.Position(line, 0), end=lsp.Position(line, 0))
        lenses.append(lsp.CodeLens(range=where, command=command))
    return lenses


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
async def hover(ls: DefibServer, params: lsp.HoverParams) -> lsp.Hover | None:
    uri = params.text_document.uri
    current = await ls.current_analysis(uri)
    if current is None:
        return None
    snapshot, analysis = current
    part = snapshot.part(uri)
    if part is None:
        return None
    position = snapshot.from_lsp(part, params.position)
    sections = [
        convert.rule_hover(d)
        for d in analysis.diagnostics
        if d.code != convert.SYNTAX_ERROR_CODE and d.range.start <= position <= d.range.end
    ]
    state = ls.documents.get(snapshot.key)
    if state is not None and state.probe_report is not None:
        measured = convert.layer_hover(state.probe_report, position.line)
        if measured is not None:
            sections.append(measured)
    if not sections:
        return None
    return lsp.Hover(
        contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value="\n\n---\n\n".join(sections))
    )


@server.command(probe_cmd.PROBE_COMMAND)
async def probe(ls: DefibServer, *arguments: Any) -> ProbeReport:
    """Probe the model at a line of a saved file; see `probe_cmd.probe`."""
    return await probe_cmd.probe(ls, *arguments)


@server.command(guard_cmd.GUARD_COMMAND)
async def run_with_guard(ls: DefibServer, *arguments: Any) -> dict[str, Any]:
    """Run the saved file as a training script under the guard; see `guard_cmd.run`."""
    return await guard_cmd.run(ls, *arguments)


def main() -> None:
    """`defib serve`: the language server on stdio."""
    logging.basicConfig(level=logging.WARNING, format="defib-lsp %(levelname)s %(message)s")
    logging.getLogger("pygls").setLevel(logging.ERROR)
    try:
        server.start_io()
    finally:
        server.close()
    if server.exit_requested and not server.protocol._shutdown:
        sys.exit(1)  # LSP: `exit` without `shutdown` first
