"""A notebook kept as a script (`# %%` or `# In[3]:` cell markers): where Python refuses it
is reported, and its cells are read as IPython runs them, so one `!pip` line does not hide
the model the rest of the file builds."""

from __future__ import annotations

from defib.engine.analysis import analyse_source

_MODEL = (
    "model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation='softmax')])\n"
    "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
)


def found(source: str) -> list[tuple[str, int]]:
    return [(d.code, d.range.start.line) for d in analyse_source(source, "train.py").diagnostics]


def test_a_shell_line_is_reported_and_the_other_cells_are_read() -> None:
    source = "# %%\n!pip install tensorflow\nimport keras\n\n# %%\n" + _MODEL
    assert found(source) == [("DF000", 2), ("DF401", 6)]
    [error] = analyse_source(source, "train.py").diagnostics[:1]
    assert "IPython shell command" in error.message
    assert "the cells are checked as a notebook runs them" in error.message


def test_a_downloaded_notebooks_broken_cell_is_left_out() -> None:
    # Jupyter's "download as .py": `# In[N]:` markers; one cell still in Python 2.
    source = (
        "#!/usr/bin/env python\n\n# In[1]:\n\nimport keras\n\n"
        "# In[2]:\n\nprint 'building'\n\n# In[3]:\n\n" + _MODEL
    )
    assert found(source) == [("DF000", 9), ("DF401", 13)]


def test_a_script_with_markers_that_compiles_is_read_as_it_is() -> None:
    source = "# %%\nimport keras\n\n# %%\n" + _MODEL
    assert found(source) == [("DF401", 5)]


def test_a_script_without_markers_is_read_past_its_ipython_lines() -> None:
    source = "!pip install tensorflow\nimport keras\n\n" + _MODEL
    assert found(source) == [("DF000", 1), ("DF401", 4)]


def test_a_script_without_markers_stops_at_any_other_syntax_error() -> None:
    source = "!pip install tensorflow\nimport keras\nepochs = 10 20\n" + _MODEL
    assert found(source) == [("DF000", 1)]
