"""Python 2 code is reported once as Python 2, and its models are still checked: the rules
read its Python 2 statements as Python 3 writes them, each on its own line."""

from __future__ import annotations

import pytest
from defib.engine.analysis import analyse_source
from defib.engine.notebook import join_cells
from defib.engine.python2 import as_python3

_SCRIPT = """import numpy as np
from keras.models import Sequential
from keras.layers import Dense
{statement}
model = Sequential()
model.add(Dense(8, activation="relu", input_dim=3))
model.add(Dense(1, activation="softmax"))
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(np.random.rand(64, 3), np.random.randint(0, 2, 64), nb_epoch=5)
"""


@pytest.mark.parametrize(
    "statement",
    [
        'print "training on", 64, "rows"',
        "print 'x'  # a comment with a quote: \"",
        'print"no space"',
        "print x,",
        'try:\n    import cPickle\nexcept ImportError, error:\n    print "no cPickle"',
        'exec "import os"',
        'raise SystemExit, "no data"',
    ],
)
def test_the_model_of_python_2_code_is_checked(statement: str) -> None:
    source = _SCRIPT.format(statement=statement)
    findings = analyse_source(source, "train.py").diagnostics
    [syntax] = [f for f in findings if f.code == "DF000"]
    assert "this is Python 2 code" in syntax.message
    assert syntax.message.endswith(
        ("its one Python 2 line read as Python 3 writes it)", "lines read as Python 3 writes them)")
    )
    [softmax] = [f for f in findings if f.code == "DF401"]
    assert (
        softmax.range.start.line
        == source.splitlines().index('model.add(Dense(1, activation="softmax"))') + 1
    )


def test_one_error_names_a_python_2_notebook_and_its_cells_are_checked() -> None:
    cells = [
        (
            0,
            "import numpy as np\nfrom keras.models import Sequential\nfrom keras.layers import Dense\n",
        ),
        (1, "x = np.random.rand(64, 3)\nprint x.shape\n"),
        (2, 'model = Sequential([Dense(1, activation="softmax", input_dim=3)])\nprint "built"\n'),
        (3, 'model.compile(loss="mse", optimizer="sgd")\nfor i in range(3):\n    print i\n'),
    ]
    source, spans = join_cells(cells)
    findings = analyse_source(source, "nb.ipynb", cells=spans).diagnostics
    assert [f.code for f in findings] == ["DF000", "DF401"]
    assert "its 3 Python 2 lines read as Python 3 writes them" in findings[0].message
    assert findings[0].range.start.line == 5  # the first cell that Python 3 refuses


_READ_ONLY_WHERE = (
    "defib reads Python 2 code only where its `print`, `except`, `exec` and `raise` "
    "statements, each ending on its line, are all that Python 3 refuses"
)


def test_other_python_2_code_still_stops_the_file_and_the_error_says_where() -> None:
    # Backticks have no one-line Python 3 spelling that 2to3 would not have to think about.
    source = _SCRIPT.format(statement='print "rows"\nname = `model`')
    [finding] = analyse_source(source, "train.py").diagnostics
    assert finding.code == "DF000"
    assert finding.range.start.line == 4  # the print, where Python 3 first stops
    assert finding.message.endswith(
        ". Nothing else in this file is checked: line 5 holds "
        f"backquotes, Python 2's `repr()`, and {_READ_ONLY_WHERE}"
    )


_TUPLE_PARAMETER = "a tuple parameter such as `lambda (x, y): ...`"


@pytest.mark.parametrize(
    ("line", "named", "tokenizer"),
    [
        ("pairs = map(lambda (x, y): x + y, [])", _TUPLE_PARAMETER, False),
        ("def add((x, y)):\n    return x + y", _TUPLE_PARAMETER, False),
        ("mode = 0777", "an octal literal such as `0777`, which Python 3 writes `0o777`", True),
        ("name = `model`", "backquotes, Python 2's `repr()`", False),
        ("same = 1 <> 2", "`<>`, Python 2's `!=`", False),
        ("big = 10L", "a long integer literal such as `10L`", True),
        ('pattern = ur"\\d+"', 'a `ur"..."` string, which Python 3 writes `r"..."`', False),
    ],
)
def test_python_2_code_with_no_line_for_line_rewrite_is_named_where_it_stops(
    line: str, named: str, tokenizer: bool
) -> None:
    source = _SCRIPT.format(statement=line)
    [finding] = analyse_source(source, "train.py").diagnostics
    assert finding.range.start.line == 4
    assert f": this is Python 2 code ({named}), which Python 3 cannot run (" in finding.message
    # With no `print` statement to rewrite, there is nothing to say about reading the rest.
    assert finding.message.endswith(
        "(nothing else in this file is checked until Python can read it)"
    )
    # With one, the error says this line is what stops the file.
    source = _SCRIPT.format(statement=f'print "rows"\n{line}')
    [finding] = analyse_source(source, "train.py").diagnostics
    if tokenizer:  # Python 3's tokenizer stops at the literal before its parser meets the print
        assert finding.range.start.line == 5
        assert finding.message.endswith(
            f"({named}), which Python 3 cannot run. Nothing else in this file is checked: "
            f"{_READ_ONLY_WHERE}"
        )
    else:
        assert finding.range.start.line == 4  # the print, where Python 3 first stops
        assert finding.message.endswith(f"line 5 holds {named}, and {_READ_ONLY_WHERE}")


def test_a_python_2_habit_inside_a_string_is_not_named() -> None:
    source = _SCRIPT.format(statement='note = "`model` is 0777 <> 10L"\nx = (')
    [finding] = analyse_source(source, "train.py").diagnostics
    assert "Python 2" not in finding.message


def test_a_print_that_goes_on_to_the_next_line_says_so() -> None:
    source = _SCRIPT.format(statement='print "rows", \\\n    64')
    [finding] = analyse_source(source, "train.py").diagnostics
    assert finding.message.endswith(
        f"this statement goes on to the next line, and {_READ_ONLY_WHERE}"
    )
    source = _SCRIPT.format(statement='print "first"\nprint "rows", \\\n    64')
    [finding] = analyse_source(source, "train.py").diagnostics
    assert finding.message.endswith(
        f"line 5 holds a `print` statement that goes on to the next line, and {_READ_ONLY_WHERE}"
    )


def test_a_print_after_other_code_on_its_line_is_named_as_what_stops_the_file() -> None:
    source = _SCRIPT.format(statement='print "rows"\nfor i in range(3): print i')
    [finding] = analyse_source(source, "train.py").diagnostics
    assert finding.message.endswith(
        f"line 5 holds a `print` statement after other code on its line, and {_READ_ONLY_WHERE}"
    )


@pytest.mark.parametrize("python2", [False, True])
def test_indentation_mixing_tabs_and_spaces_is_told_with_its_fix(python2: bool) -> None:
    block = "if True:\n        rows = 64\n\tcolumns = 3"
    source = _SCRIPT.format(statement=f'print "rows"\n{block}' if python2 else block)
    [finding] = analyse_source(source, "train.py").diagnostics
    if python2:  # named as Python 2 by its print; the mixed line is what stops the file
        assert f"line 7 holds indentation that mixes tabs and spaces, and {_READ_ONLY_WHERE}" in (
            finding.message
        )
    else:  # Python 3 code can mix them too: not called Python 2, but told what to do
        assert finding.range.start.line == 6
        assert finding.message == (
            "SyntaxError: inconsistent use of tabs and spaces in indentation: Python 2 took a tab "
            "to the next multiple of 8 columns, Python 3 refuses the mix: indent with spaces "
            "only (nothing else in this file is checked until Python can read it)"
        )


def test_a_print_that_goes_on_to_the_next_line_is_not_rewritten() -> None:
    assert as_python3('print "a", (1,\n  2)\n') is None
    assert as_python3("print(1)\n") is None  # Python 3 already


def test_lines_in_a_docstring_are_left_alone() -> None:
    reading = as_python3('"""Usage:\nprint "x"\n"""\nprint "y"\n')
    assert reading is not None
    assert reading.source == '"""Usage:\nprint "x"\n"""\nprint("y")\n'
    assert reading.lines == frozenset({4})


def test_every_line_keeps_its_place() -> None:
    source = 'print "a"\r\nx = 1\r\nprint x, "b"  # note\r\n'
    reading = as_python3(source)
    assert reading is not None
    assert reading.source == 'print("a")\r\nx = 1\r\nprint(x, "b") # note\r\n'


@pytest.mark.parametrize(
    ("line", "python3"),
    [
        ("except ImportError, error:", "except ImportError as error:"),
        (
            "except (ImportError, OSError), error: pass",
            "except (ImportError, OSError) as error: pass",
        ),
        ('exec "x = 1"', 'exec("x = 1")'),
        ('raise ValueError, "bad"', 'raise ValueError("bad")'),
    ],
)
def test_each_statement_is_written_as_2to3_writes_it(line: str, python3: str) -> None:
    body = "\n    pass" if line.endswith(":") else ""
    source = f'print "first"\ntry:\n    pass\n{line}{body}\n'
    if not line.startswith("except"):
        source = f'print "first"\n{line}\n'
    reading = as_python3(source)
    assert reading is not None
    assert python3 in reading.source.splitlines()


def test_a_fix_on_a_rewritten_line_is_not_offered() -> None:
    # The fix's columns would be the rewritten line's, not the file's.
    model = 'model.add(Dense(1, activation="softmax"))'
    source = _SCRIPT.replace(model, f"print {model}").format(statement='print "x"')
    [softmax] = [f for f in analyse_source(source, "train.py").diagnostics if f.code == "DF401"]
    assert softmax.fix is None
    # On a line of its own, the same layer keeps its fix.
    source = _SCRIPT.format(statement='print "x"')
    [softmax] = [f for f in analyse_source(source, "train.py").diagnostics if f.code == "DF401"]
    assert softmax.fix is not None


def test_a_stray_backtick_is_not_taken_for_python_2() -> None:
    # Round 57a: a notebook cell "`wandb.agent(sweep_id, train)" had a typo, not a repr().
    [finding] = analyse_source("import keras\n`wandb.agent(sweep_id, train)\n", "m.py").diagnostics
    assert finding.code == "DF000" and "Python 2" not in finding.message
