"""Python 2 code, named as such and read as Python 3 would write it.

Many of the Keras scripts people still copy were written for Python 2: `print "loss", loss` a
few lines from a model that cannot train. Python 3 refuses the whole file at the first such
statement, and so would every rule. Where the only statements Python 3 refuses are the four
that 2to3 rewrites one line at a time (`print x`, `except E, e:`, `exec "code"`,
`raise E, "message"`), the rules read the file with those lines rewritten, each line kept
where it was, so every finding still points at the user's own text. The syntax error is
still reported; nothing is written to the file. Other Python 2 code (a tuple parameter,
backquotes, `0777`, `10L`, `<>`, `ur""`, indentation mixing tabs and spaces) is named where
Python 3 stops at it, and where it keeps a file from being read, the error says which line.
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


@dataclass(frozen=True)
class Habit:
    """Python 2 code with no line-for-line rewrite here, named where Python 3 stops at it."""

    name: str
    python2_only: bool  # Python 3 never accepted it: it names the file as Python 2 code
    seen: Callable[[str, str], bool]  # (Python 3's message, the line's code) -> whether it is
    note: str = ""  # said after Python's message where the habit alone is named


HABITS = (
    Habit(  # `if i % 100 == 0: print i`: not a statement of its own line, so not rewritten
        "a `print` statement after other code on its line",
        True,
        lambda message, _code: message.startswith("Missing parentheses in call to 'print'"),
    ),
    Habit(
        "a tuple parameter such as `lambda (x, y): ...`",
        True,
        lambda message, _code: message.endswith("parameters cannot be parenthesized"),
    ),
    Habit(
        "an octal literal such as `0777`, which Python 3 writes `0o777`",
        True,
        lambda message, _code: message.startswith("leading zeros in decimal integer literals"),
    ),
    Habit(
        "backquotes, Python 2's `repr()`",
        True,
        # A pair, as `repr` takes one expression; a stray backtick is a typo in any Python.
        lambda message, code: (
            message == "invalid syntax" and re.search(r"`[^`]+`", code) is not None
        ),
    ),
    Habit(
        "`<>`, Python 2's `!=`",
        True,
        lambda message, code: message == "invalid syntax" and "<>" in code,
    ),
    Habit(
        "a long integer literal such as `10L`",
        True,
        lambda _message, code: re.search(r"\b\d+[lL]\b", code) is not None,
    ),
    Habit(
        'a `ur"..."` string, which Python 3 writes `r"..."`',
        True,
        lambda _message, code: re.search(r"\b[uU][rR][\"']", code) is not None,
    ),
    Habit(
        "indentation that mixes tabs and spaces",
        False,
        lambda message, _code: message == "inconsistent use of tabs and spaces in indentation",
        "Python 2 took a tab to the next multiple of 8 columns, Python 3 refuses the mix: "
        "indent with spaces only",
    ),
)


def habit_of(message: str, line: str) -> Habit | None:
    """The Python 2 habit that Python 3's syntax error `message` on `line` stops at."""
    code = _STRING_OR_COMMENT.sub('""', line)
    return next((habit for habit in HABITS if habit.seen(message, code)), None)


# A string literal (a `ur` prefix kept, so a `ur"..."` string is still seen) or a comment.
_STRING_OR_COMMENT = re.compile(r"\"[^\"]*\"|'[^']*'|#.*")

# Why a Python 2 file that `as_python3` cannot read is not read at all.
_READ_ONLY_WHERE = (
    "defib reads Python 2 code only where its `print`, `except`, `exec` and `raise` "
    "statements, each ending on its line, are all that Python 3 refuses"
)


def as_python3(source: str) -> Python3Reading | None:
    """`source` with each line that is a Python 2 statement rewritten as 2to3 writes it, or
    None when there is none, one cannot be rewritten on its own line, or the result still
    does not parse (other Python 2 code: backticks, `0777`, `ur""`, mixed tabs)."""
    read = _read(source)
    return read if isinstance(read, Python3Reading) else None


@dataclass(frozen=True)
class Obstacle:
    """Why a Python 2 file is not read as Python 3 writes it: the first Python 2 code that is
    not one of the four statements rewritten, or one of those going on past its line."""

    line: int  # 1-based
    what: str  # what is on the line: "holds backquotes, ...", ...
    continued: bool = False  # a statement to rewrite that goes on to the next line

    def told(self, reported_line: int) -> str:
        """The reason, as told in the syntax error reported at `reported_line`, which names
        what is on its own line already."""
        if reported_line != self.line:
            return f"line {self.line} {self.what}, and {_READ_ONLY_WHERE}"
        if self.continued:
            return f"this statement goes on to the next line, and {_READ_ONLY_WHERE}"
        return _READ_ONLY_WHERE


def obstacle(source: str) -> Obstacle | None:
    """Why `as_python3` cannot read `source`, or None when it can, or when the file holds
    none of the four Python 2 statements it rewrites."""
    read = _read(source)
    return read if isinstance(read, Obstacle) else None


def _read(source: str) -> Python3Reading | Obstacle | None:
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
            return Obstacle(
                index + 1, f"holds {statement.what} that goes on to the next line", True
            )
        lines[index] = spelled + lines[index][len(line) :]
        rewritten.add(index + 1)
    if not rewritten:
        return None
    text = "".join(lines)
    problem = parse_python(text)
    if isinstance(problem, SyntaxProblem):
        at = bare[problem.line - 1] if 1 <= problem.line <= len(bare) else ""
        habit = habit_of(problem.message, at)
        if habit is None:
            return Obstacle(problem.line, f"does not parse as Python 3 either ({problem.message})")
        return Obstacle(problem.line, f"holds {habit.name}")
    return Python3Reading(text, frozenset(rewritten))
