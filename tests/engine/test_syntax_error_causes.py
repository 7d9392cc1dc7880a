"""Syntax errors named by a cause plain from the text: git's conflict markers, told as an
unresolved merge at the first marker, and IPython commands left in a script."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source

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
