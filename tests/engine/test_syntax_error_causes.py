"""Syntax errors named by a cause plain from the text: git's conflict markers, told as an
unresolved merge at the first marker, and IPython commands left in a script; and the errors
Python's parser finds that libcst, which reads by a newer grammar and keeps strings as
written, would not."""

from __future__ import annotations

import sys

import pytest
from defib.engine import analyse_source
from defib.engine.analysis import _newer_python_reads, _older_python_refuses
from defib.engine.notebook import join_cells
from defib.engine.source import SyntaxProblem

_CONFLICTED = """import keras
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
<<<<<<< HEAD
    keras.layers.Dense(1, activation="sigmoid")])
=======
    keras.layers.Dense(2, activation="softmax")])
>>>>>>> 5f3a9c1e0b
model.compile(optimizer="adam", loss="binary_crossentropy")
"""


@pytest.mark.parametrize("breaks_before", [False, True])
def test_the_conflict_is_named_where_it_starts(breaks_before: bool) -> None:
    source = _CONFLICTED
    if breaks_before:
        source = source.replace("import keras\n", "import keras\nname = 'unterminated\n")
    [finding] = analyse_source(source, "m.py").diagnostics
    assert finding.code == "DF000"
    if breaks_before:
        # The file breaks before the conflict: Python's own error stands.
        assert finding.range.start.line == 2 and "merge conflict" not in finding.message
    else:
        assert finding.range.start.line == 3
        assert "unresolved merge conflict" in finding.message


def test_a_lone_marker_like_line_is_left_to_python() -> None:
    source = "import keras\nx = 1\n<<<<<<< not a conflict\n"
    [finding] = analyse_source(source, "m.py").diagnostics
    assert "merge conflict" not in finding.message


_EXPORTED = """import keras
{command}
model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
"""


@pytest.mark.parametrize(
    ("command", "named"),
    [
        ("!pip install tensorflow", "`!pip install tensorflow` is an IPython shell command"),
        ("    !nvidia-smi", "`!nvidia-smi` is an IPython shell command"),
        ("%matplotlib inline", "`%matplotlib inline` is an IPython magic"),
    ],
)
def test_an_ipython_command_in_a_script_is_named(command: str, named: str) -> None:
    [finding] = analyse_source(_EXPORTED.format(command=command), "train.py").diagnostics
    assert finding.code == "DF000" and finding.range.start.line == 2
    assert named in finding.message


_COLAB_EXPORT = """import keras
!git clone https://example.com/data.git
%%capture
if True:
    !pip install keras
! unzip -q data.zip
model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
model.compile(optimizer="adam", loss="binary_crossentropy")
"""


def test_a_script_whose_only_refused_lines_are_ipython_commands_is_read_past_them() -> None:
    # A notebook downloaded as a .py file keeps its `!` and `%` lines: one error, and the rest
    # is checked as the notebook runs it.
    error, found = analyse_source(_COLAB_EXPORT, "train.py").diagnostics
    assert error.code == "DF000" and error.range.start.line == 2
    assert error.message.endswith("(the rest is checked, its 4 IPython lines read as `pass`)")
    assert found.code == "DF401" and found.range.start.line == 7


def test_a_script_s_automagic_and_help_lines_are_read_past_as_a_notebook_s_are() -> None:
    # Colab runs `pip install x` without its `!` (automagic) and `obj?` as help.
    source = _COLAB_EXPORT.replace("! unzip -q data.zip", "pip install numpy\nkeras.Sequential?")
    error, found = analyse_source(source, "train.py").diagnostics
    assert error.code == "DF000" and error.range.start.line == 2
    assert error.message.endswith("(the rest is checked, its 5 IPython lines read as `pass`)")
    assert found.code == "DF401"


def test_ipython_lines_are_not_read_past_when_other_code_is_refused() -> None:
    source = _COLAB_EXPORT.replace("%%capture", "epochs = 10 20")
    [error] = analyse_source(source, "train.py").diagnostics
    assert error.message.endswith("(nothing else in this file is checked until Python can read it)")


def test_other_syntax_errors_keep_python_s_words() -> None:
    [finding] = analyse_source(_EXPORTED.format(command="x = = 1"), "train.py").diagnostics
    assert "IPython" not in finding.message


def test_the_command_is_found_on_python_s_line_past_a_form_feed() -> None:
    # Python ends lines at \n, \r\n and \r only; a form feed (a page break some editors keep)
    # does not start a line.
    source = _EXPORTED.format(command="!pip install tensorflow").replace(
        "import keras\n", "import keras  # \x0c\n"
    )
    [finding] = analyse_source(source, "train.py").diagnostics
    assert finding.range.start.line == 2
    assert "`!pip install tensorflow` is an IPython shell command" in finding.message


_MODEL = 'model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])\n'


@pytest.mark.parametrize("builds_a_model", [False, True])
def test_a_malformed_escape_is_a_syntax_error_wherever_it_is(builds_a_model: bool) -> None:
    # A Windows path in a plain string: Python refuses the truncated \UXXXXXXXX escape, which
    # libcst, keeping strings as written, would read.
    source = 'import keras\npath = "C:\\Users\\me\\data.csv"\n' + (_MODEL if builds_a_model else "")
    [finding] = analyse_source(source, "m.py").diagnostics
    assert finding.code == "DF000" and finding.range.start.line == 2
    assert "unicodeescape" in finding.message


def test_well_formed_escapes_are_read() -> None:
    source = 'import keras\npath = r"C:\\Users\\me"\nsep = "\\x1f\\u00e9"\n' + _MODEL
    assert [d.code for d in analyse_source(source, "m.py").diagnostics] == ["DF401"]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="Python 3.12 reads these f-strings")
def test_an_f_string_only_an_older_python_refuses_is_not_an_error() -> None:
    source = 'import keras\nrow = {"a": 1}\nprint(f"{row["a"]}")\n'
    assert analyse_source(source, "m.py").diagnostics == []
    # Where the file cannot be read without Python's parser, the error says whose it is.
    problem = SyntaxProblem("f-string: unmatched '['", 3, 9)
    assert _newer_python_reads(problem, source)
    assert "Python 3.12 and later accept it" in _older_python_refuses(problem).message
    # A broken f-string is broken for every Python.
    broken = 'import keras\nprint(f"{row["a"]")\n'
    [finding] = analyse_source(broken, "m.py").diagnostics
    assert finding.code == "DF000" and "3.12" not in finding.message


def test_a_file_python_refuses_says_nothing_else_in_it_was_checked() -> None:
    # Without the note, a clean report on the rest of the file reads as a clean model.
    source = "import keras\nepochs = 10 20\nmodel = keras.Sequential()\n"
    [finding] = analyse_source(source, "train.py").diagnostics
    assert finding.message.endswith(
        "(nothing else in this file is checked until Python can read it)"
    )


def test_a_notebook_cell_python_refuses_says_the_other_cells_are_checked() -> None:
    cells = [(0, "import keras\n"), (1, "epochs = 10 20\n"), (2, "model = keras.Sequential()\n")]
    source, spans = join_cells(cells)
    [finding] = analyse_source(source, "nb.ipynb", cells=spans).diagnostics
    assert "nothing else" not in finding.message
    assert "the other cells are checked" in finding.message


def test_a_file_that_only_trains_an_imported_model_says_so_too() -> None:
    source = "from model import unet\nmodel = unet()\nmodel.fit(x, y)\nepochs = 10 20\n"
    [finding] = analyse_source(source + "import keras\n", "train.py").diagnostics
    assert finding.message.endswith(
        "(nothing else in this file is checked until Python can read it)"
    )


_PYTHON2 = """from __builtin__ import False
import keras
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
{statement}
"""


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ('print "loss", model.loss', "a `print` statement at line 4"),
        ("try:\n    pass\nexcept ValueError, error:\n    pass", "`except E, name:` at line 6"),
        ('exec "model.summary()"', "an `exec` statement at line 4"),
        ('raise ValueError, "no model"', "`raise E, message` at line 4"),
    ],
)
def test_python_2_code_is_named_by_a_statement_python_3_refuses(statement: str, named: str) -> None:
    # `from __builtin__ import False` gets Python's bare "invalid syntax"; the reason is
    # elsewhere in the file.
    [finding] = analyse_source(_PYTHON2.format(statement=statement), "m.py").diagnostics
    assert finding.range.start.line == 1
    assert f"invalid syntax: this is Python 2 code ({named}), which Python 3" in finding.message


@pytest.mark.parametrize(
    "statement",
    [
        'print ("loss", model.loss)',
        "print >>log, model.loss",  # a shift and a tuple to Python 3: it compiles
        "print(model.loss)",
        "except_count = 0",
        "# print 'a comment'",
        'text = """\nprint "in a string"\n"""',
    ],
)
def test_python_3_lines_are_not_taken_for_python_2(statement: str) -> None:
    [finding] = analyse_source(_PYTHON2.format(statement=statement), "m.py").diagnostics
    assert "Python 2" not in finding.message


def test_a_print_statement_is_named_as_python_2_too() -> None:
    source = 'import keras\nprint "x"\n'
    [finding] = analyse_source(source, "m.py").diagnostics
    assert finding.message.startswith(
        "SyntaxError: Missing parentheses in call to 'print': this is Python 2 code (a `print` "
        "statement), which Python 3 cannot run; Python 3 writes print(...)"
    )


def test_the_failing_line_is_its_own_evidence() -> None:
    source = "import keras\ntry:\n    import cPickle\nexcept ImportError, error:\n    pass\n"
    [finding] = analyse_source(source, "m.py").diagnostics
    assert finding.range.start.line == 4
    assert "this is Python 2 code (`except E, name:`), which" in finding.message


_SUMMARY = """_________________________________________________________________
Layer (type)                 Output Shape              Param #
=================================================================
lstm_1 (LSTM)                (None, 150)               120600
=================================================================
Total params: 120,600
"""
_LOG = """Epoch 1/10
60000/60000 [==============================] - 3s 50us/step - loss: 0.2
"""


@pytest.mark.parametrize(
    ("pasted", "named"), [(_SUMMARY, "a model summary"), (_LOG, "a training log")]
)
def test_program_output_pasted_into_a_cell_is_named(pasted: str, named: str) -> None:
    cells = [(0, "import keras\nmodel = keras.Sequential([keras.layers.Dense(1)])\n"), (1, pasted)]
    source, spans = join_cells(cells)
    [finding] = analyse_source(source, "m.ipynb", cells=spans).diagnostics
    assert finding.code == "DF000"
    assert f"program output ({named}) pasted as code" in finding.message


def test_code_that_resembles_output_keeps_python_s_words() -> None:
    [finding] = analyse_source("import keras\nAccuracy: 100.00%\n", "m.py").diagnostics
    assert finding.code == "DF000" and "pasted" not in finding.message


_ENDED_EARLY = """from tensorflow import keras

def build():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
{line}
"""


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("return model", "'return' outside function"),
        ("yield model", "'yield' outside function"),
        ("break", "'break' outside loop"),
        ("continue", "'continue' not properly in loop"),
    ],
)
def test_statements_only_a_function_or_loop_may_hold_are_refused(line: str, says: str) -> None:
    # A held-out reader (68c) found `return model` at column 0: Python's parser accepts it,
    # its compiler does not.
    [finding] = analyse_source(_ENDED_EARLY.format(line=line), "m.py").diagnostics
    assert finding.code == "DF000" and says in finding.message
    assert finding.range.start.line == 6


def test_a_notebook_cell_that_returns_outside_a_function_is_left_out() -> None:
    cells = [(0, _ENDED_EARLY.format(line="")), (1, "model = build()\nreturn model\n")]
    source, spans = join_cells(cells)
    [finding] = analyse_source(source, "nb.ipynb", cells=spans).diagnostics
    assert finding.code == "DF000" and "'return' outside function" in finding.message
    assert "the other cells are checked" in finding.message


def test_the_words_at_a_line_start_inside_a_string_are_not_statements() -> None:
    text = '"""Build the model.\nreturn value: the compiled model\n"""\n' + _ENDED_EARLY.format(
        line="    return model"
    )
    assert [d.code for d in analyse_source(text, "m.py").diagnostics] == []
