"""A fix that adds a string literal writes it in the quotes the code around it uses."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source
from defib.engine.fixes import apply_fixes

_LINEAR_OUTPUT = """import keras
model = keras.Sequential([
    keras.Input((8,)),
    keras.layers.Dense(16, activation={quote}relu{quote}),
    keras.layers.Dense(1),
])
model.compile(optimizer={quote}adam{quote}, loss={quote}binary_crossentropy{quote})
"""


def fixed(source: str) -> str:
    return apply_fixes(source, analyse_source(source, "m.py").diagnostics, unsafe=True)


@pytest.mark.parametrize("quote", ["'", '"'])
def test_an_added_activation_takes_the_statements_quotes(quote: str) -> None:
    # `Dense(1)` has no string of its own; the statement's `"relu"` sets the style.
    assert f"Dense(1, activation={quote}sigmoid{quote})" in fixed(
        _LINEAR_OUTPUT.format(quote=quote)
    )


_ADDED = """\"\"\"A training script.\"\"\"
import keras
model = keras.Sequential()
model.add(keras.Input((8,)))
model.add(keras.layers.Dense(16, activation={quote}relu{quote}))
model.add(keras.layers.Dense(1))
model.compile(optimizer={quote}adam{quote}, loss={quote}binary_crossentropy{quote})
"""


@pytest.mark.parametrize("quote", ["'", '"'])
def test_with_no_string_in_its_statement_it_takes_the_files_quotes(quote: str) -> None:
    # `model.add(keras.layers.Dense(1))` holds no string; the file's first one (not the
    # docstring) sets the style.
    assert f"Dense(1, activation={quote}sigmoid{quote})" in fixed(_ADDED.format(quote=quote))


def test_an_f_string_does_not_set_the_files_quotes() -> None:
    # The first string is an f-string in single quotes; the first plain one sets the style.
    source = _ADDED.format(quote="'").replace(
        "import keras\n", "import keras\nrun = 3\nprint(f'run {run}')\n"
    )
    source = source.replace("'", '"').replace('f"run {run}"', "f'run {run}'")
    assert "f'run {run}'" in source
    assert 'Dense(1, activation="sigmoid")' in fixed(source)
