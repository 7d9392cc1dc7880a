"""The line scan splits a file into top-level statements exactly as Python's parser does, and
code it cannot split still gets Python's verdict."""

from __future__ import annotations

import textwrap

import pytest
from defib.engine import analyse_source
from defib.engine import analysis as analysis_module
from defib.engine.source import (
    ParsedStatement,
    StatementCache,
    scan_statements,
    split_statements,
)

SOURCES = {
    "statements and comments": """
        # a header comment
        import keras

        x = 1  # trailing
        # between
        y = 2
    """,
    "brackets over lines, closed at column 0": """
        model = keras.Sequential([
        keras.layers.Dense(1),
        ])
        model.compile(loss="mse",
        optimizer="sgd")
    """,
    "strings with lines at column 0": '''
        """A module docstring
        whose lines start at column 0: x = 1
        """
        text = \'\'\'
        def not_a_function():
        \'\'\'
        s = "a # not a comment (" + 'b ['
        t = "escaped \\" quote"
    ''',
    "backslash continuation": """
        total = 1 + \\
        2
        after = total
    """,
    "decorators and clauses": """
        @decorator
        @other(
        1)
        def f():
            pass
        if x:
            pass
        else:
            pass
        try:
            pass
        except ValueError:
            pass
        finally:
            pass
        @dataclass
        class C:
            pass
    """,
    "one line holding two statements": """
        a = 1; b = 2
        c = 3
    """,
    "a bracket inside a comment": """
        x = [  # ] not closed here
        1]
        y = 2
    """,
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_scan_splits_as_pythons_parser_does(name: str) -> None:
    source = textwrap.dedent(SOURCES[name]).lstrip("\n")
    assert scan_statements(source) == split_statements(source)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_the_scan_splits_at_every_kind_of_line_end(newline: str) -> None:
    source = textwrap.dedent(SOURCES["brackets over lines, closed at column 0"]).lstrip("\n")
    source = source.replace("\n", newline)
    assert scan_statements(source) == split_statements(source)


@pytest.mark.parametrize("source", ["\ufeff# header\nimport keras\n", "\ufeffimport keras\n"])
def test_a_byte_order_mark_opens_no_statement_and_is_no_syntax_error(source: str) -> None:
    # Python reads a file that opens with one (as Windows editors save them) without it.
    assert scan_statements(source) == split_statements(source)
    assert analyse_source(source + "model = keras.Sequential()\n").diagnostics == []


def test_indented_code_before_any_statement_is_still_a_syntax_error() -> None:
    source = "    x = 1\nimport keras\nmodel = keras.Sequential()\n"
    assert [d.code for d in analyse_source(source).diagnostics] == ["DF000"]


def test_a_clause_without_its_statement_is_still_a_syntax_error() -> None:
    source = "import keras\nmodel = keras.Sequential()\nelse:\n    pass\n"
    assert [d.code for d in analyse_source(source).diagnostics] == ["DF000"]


_MIXED_TABS = (
    "import keras\n"
    "def helper():\n\tif True:\n        \treturn 1\n"
    "model = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"
)


def test_a_file_the_scan_misreads_is_split_by_pythons_parser() -> None:
    # A statement mixing tabs and spaces: Python accepts it, libcst does not. The scan's pieces
    # then fail to parse, and Python's split keeps the rest of the file (and the finding); the
    # statement itself is read with its tabs expanded.
    analysis = analyse_source(_MIXED_TABS)
    assert [d.code for d in analysis.diagnostics] == ["DF401"]
    assert analysis.skipped_statements == []


def test_a_statement_libcst_cannot_read_at_all_is_skipped_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A fault injected into libcst: it refuses the helper however it is indented.
    real = StatementCache.parse

    def refusing(self: StatementCache, text: str) -> ParsedStatement:
        if "def helper" in text:
            raise RecursionError
        return real(self, text)

    monkeypatch.setattr(StatementCache, "parse", refusing)
    analysis = analyse_source(_MIXED_TABS, cache=StatementCache())
    assert [d.code for d in analysis.diagnostics] == ["DF401"]
    assert analysis.skipped_statements == [(2, "libcst cannot parse it: RecursionError")]


def test_a_piece_holding_two_statements_is_split_by_pythons_parser() -> None:
    # A line of a lone backslash joins the next line to it: the scan reads one statement where
    # Python reads two, and each statement must stay a chunk of its own.
    source = "import keras\nx = 1\n\\\nmodel = keras.Sequential([keras.layers.Dense(1)])\n"
    (model,) = analyse_source(source).models
    assert model.where.chunk.first_line == 4


def _python_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the length of every text the analysis sends to Python's parser."""
    sizes: list[int] = []
    real = analysis_module.parse_python

    def counting(text: str) -> object:
        sizes.append(len(text))
        return real(text)

    monkeypatch.setattr(analysis_module, "parse_python", counting)
    return sizes


def test_a_long_statement_with_little_nesting_skips_pythons_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = "".join(f"    units_{i} = {i}\n" for i in range(300))  # 5,000 characters, no nesting
    source = f"import keras\ndef build():\n{body}    return keras.Sequential()\n"
    sizes = _python_parses(monkeypatch)
    analyse_source(source)
    assert len(body) > 2_000 and sizes == []


def test_a_statement_that_could_nest_deeply_goes_to_pythons_parser_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Python refuses it (its tokenizer stops at 200 levels); libcst would be asked only after.
    statement = "x = " + "(" * 1_200 + "1" + ")" * 1_200
    source = f"import keras\nmodel = keras.Sequential()\n{statement}\n"
    sizes = _python_parses(monkeypatch)
    analysis = analyse_source(source)
    assert sizes[0] == len(statement) + 1
    [finding] = analysis.diagnostics
    assert finding.message.startswith("SyntaxError: too many nested parentheses (nothing else")


_SCALED_THEN_COMMENTED_OUT = """from tensorflow import keras
(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train / 255.0
{comments}model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
    keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
model.fit(x_train, {labels}, epochs=5)
"""


def test_comment_lines_after_a_statement_do_not_make_it_too_long() -> None:
    # 3,000 lines of commented-out code (108,000 characters) come with the scaling statement:
    # skipping it would leave the pixels unscaled and give a false DF301.
    source = _SCALED_THEN_COMMENTED_OUT.format(
        comments="# model.add(Dense(64, activation='relu'))  # an old version\n" * 3000,
        labels="y_train",
    )
    analysis = analyse_source(source)
    assert analysis.skipped_statements == []
    assert [d.code for d in analysis.diagnostics] == []


def test_a_statement_whose_code_is_too_long_is_still_skipped() -> None:
    labels = "[" + ", ".join(["0"] * 40_000) + "]"  # 120,000 characters of code
    source = _SCALED_THEN_COMMENTED_OUT.format(comments="", labels=labels)
    analysis = analyse_source(source)
    [(line, reason)] = analysis.skipped_statements
    assert line == 7 and reason.startswith("statement of 120,0")
