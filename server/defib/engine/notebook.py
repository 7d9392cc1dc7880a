"""Notebooks: their Python code cells joined into one source, and lines mapped back.

Cells run in order in one namespace, so a model built in one cell and compiled in another is one
model: the engine reads the cells joined, and each finding is mapped back to its cell.
"""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from defib.engine.source import SyntaxProblem, line_starts, parse_python

# IPython's own syntax, which Jupyter turns into Python before a cell runs. Each form becomes a
# placeholder on the same lines and columns, so what follows still parses and lines map back.
# %magic, !cmd, ?obj, ?? obj (help, a space allowed after the marks), ? alone (IPython's usage)
_MAGIC_OR_SHELL = re.compile(r"^(\s*)(?:[%!]|\?{1,2}\s*(?:[A-Za-z_%*]|$))")
# x = !cmd, x = %magic. The target starts with a character that is not a space, so the indent
# has one way to match: an indent shared by both parts costs time squared in its width.
_CAPTURE = re.compile(r"^(\s*[\w.,\[\]()*][\w.,\s\[\]()*]*?=\s*)[%!]")
_HELP_AFTER = re.compile(r"^(\s*)%{0,2}[A-Za-z_*][\w*]*(?:\.[A-Za-z_*][\w*]*)*\?\??\s*$")  # obj?
# Line magics that IPython runs without their `%` (automagic) and that people type bare.
_AUTOMAGIC = re.compile(
    r"^(\s*)(?:pip|conda|cd|ls|cat|cp|mv|rm|mkdir|pwd|env|load_ext|matplotlib|tensorflow_version)"
    # followed by an argument, not by an operator: `env = make(a,` is Python that goes on;
    # a `/` that starts a path (`cd /content/drive`) is an argument, `cd / 2` a division
    r"\s+(?![=(\[,:+*%<>&|^!]|/[\s/=(\[]|-=|(?:in|is|and|or|not|if|else|for)\b)"
)
# IPython's escapes for calling a function without brackets: `/f x` is f(x), `,f a b` is
# f("a", "b"), `;f a b` is f("a b"). No line of Python starts with one of these marks.
_ESCAPED_CALL = re.compile(r"^(\s*)[,;/]")
# `%time stmt` and `%timeit -n1 -r1 stmt` run their statement in the notebook's namespace.
_TIMED = re.compile(r"^(\s*)%(?:time|timeit)(?:\s+-[a-z](?:\s*\d+)?)*\s+(?=\S)")
# Every line the expressions above can match matches this one too; a cell without one is read
# as it is, without going through its lines (a third of a notebook's reading time). Spaces are
# read within a line (`[ \t]`), never across lines: a run of blank lines costs its length once.
_MAYBE_IPYTHON = re.compile(
    r"^[ \t]*[%!?,;/]|\?[ \t\r]*$|=[ \t]*[%!]"
    r"|^[ \t]*(?:pip|conda|cd|ls|cat|cp|mv|rm|mkdir|pwd|env|load_ext|matplotlib|tensorflow_version)\s",
    re.MULTILINE,
)
# Cell magics whose body is Python run in the notebook's namespace; any other cell magic's body
# (%%bash, %%writefile, %%html, %%bigquery, ...) is not part of the program.
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "tensorflow"})


@dataclass(frozen=True)
class CellSpan:
    index: int  # position of the cell among the notebook's cells (0-based, all kinds counted)
    first_line: int  # 1-based line of the joined source where the cell starts
    line_count: int

    def contains(self, line: int) -> bool:
        return self.first_line <= line < self.first_line + self.line_count


def _cell_source(text: str) -> str:
    """A cell's text as the engine reads it: IPython syntax replaced, ending with a newline."""
    lines = text.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    # A cell magic under comment lines: Jupyter refuses it, Colab runs it (notebooks saved
    # from Colab start `%%bash` cells that way), so it is read as Colab reads it.
    magic = next((i for i, line in enumerate(lines) if line.strip()[:1] not in ("", "#")), None)
    if magic is not None and lines[magic].lstrip().startswith("%%"):
        words = lines[magic].strip()[2:].split(maxsplit=1)
        if words and words[0] in _PYTHON_CELL_MAGICS:
            rest = _without_line_magics(lines[magic + 1 :])
            lines = [*lines[:magic], _commented(lines[magic]), *rest]
        else:
            lines = [_commented(line) for line in lines]
    elif first is not None and lines[first][:1] in (" ", "\t") and _runs_dedented(lines):
        # IPython takes the first line's indent off the lines that start with it before running
        # the cell. Reading it so would shift every column, so the cell is left unread rather
        # than called a syntax error.
        lines = [_commented(line) for line in lines]
    elif _MAYBE_IPYTHON.search(text) is not None:
        lines = _without_line_magics(lines)
    text = "".join(lines)
    return text if text.endswith("\n") else text + "\n"


def ipython_lines_as_python(lines: list[str]) -> list[str]:
    """The lines of a script exported from a notebook with IPython's line syntax (shell
    escapes, line magics, automagic, help, escaped calls) each read as `pass` in its place,
    as the cells of a notebook are read; the others as they are."""
    return _without_line_magics(lines)


def _without_line_magics(lines: list[str]) -> list[str]:
    out: list[str] = []
    scanner = _LogicalLines()
    continued = False  # the previous line was IPython syntax ending in a backslash
    for line in lines:
        body = line.rstrip("\r\n")
        if continued:
            out.append(_commented(line))
            continued = body.endswith("\\")
            continue
        # IPython's syntax starts a logical line: inside brackets or a string, `% x` is Python.
        replaced = _python_for(body) if scanner.at_statement_start else None
        if replaced is None:
            out.append(line)
            scanner.read(body)
            continue
        out.append(replaced + line[len(body) :])
        continued = body.endswith("\\")
    return out


class _LogicalLines:
    """Just enough of Python's tokenizer to tell whether a line starts a new statement."""

    def __init__(self) -> None:
        self.depth = 0  # open brackets
        self.quote: str | None = None  # the open string's delimiter
        self.backslash = False  # the last line ended in a line continuation

    @property
    def at_statement_start(self) -> bool:
        return self.depth == 0 and self.quote is None and not self.backslash

    def read(self, line: str) -> None:
        # Jumps from one character that matters to the next (a line of a notebook is read
        # with a regular expression, not character by character in Python).
        i, end = 0, len(line)
        while i < end:
            if self.quote is not None:
                found = _STRING_STOPS[self.quote].search(line, i)
                if found is None:
                    break
                if found.group() == "\\":
                    i = found.start() + 2
                else:
                    i = found.end()
                    self.quote = None
                continue
            found = _CODE_STOPS.search(line, i)
            if found is None:
                break
            char = found.group()
            i = found.start()
            if char == "#":
                break
            if char in "\"'":
                self.quote = line[i : i + 3] if line[i : i + 3] in ('"""', "'''") else char
                i += len(self.quote)
                continue
            if char in "([{":
                self.depth += 1
            else:
                self.depth = max(self.depth - 1, 0)
            i += 1
        self.backslash = line.endswith("\\") and self.quote is None
        if self.quote is not None and len(self.quote) == 1 and not line.endswith("\\"):
            self.quote = None  # an unclosed one-line string ends with its line (an error)


# What ends a string (or escapes a character in it), and what matters outside strings.
_STRING_STOPS = {q: re.compile(r"\\|" + q) for q in ('"', "'", '"""', "'''")}
_CODE_STOPS = re.compile(r"[#\"'()\[\]{}]")


def _python_for(line: str) -> str | None:
    """What stands in for one line of IPython syntax; None for a line of Python."""
    timed = _TIMED.match(line)
    width = timed.end() - len(timed.group(1)) if timed is not None else 0
    if timed is not None and width >= len("pass;"):
        # The statement keeps its columns behind a `pass;` of the magic's width.
        python = "pass;".ljust(width) + line[timed.end() :]
        if _compiles(python):  # a compound statement cannot follow `pass;`
            return timed.group(1) + python
    if (match := _MAGIC_OR_SHELL.match(line) or _HELP_AFTER.match(line)) is not None:
        return match.group(1) + "pass"
    if (match := _CAPTURE.match(line)) is not None and not _compiles(line):
        # IPython assigns get_ipython().getoutput(...): a value nothing here can know.
        return match.group(1) + "get_ipython()"
    if (match := _AUTOMAGIC.match(line)) is not None and not _compiles(line):
        return match.group(1) + "pass"
    if (match := _ESCAPED_CALL.match(line)) is not None and not _compiles(line):
        return match.group(1) + "pass"
    return None


def _runs_dedented(lines: list[str]) -> bool:
    text = "".join(lines)
    if _compiles(text, strip=False):
        return False
    return _compiles("".join(_without_line_magics(_leading_indent_removed(lines))), False)


def _leading_indent_removed(lines: list[str]) -> list[str]:
    """The cell as IPython runs it: the first line's leading spaces or tabs taken off every
    line that starts with them (others are left as they are, unlike `textwrap.dedent`)."""
    indent = re.match(r"[ \t]+", lines[0]) if lines else None
    if indent is None:
        return lines
    prefix = indent.group()
    return [line[len(prefix) :] if line.startswith(prefix) else line for line in lines]


def _commented(line: str) -> str:
    stripped = line.lstrip(" \t")
    return line[: len(line) - len(stripped)] + "#" + stripped if stripped.strip() else line


def _compiles(text: str, strip: bool = True) -> bool:
    try:
        compile(text.strip() if strip else text, "<cell>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def join_cells(cells: Sequence[tuple[int, str]]) -> tuple[str, list[CellSpan]]:
    """Join (index, text) code cells into one source, with where each cell landed."""
    chunks: list[str] = []
    spans: list[CellSpan] = []
    line = 1
    for index, text in cells:
        source = _cell_source(text)
        count = len(line_starts(source)) - 1  # lines as the engine numbers them
        spans.append(CellSpan(index, line, count))
        chunks.append(source)
        line += count
    return "".join(chunks), spans


def code_cells(notebook_json: str) -> list[tuple[int, str]] | None:
    """The (index, source) of a .ipynb file's code cells; None when it is not a notebook."""
    try:
        data = json.loads(notebook_json)
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return None
    cells: list[tuple[int, str]] = []
    for index, cell in enumerate(data["cells"]):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(part for part in source if isinstance(part, str))
        if isinstance(source, str):
            cells.append((index, source))
    return cells


_CONFLICT_MARKER = "<<<<<<< "


def not_a_notebook(notebook_json: str) -> SyntaxProblem:
    """Why `code_cells` refused `notebook_json`, and where in the file (as a syntax error is
    reported: Ruff reports an unreadable notebook the same way)."""
    try:
        json.loads(notebook_json)
    except json.JSONDecodeError as error:
        message = f"The notebook is not valid JSON: {error.msg}"
        if notebook_json.startswith(_CONFLICT_MARKER, error.pos):
            message = "The notebook holds an unresolved merge conflict (<<<<<<<): it is not JSON"
        return SyntaxProblem(message, error.lineno, error.colno - 1)
    except RecursionError:
        return SyntaxProblem("The notebook's JSON nests too deeply to read", 1, 0)
    return SyntaxProblem("The file is JSON but not a notebook: it has no list of cells", 1, 0)


def is_notebook(path: str) -> bool:
    return path.lower().endswith(".ipynb")


def read_cells(path: str) -> tuple[str, list[CellSpan]] | None:
    """The notebook's code cells joined, with where each landed; None if it is unreadable."""
    try:
        with open(path, encoding="utf-8") as handle:
            cells = code_cells(handle.read())
    except (OSError, UnicodeDecodeError):
        return None
    return None if cells is None else join_cells(cells)


# A cell marker of a notebook kept as a script: `# %%` (VS Code, Spyder, Jupytext's percent
# format) or `# In[3]:` (what Jupyter's "download as .py" writes).
_CELL_MARKER = re.compile(r"^# (?:%%|In\[[ \d]*\]:)", re.MULTILINE)


def script_cells(source: str) -> list[CellSpan] | None:
    """The cells of a script written as a notebook's cells, from its markers (the lines before
    the first one are a cell too); None when it has fewer than two."""
    starts = [source.count("\n", 0, m.start()) + 1 for m in _CELL_MARKER.finditer(source)]
    if len(starts) < 2:
        return None
    lines = source.count("\n") + (not source.endswith("\n"))
    bounds = [1, *starts] if starts[0] > 1 else starts
    ends = [*bounds[1:], lines + 1]
    return [
        CellSpan(index, first, end - first)
        for index, (first, end) in enumerate(zip(bounds, ends, strict=True))
    ]


def locate(spans: Sequence[CellSpan], line: int) -> tuple[CellSpan, int] | None:
    """The cell holding joined line `line` and the 1-based line inside that cell."""
    for span in spans:
        if span.contains(line):
            return span, line - span.first_line + 1
    return None


# "... opening parenthesis '[' on line 3", "unterminated string literal (detected at line 9)"
_LINE_REFERENCE = re.compile(r"\b(on|at) line (\d+)\b")


def cell_lines_in(message: str, where: Callable[[int], str | None]) -> str:
    """A syntax error's message with each "on line N" or "at line N" of the cells joined told
    as `where(N)` says it ("line 6", "line 3 of cell 4"); left as it is where `where` gives None."""

    def told(match: re.Match[str]) -> str:
        said = where(int(match.group(2)))
        return match.group(0) if said is None else f"{match.group(1)} {said}"

    return _LINE_REFERENCE.sub(told, message)


# The name each broken cell's stand-in binds: no notebook defines it, so the engine reads its
# value as unknown.
_UNKNOWN = "__defib_broken_cell__"
# Where a line of a broken cell binds or changes a name: the names before an `=` (or `+=`, ...)
# that opens no bracket, the name a line starts with when an attribute or an item follows
# (`model.add(`, `x[0] =`), and the names `def`, `class`, `import`, `as`, `for` and `global` bind.
# The names start with a character that is not a space, so a long indent is read once.
_ASSIGNED = re.compile(
    r"^\s*((?:[^=#'\"\s][^=#'\"]*?)?)(?<![=!<>])(?:[-+*/%&|^@]|//|\*\*|>>|<<)?=(?!=)"
)
_CHANGED = re.compile(r"^\s*([A-Za-z_]\w*)\s*[.\[]")
_BOUND = re.compile(
    r"\b(?:def|class|as|global|nonlocal)\s+([A-Za-z_]\w*)"
    r"|^\s*(?:async\s+)?for\s+(.*?)\s+in\b"
    r"|^\s*import\s+(.*)$"
    r"|^\s*from\s+\S+\s+import\s+\(?([^#]*)"
)
_NAME = re.compile(r"[A-Za-z_]\w*")
_KEYWORDS = frozenset(keyword.kwlist)


def _names_touched(text: str) -> set[str]:
    """The names a cell that does not compile may bind or change, read line by line (an
    over-estimate: the names it leaves unknown are all the rest of the notebook loses)."""
    names: set[str] = set()
    for line in re.split(r"\r\n|\r|\n", text):
        assigned = _ASSIGNED.match(line)
        if assigned is not None and _balanced(assigned.group(1)):
            names.update(_NAME.findall(assigned.group(1)))
        changed = _CHANGED.match(line)
        if changed is not None:
            names.add(changed.group(1))
        for match in _BOUND.finditer(line):
            bound = next(group for group in match.groups() if group is not None)
            if match.group(3) is not None:  # `import a.b as c, d`: a (or c) and d
                bound = ",".join(part.split(".")[0] for part in bound.split(","))
            names.update(_NAME.findall(bound))
    return {name for name in names if name not in _KEYWORDS}


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += char in "([{"
        depth -= char in ")]}"
        if depth < 0:
            return False
    return depth == 0


def without_broken_cells(
    source: str, spans: Sequence[CellSpan]
) -> tuple[str, list[SyntaxProblem]] | None:
    """The joined cells as Jupyter runs them when some do not compile, and each one's syntax
    error; None when no cell fails on its own (the join itself is what breaks).

    Jupyter compiles every cell on its own, so one that does not compile raises its error and
    the others still run. Each such cell keeps its lines, blank but for the first, which makes
    every name the cell may bind or change (`_names_touched`) unknown: a model whose layers the
    cell adds, or data it scales, is not judged on what came before it."""
    starts = line_starts(source)
    lines = len(starts) - 1
    problems: list[SyntaxProblem] = []
    pieces: list[str] = []
    position = 0  # where the source not yet copied starts
    for span in spans:
        if span.line_count == 0:
            continue
        last = min(span.first_line + span.line_count, lines + 1)
        start, end = starts[span.first_line - 1], starts[last - 1]
        text = source[start:end]
        problem = _syntax_problem(text)
        if problem is None:
            continue
        problems.append(_shifted(problem, span.first_line - 1))
        names = sorted(_names_touched(text))
        stand_in = " = ".join([*names, _UNKNOWN]) if names else "pass"
        pieces += [source[position:start], stand_in + "\n" * (last - span.first_line)]
        position = end
    if not problems:
        return None
    pieces.append(source[position:])
    return "".join(pieces), problems


def _shifted(problem: SyntaxProblem, lines: int) -> SyntaxProblem:
    """A cell's syntax error told in the lines of the joined source, `lines` further down
    (the message's own "on line N" too)."""

    def moved(match: re.Match[str]) -> str:
        return f"{match.group(1)} line {int(match.group(2)) + lines}"

    message = _LINE_REFERENCE.sub(moved, problem.message)
    return SyntaxProblem(message, problem.line + lines, problem.column)


def _syntax_problem(text: str) -> SyntaxProblem | None:
    parsed = parse_python(text)
    return parsed if isinstance(parsed, SyntaxProblem) else None
