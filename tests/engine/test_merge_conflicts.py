"""A file left with git's conflict markers is told as an unresolved merge, at its first marker."""

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
