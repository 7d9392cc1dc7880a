"""A notebook's code cells read as Jupyter runs them: IPython's own syntax is not a syntax error.

Each sample is a form found in real notebooks (book chapters, TensorFlow's tutorials, course
labs) that IPython turns into Python before the cell runs.
"""

from __future__ import annotations

import pytest
from defib.engine.analysis import analyse_source
from defib.engine.notebook import join_cells

IPYTHON_CELLS = {
    "line magic": "%matplotlib inline\nimport keras\n",
    "shell escape": "!pip install -q tensorflow\nimport keras\n",
    "shell escape continued": "!pip install -q \\\n    tensorflow \\\n    keras\nimport keras\n",
    "magic alone in a block": "import keras\nIS_COLAB = False\nif IS_COLAB:\n    %pip install -q -U keras\n",
    "captured shell output": "import keras\nfiles = !ls data/\nprint(files)\n",
    "captured magic output": "import keras\nPROJECT = %env PROJECT\n",
    "help after a name": "import keras\nkeras.layers.Dense?\n",
    "help before a name": "import keras\n?keras.layers.Dense\n",
    "help before a name, spaced": "from keras.layers import Dense\n?? Dense\n",
    "help alone": "import keras\n?\n",
    "automagic pip": "pip install -q tensorflow-datasets\nimport keras\n",
    "automagic cd": "cd ..\nimport keras\n",
    "automagic cd to a path with a space": "cd /content/drive/My Drive/project\nimport keras\n",
    "bash cell": "%%bash\nfor f in *.csv; do\n  wc -l $f\ndone\n",
    # Colab runs a cell magic under comment lines (a course's model-server cell); Jupyter
    # would refuse it, but at once, where the user sees it.
    "bash cell under comments": "# Start the server\n\n%%bash --bg\nnohup server > log 2>&1\n",
    "timed cell under a comment": "# time it\n%%time\nimport keras\n",
    "writefile cell": "%%writefile trainer/task.py\nimport keras\nif x\n",
    "timed python cell": "%%time\nimport keras\nmodel = keras.Sequential([keras.layers.Dense(1)])\n",
    "timed statement": "import keras\n%timeit -n1 -r1 keras.Sequential()\n%time x = 1\n",
    "timed statement unfinished": "%time x =\n",
    "timed loop": "import keras\n%timeit -r1 for x in range(3): pass\n",
    # IPython's escapes for a call without brackets; a stray `;` after a shell line is one.
    "quoted call": "import keras\n,print a b\n",
    "joined quoted call": "import keras\nif True:\n    !nvidia-smi\n;    \nprint(keras)\n",
    "bracketed call": "import keras\n/print keras\n",
}


@pytest.mark.parametrize("cell", IPYTHON_CELLS.values(), ids=IPYTHON_CELLS.keys())
def test_ipython_syntax_is_no_syntax_error(cell: str) -> None:
    source, _ = join_cells([(0, "import keras\n"), (1, cell), (2, "x = 1\n")])
    compile(source, "<notebook>", "exec")
    codes = {d.code for d in analyse_source(source, "nb.ipynb").diagnostics}
    assert "DF000" not in codes


@pytest.mark.parametrize("cell", IPYTHON_CELLS.values(), ids=IPYTHON_CELLS.keys())
def test_ipython_syntax_keeps_every_line_in_its_place(cell: str) -> None:
    source, spans = join_cells([(0, cell), (1, "import keras\n")])
    assert len(source.splitlines()) == cell.count("\n") + 1
    assert spans[1].first_line == cell.count("\n") + 1


@pytest.mark.parametrize("line", ["cd = 2 * (\n", "cd /(\n", "cd / (\n", "cd //\\\n"])
def test_a_name_like_a_magic_that_python_goes_on_with_is_python(line: str) -> None:
    # Unfinished on its line, so it does not compile alone: an operator says it is Python.
    source, _ = join_cells(
        [(0, f"import keras\n{line}    3)\n" if "(" in line else f"import keras\n{line}3\n")]
    )
    compile(source, "<notebook>", "exec")
    assert "DF000" not in {d.code for d in analyse_source(source, "nb.ipynb").diagnostics}


def test_python_after_a_timed_cell_magic_is_still_read() -> None:
    cell = (
        "%%time\nimport keras\n"
        'model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])\n'
    )
    source, _ = join_cells([(0, cell)])
    assert "DF401" in {d.code for d in analyse_source(source, "nb.ipynb").diagnostics}


def test_a_timed_statement_runs_where_it_stands() -> None:
    # `%timeit build()` builds the model with the class count of its time, not of a later
    # cell's: 2 classes and 2 one-hot columns here, though a later cell sets 10.
    build = (
        "def build():\n"
        "    model = keras.Sequential([keras.layers.Dense(classes, activation='softmax')])\n"
        "    model.compile(loss='categorical_crossentropy', optimizer='adam')\n"
        "    model.fit(x, y)\n"
    )
    source, _ = join_cells(
        [
            (0, "import keras, numpy as np\nclasses = 2\nx = np.random.rand(8, 4)\n"),
            (1, "y = keras.utils.to_categorical(np.random.randint(0, 2, 8), classes)\n"),
            (2, build),
            (3, "%timeit -n1 -r1 build()\n"),
            (4, "classes = 10\n"),
        ]
    )
    assert "pass;           build()" in source
    assert analyse_source(source, "nb.ipynb").diagnostics == []


def test_another_cell_magic_body_is_not_read_as_python() -> None:
    cell = "%%writefile model.py\nimport keras\nm = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"
    source, _ = join_cells([(0, cell)])
    assert analyse_source(source, "nb.ipynb").diagnostics == []


@pytest.mark.parametrize(
    "line",
    [
        "env = make_env(\n    'CartPole-v1')\n",
        "cat = {'a': 1}\n",
        "ls = [1, 2]\nls\n",
        "rate = 10 % 3\n",
        "ok = a != b\n",
    ],
)
def test_python_that_looks_like_ipython_is_left_alone(line: str) -> None:
    source, _ = join_cells([(0, line)])
    assert source == line


def test_a_real_syntax_error_is_still_reported() -> None:
    source, _ = join_cells([(0, "import keras\nx = # TODO: your code here\n")])
    assert "DF000" in {d.code for d in analyse_source(source, "nb.ipynb").diagnostics}


@pytest.mark.parametrize(
    "cell",
    [
        'print("size: %d bytes"\n      % (size))\n',
        'print("size: %d bytes" \\\n      % size)\n',
        'doc = """\n!important: not a shell escape\n%also text\n"""\n',
        "shape = (3\n         , 4)\nx = (1\n     / 2)\n",
    ],
    ids=[
        "percent inside brackets",
        "percent after a backslash",
        "inside a string",
        "comma and slash inside brackets",
    ],
)
def test_a_line_that_continues_python_is_not_ipython(cell: str) -> None:
    source, _ = join_cells([(0, cell)])
    assert source == cell


def test_a_cell_indented_as_a_whole_is_left_unread_rather_than_an_error() -> None:
    cell = " for x in range(3):\n   print(x)\n"
    source, _ = join_cells([(0, "import keras\n"), (1, cell)])
    compile(source, "<notebook>", "exec")
    assert len(source.splitlines()) == 3


def test_a_cell_whose_first_line_alone_is_indented_runs_as_ipython_runs_it() -> None:
    # IPython takes the first line's indent off the lines that start with it, and leaves the
    # others alone: this cell runs, though `textwrap.dedent` would find no common indent.
    cell = " # load the masks\nmasks = sorted(files)\nfor m in masks:\n    print(m)\n"
    source, _ = join_cells([(0, "import keras\n"), (1, cell)])
    compile(source, "<notebook>", "exec")
    assert "DF000" not in {d.code for d in analyse_source(source, "nb.ipynb").diagnostics}


# A notebook whose exercise cell is left blank, and whose model is judged in the other cells.
EXERCISE = [
    (0, "import keras\n"),
    (2, "(x, y), _ = keras.datasets.mnist.load_data()\n"),
    (3, "x_scaled = # YOUR CODE HERE: scale the pixels\n"),
    (
        5,
        "model = keras.Sequential([keras.layers.Flatten(),\n"
        "    keras.layers.Dense(1, activation='softmax')])\n",
    ),
    (6, "print 'built'\n"),
    (7, "model.compile(optimizer='adam', loss='binary_crossentropy')\nmodel.fit(x_scaled, y)\n"),
]


def _found(cells: list[tuple[int, str]]) -> list[tuple[str, int]]:
    source, spans = join_cells(cells)
    analysis = analyse_source(source, "nb.ipynb", cells=spans)
    return [(d.code, d.range.start.line) for d in analysis.diagnostics]


def test_a_cell_that_does_not_compile_is_reported_and_the_others_are_read() -> None:
    # Jupyter compiles each cell on its own: a broken one fails alone and the others run.
    # Lines of the cells joined: the blank is line 3, the one-unit softmax line 5, the Python 2
    # print line 6; the labels are read where fit() takes them (MNIST's ten classes, DF406).
    assert _found(EXERCISE) == [("DF000", 3), ("DF401", 5), ("DF000", 6), ("DF406", 7)]


def test_without_the_cells_the_joined_notebook_is_one_syntax_error() -> None:
    source, _ = join_cells(EXERCISE)
    assert [d.code for d in analyse_source(source, "nb.ipynb").diagnostics] == ["DF000"]


@pytest.mark.parametrize(
    "broken",
    [
        "x = x / # YOUR CODE HERE\n",
        "x /= # YOUR CODE HERE\n",
        "x, y = # YOUR CODE HERE\n",
        "x[...] = # YOUR CODE HERE\n",
        "for x in # YOUR CODE HERE\n",
        "from helpers import (load, x\n",
        "import numpy as np, x\nprint 'scaled'\n",
    ],
)
def test_what_a_broken_cell_may_change_is_unknown_after_it(broken: str) -> None:
    # The raw pixels would be DF301; the broken cell may have scaled them.
    cells = [
        (0, "import keras\n(x, y), _ = keras.datasets.mnist.load_data()\n"),
        (1, broken),
        (
            2,
            "model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation='softmax')])\n"
            "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
            "model.fit(x, y)\n",
        ),
    ]
    assert [code for code, _ in _found(cells)] == ["DF000"]
    healthy = [cells[0], (1, "pass\n"), cells[2]]
    assert "DF301" in [code for code, _ in _found(healthy)]


def test_a_model_a_broken_cell_adds_to_is_not_judged_on_its_first_layers() -> None:
    cells = [
        (
            0,
            "import keras\nmodel = keras.Sequential()\n"
            "model.add(keras.layers.Dense(8, activation='relu'))\n",
        ),
        (1, "model.add(keras.layers.Dense(1, activation='sigmoid')\n"),  # unclosed
        (2, "model.compile(optimizer='adam', loss='mse')\nmodel.fit(xs, ys)\n"),
    ]
    assert [code for code, _ in _found(cells)] == ["DF000"]


def test_a_broken_cell_s_error_names_lines_of_the_joined_source() -> None:
    # The cell is compiled on its own; its error, "on line 1" of the cell, is line 3 joined.
    cells = [(0, "import keras\nx = 1\n"), (1, "y = (1,\n     2]\n")]
    source, spans = join_cells(cells)
    [error] = analyse_source(source, "nb.ipynb", cells=spans).diagnostics
    assert error.range.start.line == 4
    assert "on line 3 (" in error.message
    assert error.message.endswith(
        "(the other cells are checked without this one, as Jupyter runs them)"
    )
