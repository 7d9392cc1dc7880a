"""Python 2 code, named as such and read as Python 3 would write it.

Many of the Keras scripts people still copy were written for Python 2: `print "loss", loss` a
few lines from a model that cannot train. Python 3 refuses the whole file at the first such
statement, and so would every rule. Where the only statements Python 3 refuses are the four
that 2to3 rewrites one line at a time (`print x`, `except E, e:`, `exec "code"`,
`raise E, "message"`), the rules read the file with those lines rewritten, each line kept
where it was, so every finding still points at the user's own text. The syntax error is
still reported; nothing is written to the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from defib.engine.source import SyntaxProblem, line_starts, parse_python


@dataclass(frozen=True)
class Statement:
    """A kind of statement only Python 2 has."""

    pattern: re.Pattern[str]
    what: str  # named in the syntax error's message
    whole: str  # a snippet that makes the line, stripped, a whole statement: `{}` is the line
    rewrite: Callable[[re.Match[str]], list[str]]  # Python 3 spellings of the line, to try

    def compiles(self, line: str) -> bool:
        """Whether Python 3 compiles `line` as this kind of statement."""
        text = line.strip()
        if text.endswith(":"):
            text += "\n    pass"
        return compiles_alone(self.whole.format(text))


def _print(match: re.Match[str]) -> list[str]:
    indent, body = match.group(1), match.group(2).strip()
    # A trailing comment may hold any text, quotes too: try the body cut at each `#`.
    cuts = [len(body), *(i for i in range(len(body) - 1, 0, -1) if body[i] == "#")]
    return [
        f"{indent}print({body[:cut].rstrip()}) {body[cut:]}".rstrip()
        for cut in cuts
        if body[:cut].strip()
    ]


def _except(match: re.Match[str]) -> list[str]:
    indent, caught, name, rest = match.groups()
    return [f"{indent}except {caught} as {name}:{rest}"]


def _exec(match: re.Match[str]) -> list[str]:
    return [f"{match.group(1)}exec({match.group(2).rstrip()})"]


def _raise(match: re.Match[str]) -> list[str]:
    indent, error, message = match.groups()
    return [f"{indent}raise {error}({message.rstrip()})"]


STATEMENTS = (
    Statement(
        re.compile(r"([ \t]*)print\s*((?:[\"']|\s[\w\"'\[{(>-]).*)"),
        "a `print` statement",
        "{}",
        _print,
    ),
    Statement(
        re.compile(r"([ \t]*)except\s+([\w.]+|\([\w., \t]+\))\s*,\s*(\w+)\s*:(.*)"),
        "`except E, name:`",
        "try:\n    pass\n{}",
        _except,
    ),
    Statement(re.compile(r"([ \t]*)exec\s+([\w\"'].*)"), "an `exec` statement", "{}", _exec),
    Statement(
        re.compile(r"([ \t]*)raise\s+([\w.]+)\s*,\s*(.+)"), "`raise E, message`", "{}", _raise
    ),
)


def compiles_alone(text: str) -> bool:
    try:
        compile(text, "<line>", "exec")
    except (SyntaxError, ValueError):
        return False
    return True


def refused_statement(line: str) -> Statement | None:
    """The Python 2 statement `line` is, when Python 3 refuses it."""
    for statement in STATEMENTS:
        if statement.pattern.match(line) and not statement.compiles(line):
            return statement
    return None


def in_long_strings(lines: list[str]) -> set[int]:
    """The indices of lines inside a triple-quoted string (a docstring's example), read
    roughly: quotes are counted, not parsed."""
    inside: set[int] = set()
    quote: str | None = None
    for index, line in enumerate(lines):
        if quote is not None:
            inside.add(index)
        for found in _TRIPLE_QUOTE.finditer(line):
            if quote is None:
                quote = found.group()
            elif found.group() == quote:
                quote = None
    return inside


_TRIPLE_QUOTE = re.compile(r'"""|\'\'\'')


@dataclass(frozen=True)
class Python3Reading:
    """A Python 2 file as Python 3 would write it, line for line."""

    source: str
    lines: frozenset[int]  # the lines rewritten, 1-based


def as_python3(source: str) -> Python3Reading | None:
    """`source` with each line that is a Python 2 statement rewritten as 2to3 writes it, or
    None when there is none, one cannot be rewritten on its own line, or the result still
    does not parse (other Python 2 code: backticks, `0777`, `ur""`, mixed tabs)."""
    starts = line_starts(source)
    lines = [source[starts[i] : starts[i + 1]] for i in range(len(starts) - 1)]
    bare = [line.rstrip("\r\n") for line in lines]
    in_strings = in_long_strings(bare)
    rewritten: set[int] = set()
    for index, line in enumerate(bare):
        if index in in_strings:
            continue
        statement = refused_statement(line)
        if statement is None:
            continue
        match = statement.pattern.match(line)
        assert match is not None
        spelled = next(
            (each for each in statement.rewrite(match) if statement.compiles(each)),
            None,
        )
        if spelled is None:
            return None
        lines[index] = spelled + lines[index][len(line) :]
        rewritten.add(index + 1)
    if not rewritten:
        return None
    text = "".join(lines)
    if isinstance(parse_python(text), SyntaxProblem):
        return None
    return Python3Reading(text, frozenset(rewritten))
