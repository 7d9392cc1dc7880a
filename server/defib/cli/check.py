"""`defib check`: lint files or directories, print findings, optionally fix them."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import fnmatch
import gc
import inspect
import json
import multiprocessing
import os
import sys
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

from defib import __version__
from defib.engine import (
    Analysis,
    Config,
    ConfigError,
    Diagnostic,
    StatementCache,
    analyse_source,
    apply_fixes,
    find_pyproject,
    load_config,
)
from defib.engine.analysis import SYNTAX_ERROR_CODE, unreadable
from defib.engine.diagnostics import DOCS_URL, Edit, Range, RelatedLocation, Severity, WhatIf
from defib.engine.noqa import with_noqa
from defib.engine.notebook import (
    CellSpan,
    cell_lines_in,
    code_cells,
    join_cells,
    locate,
    not_a_notebook,
)
from defib.engine.rules import Rule, all_rules

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

# Folders never worth reading: environments, caches, build output, version control.
SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".env",
        "env",
        "__pycache__",
        "node_modules",
        "site-packages",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        "build",
        "dist",
        ".ipynb_checkpoints",
    }
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="report Keras code that makes models output a constant",
        description="Report Keras code that makes models output a constant value.",
    )
    parser.add_argument(
        "paths", nargs="*", default=["."], help="files or directories ('-' for stdin)"
    )
    parser.add_argument(
        "--output-format", choices=["text", "json", "sarif", "github"], default="text"
    )
    parser.add_argument("--select", help="comma-separated rule codes or prefixes to enable")
    parser.add_argument("--ignore", help="comma-separated rule codes or prefixes to disable")
    parser.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    parser.add_argument("--unsafe-fixes", action="store_true", help="also apply unsafe fixes")
    parser.add_argument(
        "--diff", action="store_true", help="print the fixes as a diff, write nothing"
    )
    parser.add_argument("--statistics", action="store_true", help="count findings per rule")
    parser.add_argument(
        "--add-noqa",
        action="store_true",
        help="add `# noqa: CODE` to each line with a finding (Python files), to adopt defib on "
        "existing code and see only new findings from then on",
    )
    parser.add_argument(
        "--exit-zero", action="store_true", help="exit with 0 even when there are findings"
    )
    parser.add_argument(
        "--stdin-filename", default="-", help="the path of the file read from stdin"
    )
    parser.add_argument("--no-color", action="store_true", help="never colour the text output")
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="processes that check files in parallel (default: one per core)",
    )
    parser.set_defaults(handler=run)


@dataclass
class FileResult:
    path: str
    analysis: Analysis
    source: str
    fixed_source: str | None = None
    cells: list[CellSpan] | None = None  # a notebook's code cells in `source`

    def findings(self) -> list[Finding]:
        """The findings, for a notebook with their cell and lines counted in the cell."""
        if self.cells is None:
            return [Finding(self.path, None, d) for d in self.analysis.diagnostics]
        found: list[Finding] = []
        for d in self.analysis.diagnostics:
            located = locate(self.cells, d.range.start.line)
            if located is None:
                continue
            span, _ = located
            # A related place, or the model, may be in another cell (the Dataset or the model
            # built a cell before fit()): its line counts in its own cell.
            related, cells = [], []
            for r in d.related:
                own = self._cell_of(r.range.start.line, span)
                related.append(RelatedLocation(r.range.moved(1 - own.first_line), r.message))
                cells.append(own.index + 1)
            moved = replace(d.moved(1 - span.first_line), related=tuple(related))
            edit_cells: list[int] = []
            if d.fix is not None:
                # An edit may land in another cell (the layer a cell before the compile()).
                edits = []
                for edit in d.fix.edits:
                    own = self._cell_of(edit.range.start.line, span)
                    edits.append(Edit(edit.range.moved(1 - own.first_line), edit.new_text))
                    edit_cells.append(own.index + 1)
                moved = replace(moved, fix=replace(d.fix, edits=tuple(edits)))
            model_cell = None
            if d.model_line is not None:
                model_line, model_cell = self._in_cell(d.model_line, span)
                moved = replace(moved, model_line=model_line)
            layer_cells: tuple[int | None, tuple[int, ...]] = (None, ())
            if d.what_if is not None:
                # The layer the probe's what-if changes, counted in its own cell.
                moved, layer_cells = self._what_if_in_cells(moved, d.what_if, span)
            if d.code == SYNTAX_ERROR_CODE:
                moved = replace(moved, message=cell_lines_in(d.message, self._told_from(span)))
            found.append(
                Finding(
                    self.path,
                    span.index + 1,
                    moved,
                    tuple(cells),
                    model_cell,
                    tuple(edit_cells),
                    *layer_cells,
                )
            )
        return found

    def _what_if_in_cells(
        self, moved: Diagnostic, what_if: WhatIf, span: CellSpan
    ) -> tuple[Diagnostic, tuple[int | None, tuple[int, ...]]]:
        """`moved` with its what-if's layer lines counted in their cells, and those cells."""
        line, layer_cell = what_if.layer_line, None
        if line is not None:
            line, layer_cell = self._in_cell(line, span)
        placed = [self._in_cell(each, span) for each in what_if.layer_lines]
        what_if = replace(what_if, layer_line=line, layer_lines=tuple(p[0] for p in placed))
        return replace(moved, what_if=what_if), (layer_cell, tuple(p[1] for p in placed))

    def _in_cell(self, line: int, otherwise: CellSpan) -> tuple[int, int]:
        """`line` of the cells joined as (its line in its cell, that cell's 1-based number)."""
        own = self._cell_of(line, otherwise)
        return line + 1 - own.first_line, own.index + 1

    def _cell_of(self, line: int, otherwise: CellSpan) -> CellSpan:
        """The cell that holds `line` of the cells joined (`otherwise` when none does)."""
        located = locate(self.cells or [], line)
        return located[0] if located is not None else otherwise

    def _told_from(self, span: CellSpan) -> Callable[[int], str | None]:
        """How a finding in `span` names a line of the cells joined: in its own cell, or another."""
        cells = self.cells or []

        def where(line: int) -> str | None:
            located = locate(cells, line)
            if located is None:
                return None
            other, in_cell = located
            return (
                f"line {in_cell}" if other is span else f"line {in_cell} of cell {other.index + 1}"
            )

        return where


@dataclass(frozen=True)
class _Job:
    """One file to check, with everything a worker process needs to check it alone."""

    path: str
    # None: the worker reads the file (a notebook's JSON can be megabytes of pictures, not
    # worth reading in one process and copying to another)
    source: str | None
    config: Config
    fix: bool
    unsafe: bool


# The statements parsed so far in this process (a worker's own after the fork); one thread
# parses them, so libcst need not re-validate its parser's output.
_CACHE = StatementCache(validate=False)


def _check_file(job: _Job) -> FileResult | str:
    """Analyse (and fix) one file; a string says why it could not be read."""
    source, cells = job.source, None
    if source is None:
        try:
            source = _read(job.path)
        except OSError as error:
            return f"{job.path}: {error.strerror}"
    if job.path.endswith(".ipynb"):
        notebook = code_cells(source)
        if notebook is None:
            return FileResult(
                job.path, unreadable(job.path, not_a_notebook(source), job.config), source
            )
        source, cells = join_cells(notebook)
    analysis = analyse_source(source, job.path, job.config, _CACHE, cells)
    result = FileResult(job.path, _without_models(analysis), source, cells=cells)
    if job.fix and cells is None:  # notebooks are reported, not rewritten
        fixed = apply_fixes(source, analysis.diagnostics, unsafe=job.unsafe)
        if fixed != source:
            result.fixed_source = fixed
            result.analysis = _without_models(analyse_source(fixed, job.path, job.config, _CACHE))
    return result


def _without_models(analysis: Analysis) -> Analysis:
    """The findings alone: the model specs hold syntax trees, costly to send between processes."""
    return replace(analysis, models=[])


# Below this many files a second process costs more than it saves.
_FILES_PER_PROCESS = 8


# Parsing allocates millions of small objects, few of them in cycles, and most of what one file
# leaves alive is the statement cache's trees, which later files reuse. Python's collector keeps
# re-scanning those trees as they age through its generations. So the young objects are
# collected as they are allocated, though rarely (Python's default of every 700 allocations
# cost 6.0 s CPU against 5.2 s on 400 files), and the older ones once per file: what the file
# left in cycles is garbage then, and what survives is frozen, out of every later collection's
# sight. On 1,000 files of the ecosystem corpus checked in one process, collecting the older
# generations as they filled up cost 12.1 s CPU (three runs), once per file 11.3 s, with no
# higher peak memory. The gain grows with the run: on 400 files per process it is lost in noise.
_YOUNG_THRESHOLD = 100_000
_NEVER = 1_000_000_000  # the older generations: collected after each file, not by allocation


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage rarely while checking, and never re-scan what imports created (frozen
    before the workers fork, which also keeps their pages shared); restored afterwards."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(_YOUNG_THRESHOLD, _NEVER, _NEVER)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _check_and_collect(job: _Job) -> FileResult | str:
    """`_check_file`, then the garbage collection of what it allocated (see above)."""
    try:
        return _check_file(job)
    finally:
        gc.collect(1)
        gc.freeze()


def _cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the
    machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _check_all(jobs: list[_Job], processes: int | None) -> list[FileResult | str]:
    """Check every file, over several processes when there are enough files; in order."""
    with _fewer_collections():
        return _check_in_processes(jobs, processes)


def _check_in_processes(jobs: list[_Job], processes: int | None) -> list[FileResult | str]:
    processes = processes or _cores()
    processes = min(processes, len(jobs) // _FILES_PER_PROCESS)
    if processes < 2:
        return [_check_and_collect(job) for job in jobs]
    # fork where there is one: the children start with the engine already imported.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    chunk = max(1, len(jobs) // (processes * 4))
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        return list(pool.map(_check_and_collect, jobs, chunksize=chunk))


@dataclass(frozen=True)
class Finding:
    """A diagnostic and where to show it: a file, or a notebook cell (1-based) of a file."""

    path: str
    cell: int | None
    diagnostic: Diagnostic
    related_cells: tuple[int, ...] = ()  # in a notebook, the cell of each related place
    model_cell: int | None = None  # in a notebook, the cell of the model's line
    edit_cells: tuple[int, ...] = ()  # in a notebook, the cell of each edit of the fix
    # In a notebook, the cell of the layer the what-if changes, and of each of its layers.
    layer_cell: int | None = None
    layer_cells: tuple[int, ...] = ()

    @property
    def where(self) -> str:
        return self.path if self.cell is None else f"{self.path}:cell {self.cell}"

    @property
    def cell_note(self) -> str:
        return "" if self.cell is None else f"cell {self.cell}: "

    def fixable(self, unsafe: bool = False) -> bool:
        """Applied by --fix (with --unsafe-fixes when `unsafe`), outside notebooks, which --fix
        does not rewrite."""
        fix = self.diagnostic.fix
        allowed = ("safe", "unsafe") if unsafe else ("safe",)
        return fix is not None and fix.safety in allowed and self.cell is None

    def to_json(self) -> dict[str, Any]:
        found = self.diagnostic.to_json(self.path)
        if self.cell is not None:
            found["cell"] = self.cell
            for entry, cell in zip(found["related"], self.related_cells, strict=True):
                entry["cell"] = cell
            if self.model_cell is not None:
                found["model_cell"] = self.model_cell
            if found.get("fix") is not None:
                for entry, cell in zip(found["fix"]["edits"], self.edit_cells, strict=True):
                    entry["cell"] = cell
            if found.get("what_if") is not None:
                if self.layer_cell is not None:
                    found["what_if"]["layer_cell"] = self.layer_cell
                if self.layer_cells:
                    found["what_if"]["layer_cells"] = list(self.layer_cells)
        return found


def run(
    args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    overrides: dict[str, Any] = {}
    if args.select:
        overrides["select"] = _split(args.select)
    if args.ignore:
        overrides["ignore"] = _split(args.ignore)
    known = {rule.code for rule in all_rules()}
    for code in overrides.get("select", []) + overrides.get("ignore", []):
        if not any(k.startswith(code.upper()) for k in known):
            print(f"defib: error: unknown rule code or prefix {code!r}", file=stderr)
            return EXIT_ERROR

    jobs: list[_Job] = []
    errors = 0
    configs: dict[Path | None, Config] = {}
    pyprojects: dict[Path, Path | None] = {}  # by folder: the files of one share its lookup
    try:
        for item in _inputs(args.paths, args.stdin_filename, stderr):
            if item.missing:
                errors += 1
                continue
            path = item.path
            start = Path(path).resolve() if path != "-" else Path.cwd()
            folder = start if start.is_dir() else start.parent
            if folder not in pyprojects:
                pyprojects[folder] = find_pyproject(folder)
            pyproject = pyprojects[folder]
            if pyproject not in configs:
                configs[pyproject] = load_config(pyproject).with_overrides(overrides)
            jobs.append(
                _Job(
                    path, item.source, configs[pyproject], args.fix or args.diff, args.unsafe_fixes
                )
            )
    except ConfigError as error:
        print(f"defib: error: {error}", file=stderr)
        return EXIT_ERROR
    results: list[FileResult] = []
    for outcome in _check_all(jobs, args.jobs):
        if isinstance(outcome, FileResult):
            results.append(outcome)
        else:
            print(f"defib: error: {outcome}", file=stderr)
            errors += 1

    if args.add_noqa:
        added = _add_noqa(results, stderr)
        print(f"Added {added} noqa directive{'s' if added != 1 else ''}.", file=stdout)
        return EXIT_ERROR if errors else EXIT_CLEAN
    if args.diff:
        changed = _print_diff(results, stdout)
        return EXIT_FINDINGS if changed else (EXIT_ERROR if errors else EXIT_CLEAN)
    if args.fix:
        for result in results:
            if result.fixed_source is None:
                continue
            if result.path == "-":
                stdout.write(result.fixed_source)
                continue
            Path(result.path).write_text(result.fixed_source, encoding="utf-8", newline="")

    findings = [finding for r in results for finding in r.findings()]
    skipped = _report_skips(results, stderr)
    if args.statistics:
        _print_statistics(findings, stdout)
    elif args.output_format == "json":
        json.dump([f.to_json() for f in findings], stdout, indent=2)
        stdout.write("\n")
    elif args.output_format == "sarif":
        json.dump(_sarif(findings), stdout, indent=2)
        stdout.write("\n")
    elif args.output_format == "github":
        stdout.writelines(github_annotation(finding) for finding in findings)
    else:
        color = not args.no_color and stdout.isatty() and "NO_COLOR" not in os.environ
        _print_text(results, findings, stdout, color, args.fix, args.unsafe_fixes, skipped)
    if errors or any(r.analysis.internal_errors for r in results):
        return EXIT_ERROR
    # A hint is a pointer (the probe can tell), not a finding: alone it does not fail the check.
    failing = any(f.diagnostic.severity is not Severity.HINT for f in findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_CLEAN


def _add_noqa(results: list[FileResult], stderr: TextIO) -> int:
    """Write `# noqa` for every finding into its Python file; how many were added. Notebooks,
    stdin and syntax errors are left as they are, and so is a file the comments would break."""
    added = 0
    for result in results:
        found = [
            (d.range.start.line, d.code)
            for d in result.analysis.diagnostics
            if d.code != SYNTAX_ERROR_CODE
        ]
        if not found or result.cells is not None or result.path == "-":
            continue
        noted, count = with_noqa(result.source, found)
        if count == 0:
            stderr.write(f"warning: {result.path}: no noqa directive could be added\n")
        if noted != result.source:
            Path(result.path).write_text(noted, encoding="utf-8", newline="")
            added += count
    return added


def _split(text: str) -> list[str]:
    return [part.strip().upper() for part in text.split(",") if part.strip()]


@dataclass(frozen=True)
class _Input:
    path: str
    source: str | None = None  # None: the file at `path`, read by the process that checks it
    missing: bool = False


def _inputs(paths: Sequence[str], stdin_name: str, stderr: TextIO) -> Iterator[_Input]:
    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read()
            yield _Input(stdin_name, data.decode("utf-8", errors="replace"))
            continue
        path = Path(raw)
        if not path.exists():
            print(f"defib: error: {raw}: no such file or directory", file=stderr)
            yield _Input(raw, missing=True)
            continue
        files = [path] if path.is_file() else sorted(_python_files(path))
        for file in files:
            yield _Input(str(file))


def _read(path: str) -> str:
    """A file's text; undecodable bytes are replaced, never fatal."""
    return Path(path).read_bytes().decode("utf-8", errors="replace")


def _python_files(root: Path) -> Iterator[Path]:
    ignores = _gitignore_patterns(root)
    for directory, subdirectories, files in os.walk(root):
        here = Path(directory)
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if name not in SKIPPED_DIRECTORIES
            and not (here / name / "pyvenv.cfg").exists()
            and not _ignored(root, here / name, ignores)
        )
        for name in files:
            if name.endswith((".py", ".pyi", ".ipynb")) and not _ignored(
                root, here / name, ignores
            ):
                yield here / name


def _gitignore_patterns(root: Path) -> list[str]:
    try:
        text = (root / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [
        line.strip().rstrip("/")
        for line in text.splitlines()
        if line.strip() and not line.startswith(("#", "!"))
    ]


def _ignored(root: Path, path: Path, patterns: list[str]) -> bool:
    if not patterns:
        return False
    relative = path.relative_to(root).as_posix()
    return any(
        fnmatch.fnmatch(path.name, p) or fnmatch.fnmatch(relative, p.lstrip("/")) for p in patterns
    )


_COLORS = {"error": "31", "warning": "33", "info": "36", "hint": "2"}


def _print_text(
    results: list[FileResult],
    findings: list[Finding],
    out: TextIO,
    color: bool,
    fixed: bool,
    unsafe: bool,
    skipped: int,
) -> None:
    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    for finding in findings:
        d = finding.diagnostic
        location = f"{paint(finding.where, '1')}:{d.range.start.line}:{d.range.start.column + 1}:"
        marker = " [*]" if finding.fixable(unsafe) else ""
        if finding.cell is not None and d.fix is not None:
            marker = " [fix in editor]"  # a notebook's fixes are the editor's quick fixes
        code = paint(d.code, "1;" + _COLORS[d.severity.value])
        out.write(f"{location} {code}{marker} {d.message} ({d.severity.value})\n")
        cells = finding.related_cells or (None,) * len(d.related)
        for related, cell in zip(d.related, cells, strict=True):
            # Where the finding's evidence is (the output layer, the loss, the data), as
            # compilers print their notes: a line to jump to from a terminal.
            place = finding.path if cell is None else f"{finding.path}:cell {cell}"
            start = related.range.start
            out.write(f"  {place}:{start.line}:{start.column + 1}: note: {related.message}\n")
    fixed_count = sum(1 for r in results if r.fixed_source is not None)
    if findings:
        out.write(f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''}.\n")
        if any(finding.cell is not None for finding in findings):
            # As Jupyter's file holds them (and Ruff counts them): readers kept counting code
            # cells alone, or reading the execution counts.
            out.write("Notebook cells are counted from 1 in file order, markdown cells included.\n")
        if not fixed:
            out.write(_fix_summary(findings, unsafe))
    elif skipped:
        out.write(f"No findings in what was analysed; {skipped} skipped (see above).\n")
    elif not fixed_count:
        out.write("All checks passed!\n")
    if fixed and fixed_count:
        out.write(f"Fixed {fixed_count} file{'s' if fixed_count != 1 else ''}.\n")


def _fix_summary(findings: list[Finding], unsafe: bool) -> str:
    """What --fix would do, and how many unsafe fixes it leaves hidden (as ruff words it)."""
    safe = sum(1 for finding in findings if finding.fixable(unsafe))
    hidden = 0 if unsafe else sum(1 for f in findings if f.fixable(unsafe=True)) - safe
    command = "`defib check --fix --unsafe-fixes`" if unsafe else "`defib check --fix`"
    note = (
        f" ({hidden} hidden fix{'es' if hidden != 1 else ''} can be enabled with the"
        " `--unsafe-fixes` option)"
        if hidden
        else ""
    )
    # --fix rewrites .py files only: a notebook's fixes are the editor's quick fixes.
    cells = sum(1 for f in findings if f.cell is not None and f.diagnostic.fix is not None)
    in_cells = (
        f"{cells} fix{'es' if cells != 1 else ''} in notebook cells: apply "
        f"{'them as quick fixes' if cells != 1 else 'it as a quick fix'} in the editor (`--fix` rewrites .py "
        "files only).\n"
        if cells
        else ""
    )
    if safe:
        return f"[*] {safe} fixable with {command}{note}.\n{in_cells}"
    return (f"No fixes available{note}.\n" if hidden else "") + in_cells


def _report_skips(results: list[FileResult], stderr: TextIO) -> int:
    """Warn about every file or statement left unread; return how many there were."""
    count = 0
    for result in results:
        for code, error in result.analysis.internal_errors:
            stderr.write(f"error: {result.path}: {code} failed ({error}); please report it\n")
        reason = result.analysis.skipped
        if reason and reason != "no Keras import":
            stderr.write(f"warning: {result.path}: skipped: {reason}\n")
            count += 1
        for line, why in result.analysis.skipped_statements:
            stderr.write(f"warning: {result.path}:{line}: statement skipped: {why}\n")
            count += 1
    return count


def _print_statistics(findings: list[Finding], out: TextIO) -> None:
    counts = Counter((f.diagnostic.code, f.diagnostic.name) for f in findings)
    for (code, name), count in counts.most_common():
        out.write(f"{count:5d}\t{code}\t{name}\n")


def _print_diff(results: list[FileResult], out: TextIO) -> bool:
    changed = False
    for result in results:
        if result.fixed_source is None:
            continue
        changed = True
        out.writelines(
            difflib.unified_diff(
                result.source.splitlines(keepends=True),
                result.fixed_source.splitlines(keepends=True),
                fromfile=f"a/{result.path}",
                tofile=f"b/{result.path}",
            )
        )
    return changed


# GitHub Actions workflow commands: https://docs.github.com/actions/reference/workflow-commands
_GITHUB_COMMANDS = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}
_MESSAGE_ESCAPES = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY_ESCAPES = {**_MESSAGE_ESCAPES, ":": "%3A", ",": "%2C"}


def github_annotation(finding: Finding) -> str:
    """The finding as one GitHub Actions workflow command (`::error file=...::message`)."""
    d = finding.diagnostic
    properties = {
        "title": f"Defib ({d.code})",
        "file": finding.path,
        "line": d.range.start.line,
        "col": d.range.start.column + 1,
        "endLine": d.range.end.line,
        "endColumn": d.range.end.column + 1,
    }
    listed = ",".join(f"{k}={_escape(str(v), _PROPERTY_ESCAPES)}" for k, v in properties.items())
    message = _escape(f"{d.code} {finding.cell_note}{d.message}", _MESSAGE_ESCAPES)
    return f"::{_GITHUB_COMMANDS[d.severity.value]} {listed}::{message}\n"


def _escape(text: str, escapes: dict[str, str]) -> str:
    return "".join(escapes.get(character, character) for character in text)


# SARIF 2.1.0 as GitHub code scanning reads it: https://docs.oasis-open.org/sarif/sarif/v2.1.0/
_SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}
_HOMEPAGE = "https://github.com/defib-dev/defib"


def _sarif(findings: list[Finding]) -> dict[str, Any]:
    rules = all_rules()
    rules_json = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.message},
            "fullDescription": {"text": rule.summary()},
            "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity.value]},
            "helpUri": DOCS_URL.format(code=rule.code),
            "help": {"text": rule_page(rule), "markdown": rule_page(rule)},
        }
        for rule in rules
    ]
    index = {rule.code: position for position, rule in enumerate(rules)}
    return {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "defib",
                        "version": __version__,
                        "informationUri": _HOMEPAGE,
                        "rules": rules_json,
                    }
                },
                # Engine columns count characters, not the UTF-16 units SARIF readers assume.
                "columnKind": "unicodeCodePoints",
                "results": [_sarif_result(finding, index) for finding in findings],
            }
        ],
    }


def rule_page(rule: type[Rule]) -> str:
    """The rule's documentation page, as `defib rule CODE` prints it."""
    return f"# {rule.name} ({rule.code})\n\n{inspect.cleandoc(rule.__doc__ or rule.message)}"


def _sarif_result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    d = finding.diagnostic
    uri = _sarif_uri(finding.path)
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": _SARIF_LEVELS[d.severity.value],
        "message": {"text": finding.cell_note + d.message},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(d.range)}}
        ],
    }
    if d.code in rule_index:
        result["ruleIndex"] = rule_index[d.code]
    # A notebook's positions count lines in its cells, not in the .ipynb file: no fix applies.
    if d.fix is not None and finding.cell is None:
        result["fixes"] = [
            {
                "description": {"text": f"{d.fix.message} ({d.fix.safety} fix)"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri},
                        "replacements": [
                            {
                                "deletedRegion": _region(edit.range),
                                "insertedContent": {"text": edit.new_text},
                            }
                            for edit in d.fix.edits
                        ],
                    }
                ],
                "properties": {"safety": d.fix.safety},
            }
        ]
    return result


def _region(where: Range) -> dict[str, int]:
    return {
        "startLine": where.start.line,
        "startColumn": where.start.column + 1,
        "endLine": where.end.line,
        "endColumn": where.end.column + 1,
    }


def _sarif_uri(path: str) -> str:
    """A URI for `path`: relative paths stay relative (to the repository root, for GitHub)."""
    location = Path(path)
    if location.is_absolute():
        return location.as_uri()
    return urllib.parse.quote(location.as_posix(), safe="/")
