"""A file as a list of top-level statements, each parsed by libcst and cached by its text.

Parsing a whole 1,000-line file with libcst costs about 90 ms and resolving positions over it
another 200 ms, too slow to redo on every keystroke. Python's own parser finds the statement
boundaries in a few milliseconds; libcst then parses only statements whose text changed, and
positions are resolved only for statements where something is reported.
"""

from __future__ import annotations

import ast
import bisect
import contextlib
import inspect
import io
import itertools
import re
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst._nodes.base import CSTNode
from libcst._nodes.internal import CodegenState
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from defib.engine.diagnostics import Range


def dotted_name(node: cst.BaseExpression) -> str | None:
    """`keras.layers.Dense` of a name or an attribute chain of names; None for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def import_bindings(node: cst.Import | cst.ImportFrom) -> Iterator[tuple[str, str | None]]:
    """The names an import binds, each with the dotted path it stands for: `import numpy as
    np` binds `np` to `numpy`, `import os.path` binds `os` to `os`, `from keras import layers
    as L` binds `L` to `keras.layers`; a relative import's names stand for None (not known).
    A star import binds nothing here."""
    if isinstance(node, cst.Import):
        for alias in node.names:
            dotted = dotted_name(alias.name)
            if dotted is None:
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                yield alias.asname.name.value, dotted
            else:
                head = dotted.split(".")[0]
                yield head, head
        return
    if isinstance(node.names, cst.ImportStar):
        return
    module = None if node.relative or node.module is None else dotted_name(node.module)
    for alias in node.names:
        name = dotted_name(alias.name)
        if name is None:
            continue
        bound = name
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            bound = alias.asname.name.value
        yield bound, f"{module}.{name}" if module else None


def child_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    """`node.children`, in the same order, read from the node's fields. libcst computes
    `children` by rebuilding the node with a visitor, which validates every node it makes
    again: reading the fields is three times as fast, and on real files the walks that use
    `children` had cost a tenth of the analysis."""
    children: list[cst.CSTNode] = []
    for name in _child_fields(type(node)):
        value = getattr(node, name)
        kind = type(value)
        if kind is tuple or kind is list:
            children.extend(value)
        elif _is_node_class(kind):
            children.append(value)
    return children


def _is_node_class(kind: type) -> bool:
    """Whether values of this type are nodes: once per type, as `isinstance` against libcst's
    abstract base class costs an ABC check per value (a third of a walk)."""
    known = _NODE_CLASSES.get(kind)
    if known is None:
        known = _NODE_CLASSES[kind] = issubclass(kind, CSTNode)
    return known


_NODE_CLASSES: dict[type, bool] = {}


def _child_fields(cls: type[cst.CSTNode]) -> tuple[str, ...]:
    """The fields of a node class that hold its children, in the order its visitor visits
    them: the order of `children`, which is the order they are written in."""
    fields = _CHILD_FIELDS.get(cls)
    if fields is None:
        visits = inspect.getsource(cls._visit_and_replace_children)
        fields = _CHILD_FIELDS[cls] = tuple(dict.fromkeys(_VISITED_FIELD.findall(visits)))
    return fields


# `visit_required(self, "func", self.func, visitor)`: a child field, by name. Checked against
# `children` over real files in tests/engine/test_child_nodes.py.
_VISITED_FIELD = re.compile(r'visit_\w+\(\s*self,\s*"(\w+)"')
_CHILD_FIELDS: dict[type[cst.CSTNode], tuple[str, ...]] = {}


def walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """`node` and every node inside it, depth first. Walked with a stack: a long expression
    (a string joined from hundreds of parts) nests deeper than Python's recursion limit."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(child_nodes(current)))


def code_only(statements: Sequence[str]) -> Iterator[str]:
    """The file's statements without their comments, docstrings left out."""
    for statement in statements:
        if not _STRING_STATEMENT.match(statement):
            yield "\n".join(_without_comment(line) for line in statement.splitlines())


def _without_comment(line: str) -> str:
    """`line` up to a `#` that is not inside a string on that line."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#":
            return line[:index]
    return line


# A statement that is only a string (a docstring).
_STRING_STATEMENT = re.compile(r"\s*[rRbBuUfF]*['\"]")


def callee_tail(func: cst.BaseExpression) -> str | None:
    """The name a call's function ends in: `log` of `log(x)`, `K.log(x)` or `x.log()`."""
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return None


def number_literal(node: cst.BaseExpression) -> float | None:
    """The number a literal (or its negation) writes, else None."""
    sign = 1.0
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        sign, node = -1.0, node.expression
    if isinstance(node, (cst.Integer, cst.Float)):
        try:
            return sign * float(node.evaluated_value)
        except (ValueError, OverflowError):
            return None
    return None


def own_nodes(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """`node` and every node inside it, except inside the functions, classes and lambdas
    defined in it: what one block runs itself."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(
            child
            for child in reversed(child_nodes(current))
            if not isinstance(child, (cst.FunctionDef, cst.ClassDef, cst.Lambda))
        )


def target_names(target: cst.BaseExpression) -> list[str]:
    """The plain names an assignment target binds (`a`, `a, (b, c)`); none for `x[i]`, `o.a`."""
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for e in target.elements for n in target_names(e.value)]
    return []


def found_at_word_start(pattern: re.Pattern[str], text: str) -> bool:
    """Whether `pattern`, which opens with a word character, matches where a word starts (as
    it would after a leading `\\b`). Python's `re` scans a pattern that opens with `\\b` far
    slower than one that opens with letters: over 1,500 files of the ecosystem corpus, 246 ms
    against 57, about 2% of a whole check."""
    for match in pattern.finditer(text):
        start = match.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            return True
    return False


def line_starts(text: str) -> list[int]:
    """Offset where each line of `text` starts (0-based line index), then the text's end.

    Only \n, \r\n and \r end a line, as for Python (str.splitlines also splits on form feeds).
    """
    starts = [0]
    for line in io.StringIO(text, newline="").readlines():
        starts.append(starts[-1] + len(line))
    return starts


@dataclass(eq=False)
class ParsedStatement:
    """The parse of one top-level statement's text, shared by every file that contains it."""

    module: cst.Module
    code: str
    _positions: Mapping[cst.CSTNode, CodeRange] | None = field(default=None, repr=False)
    _line_offsets: list[int] | None = field(default=None, repr=False)

    def offsets(self, node: cst.CSTNode) -> tuple[int, int]:
        """Start and end offsets of `node` (without its own parentheses) in `code`.

        Resolving libcst positions regenerates the whole statement's code, which dominates the
        cost of analysing a small file. A node printed on one line whose text occurs exactly
        once in the statement can only be at that occurrence, so it is found by search.
        """
        if self._positions is None and not getattr(node, "lpar", None):
            text = self.module.code_for_node(node)
            if text and "\n" not in text and "\r" not in text:
                first = self.code.find(text)
                if first >= 0 and self.code.find(text, first + 1) < 0:
                    return first, first + len(text)
        code_range = self.positions()[node]
        lines = self.line_offsets()
        return (
            lines[code_range.start.line - 1] + code_range.start.column,
            lines[code_range.end.line - 1] + code_range.end.column,
        )

    def start_offset(self, node: cst.CSTNode) -> int:
        """Where `node` starts, found by its first line's text when that is unambiguous (a
        model's line is needed for every finding, and most model calls span lines)."""
        if self._positions is None and not getattr(node, "lpar", None):
            first_line = _first_line_of_code(node, self.module)
            if first_line:
                first = self.code.find(first_line)
                if first >= 0 and self.code.find(first_line, first + 1) < 0:
                    return first
        return self.offsets(node)[0]

    def line_and_column(self, offset: int) -> tuple[int, int]:
        """1-based line and 0-based column of a character offset in `code`."""
        lines = self.line_offsets()
        index = bisect.bisect_right(lines, offset) - 1
        index = min(index, len(lines) - 1)
        return index + 1, offset - lines[index]

    def line_offsets(self) -> list[int]:
        """Offset of the start of each line of `code` (0-based line index)."""
        if self._line_offsets is None:
            self._line_offsets = line_starts(self.code)
        return self._line_offsets

    def positions(self) -> Mapping[cst.CSTNode, CodeRange]:
        if self._positions is None:
            wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
            self._positions = wrapper.resolve(PositionProvider)
        return self._positions


@dataclass(frozen=True)
class WrittenText:
    """A statement as the file writes it, when it was parsed with its indentation's tabs
    expanded (libcst loses track of some mixes of tabs and spaces that Python accepts)."""

    text: str
    indents: Mapping[int, tuple[int, int]]  # by 0-based line: (indent as parsed, as written)
    starts: list[int]  # where each line starts in `text`

    def offset(self, parsed: ParsedStatement, offset: int) -> int:
        """Where a character offset of the parsed text falls in the text as written."""
        line, column = parsed.line_and_column(offset)
        wide, narrow = self.indents.get(line - 1, (0, 0))
        column = column - wide + narrow if column >= wide else min(column, narrow)
        return self.starts[line - 1] + column

    def line_and_column(self, offset: int) -> tuple[int, int]:
        index = min(bisect.bisect_right(self.starts, offset) - 1, len(self.starts) - 1)
        return index + 1, offset - self.starts[index]


@dataclass(eq=False)
class Chunk:
    """One top-level statement of a file: its parse and the line it starts on. Offsets,
    ranges and texts are the file's, also when the parse was of the tabs expanded."""

    parsed: ParsedStatement
    first_line: int  # 1-based line of the chunk's first line in the file
    written: WrittenText | None = None

    @property
    def module(self) -> cst.Module:
        return self.parsed.module

    @property
    def statements(self) -> tuple[cst.CSTNode, ...]:
        return tuple(self.parsed.module.body)

    def text_of(self, node: cst.CSTNode) -> str:
        """The exact source text of `node`."""
        start, end = self._offsets(node)
        return self.code[start:end]

    @property
    def code(self) -> str:
        return self.parsed.code if self.written is None else self.written.text

    def offset_of(self, node: cst.CSTNode) -> int:
        """Character offset of `node`'s start within this statement's code."""
        return self._offsets(node)[0]

    def end_offset_of(self, node: cst.CSTNode) -> int:
        return self._offsets(node)[1]

    def _offsets(self, node: cst.CSTNode) -> tuple[int, int]:
        start, end = self.parsed.offsets(node)
        if self.written is None:
            return start, end
        return self.written.offset(self.parsed, start), self.written.offset(self.parsed, end)

    def line_of(self, node: cst.CSTNode) -> int:
        """The 1-based file line where `node` starts."""
        line, _ = self.parsed.line_and_column(self.parsed.start_offset(node))
        return line + self.first_line - 1

    def range_of(self, node: cst.CSTNode) -> Range:
        start, end = self._offsets(node)
        where = self.parsed if self.written is None else self.written
        start_line, start_column = where.line_and_column(start)
        end_line, end_column = where.line_and_column(end)
        offset = self.first_line - 1
        return Range.of(start_line + offset, start_column, end_line + offset, end_column)


def indent_tabs_expanded(text: str) -> tuple[str, WrittenText] | None:
    """`text` with the tabs of every line's indentation expanded as Python counts them (to the
    next multiple of 8), and `text` as written; None when no line is indented with a tab.
    Python accepts a mix only where both readings agree, so the blocks stay the same."""
    lines = io.StringIO(text, newline="").readlines()
    indents: dict[int, tuple[int, int]] = {}
    for index, line in enumerate(lines):
        body = line.lstrip(" \t")
        indent = line[: len(line) - len(body)]
        if "\t" in indent:
            expanded = indent.expandtabs(8)
            lines[index] = expanded + body
            indents[index] = (len(expanded), len(indent))
    if not indents:
        return None
    return "".join(lines), WrittenText(text, indents, line_starts(text))


class _FirstLineReached(Exception):
    pass


class _FirstLineState(CodegenState):
    """Code generation that stops at the first line break: a model call spans many lines,
    and only its first is needed to find where it starts."""

    def add_token(self, value: str) -> None:
        super().add_token(value)
        if "\n" in value or "\r" in value:
            raise _FirstLineReached


def _first_line_of_code(node: cst.CSTNode, module: cst.Module) -> str:
    state = _FirstLineState(module.default_indent, module.default_newline)
    with contextlib.suppress(_FirstLineReached):
        node._codegen(state)
    return "".join(state.tokens).split("\n", 1)[0].split("\r", 1)[0]


# libcst validates every node it builds, also those its own parser builds from valid code (its
# source says as much: "PERF: ... avoid validating the tree when parsing a file"); that is an
# eighth of a parse. Taken once, so that a restore never puts back anything else.
_VALIDATE_NODE = CSTNode.__post_init__


def _no_validation(self: CSTNode) -> None:
    pass


def _parse_unvalidated(text: str) -> cst.Module:
    """`cst.parse_module` without re-validating the parser's output. Not for threads: the
    switch is libcst's, process-wide (`defib check` parses in one thread per process)."""
    CSTNode.__post_init__ = _no_validation  # type: ignore[method-assign]
    try:
        return cst.parse_module(text)
    finally:
        CSTNode.__post_init__ = _VALIDATE_NODE  # type: ignore[method-assign]


class StatementCache:
    """A bounded least-recently-used map from statement text to its parse.

    Thread-safe: the language server analyses several documents at once with one cache. With
    `validate=False` (one thread only) libcst does not re-validate what its parser built.
    """

    def __init__(self, capacity: int = 4096, validate: bool = True) -> None:
        self.capacity = capacity
        self._parse = cst.parse_module if validate else _parse_unvalidated
        self._entries: OrderedDict[str, ParsedStatement] = OrderedDict()
        self._lock = threading.Lock()

    def parse(self, text: str) -> ParsedStatement:
        with self._lock:
            entry = self._entries.get(text)
            if entry is not None:
                self._entries.move_to_end(text)
                return entry
        parsed = ParsedStatement(self._parse(text), text)  # outside the lock: the slow part
        with self._lock:
            entry = self._entries.setdefault(text, parsed)
            if len(self._entries) > self.capacity:
                self._entries.popitem(last=False)
        return entry

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True)
class SyntaxProblem:
    message: str
    line: int  # 1-based
    column: int  # 0-based


# A top-level statement that only a function or a loop may hold (`return model` left at
# column 0 when a function's body ended early): Python's parser accepts it, its compiler does
# not, and neither does Jupyter.
OUTSIDE_ITS_BLOCK = re.compile(r"^(?:return|yield|break|continue|nonlocal)\b", re.MULTILINE)


def parse_python(source: str) -> ast.Module | SyntaxProblem:
    """`source` parsed by Python's own parser, or why it won't parse (or compile: a `return`
    outside a function, a `break` outside a loop)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # A file that opens with a byte-order mark is read by Python without it.
            tree = ast.parse(source.removeprefix("\ufeff"))
            if OUTSIDE_ITS_BLOCK.search(source) is not None:
                # Rare (a docstring line may match too): compile to hear the compiler's word.
                compile(tree, "<defib>", "exec", ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, True)
            return tree
    except SyntaxError as error:
        return SyntaxProblem(
            error.msg or "invalid syntax",
            max(error.lineno or 1, 1),
            max((error.offset or 1) - 1, 0),
        )
    except UnicodeEncodeError as error:
        # A lone surrogate (half of a character, an emoji broken by an editor or an export)
        # has no UTF-8 form, which the parser needs: say where it is.
        line = source.count("\n", 0, error.start) + 1
        column = error.start - (source.rfind("\n", 0, error.start) + 1)
        character = error.object[error.start : error.end]
        return SyntaxProblem(
            f"the text holds {character!r}, half of a character (a broken emoji?), which has "
            "no UTF-8 form",
            line,
            column,
        )
    except (ValueError, RecursionError, MemoryError, OverflowError) as error:
        return SyntaxProblem(f"cannot parse: {error}", 1, 0)


# What the scan below must step over to find where a top-level statement starts: comments,
# strings (a triple-quoted one may span lines), brackets, and a backslash that joins two lines.
# Backslash escapes are read alike in raw strings: there too `\"` does not end the string.
_TOKEN = re.compile(
    r"#[^\r\n]*"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\r\n]|\\(?:\r\n|.))*"'
    r"|'(?:[^'\\\r\n]|\\(?:\r\n|.))*'"
    r"|\\(?:\r\n|\r|\n)"
    r"|[(\[{)\]}]|\r\n|\r|\n",
    re.DOTALL,
)
# A line that cannot begin a top-level statement, though nothing holds it open: indented or
# blank, a comment, a closing bracket, or the next clause of a compound statement.
_NOT_A_START = re.compile(r"[\s#)\]}\\]|(?:else|elif|except|finally)\b")
_DECORATED = re.compile(r"(?:async\s+def|def|class)\b")


def scan_statements(source: str) -> list[tuple[int, str]]:
    """Split `source` into (first line, text) per top-level statement as `split_statements`
    does, by scanning its lines instead of parsing it: a fifth of the time of Python's parser.

    It does not check the syntax, and code it misreads splits wrongly; so the caller parses
    each piece and, when one fails or holds other than one statement, asks `split_statements`.
    """
    lines = io.StringIO(source, newline="").readlines()
    line_at = dict(zip(itertools.accumulate(map(len, lines), initial=0), itertools.count(1)))
    logical = [1]  # lines where a logical line starts: not inside brackets or a string
    depth = 0
    for token in _TOKEN.finditer(source):
        first = token.group()[0]
        if first in "([{":
            depth += 1
        elif first in ")]}":
            depth = max(depth - 1, 0)
        elif first in "\r\n" and depth == 0 and token.end() in line_at:
            logical.append(line_at[token.end()])
    starts: list[int] = []
    decorators = False  # the last start is a decorator line, whose def or class is to come
    for number in logical:
        if number > len(lines):
            break
        line = lines[number - 1].lstrip("\ufeff")  # a byte-order mark opens no statement
        if _NOT_A_START.match(line):
            if not starts and line.strip() and not line.lstrip().startswith("#"):
                starts.append(number)  # indented code before any statement: let it fail
            continue
        if decorators and (line.startswith("@") or _DECORATED.match(line)):
            decorators = line.startswith("@")
            continue
        decorators = line.startswith("@")
        starts.append(number)
    ends = [*starts[1:], len(lines) + 1] if starts else []
    return [
        (start, "".join(lines[start - 1 : end - 1]))
        for start, end in zip(starts, ends, strict=True)
    ]


def split_statements(source: str) -> list[tuple[int, str]] | SyntaxProblem:
    """Split `source` into (first line, text) per top-level statement, or say why it won't parse."""
    tree = parse_python(source)
    if isinstance(tree, SyntaxProblem):
        return tree

    # Only \n, \r\n and \r end a line for Python (str.splitlines also splits on form feeds).
    lines = io.StringIO(source, newline="").readlines()
    starts: list[int] = []
    for statement in tree.body:
        first = statement.lineno
        decorators = getattr(statement, "decorator_list", ())
        if decorators:
            first = min(first, *(d.lineno for d in decorators))
        if not starts or first > starts[-1]:
            starts.append(first)
    chunks: list[tuple[int, str]] = []
    for index, start in enumerate(starts):
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(lines)
        chunks.append((start, "".join(lines[start - 1 : end])))
    return chunks
