"""A build function handed to a scikit-learn wrapper is read as the wrapper calls it."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source

_FILE = """import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import Adam
{wrapper_import}

def create_model(learning_rate=0, units=16):
    model = Sequential()
    model.add(Dense(units, activation="relu", input_shape=(8,)))
    model.add(Dense(1, activation="sigmoid"))
    model.compile(optimizer=Adam(learning_rate=learning_rate), loss="binary_crossentropy")
    return model

x = np.random.rand(200, 8)
y = np.random.randint(0, 2, 200)
{wrap}
{search}
"""
_KERAS2 = "from keras.wrappers.scikit_learn import KerasClassifier"
_SCIKERAS = "from scikeras.wrappers import KerasClassifier"
_GRID = """from sklearn.model_selection import GridSearchCV
grid = GridSearchCV(estimator=clf, param_grid=dict(learning_rate=[1e-4, 1e-3, 1e-2]))
grid.fit(x, y)"""


def codes(wrapper_import: str, wrap: str, search: str = "clf.fit(x, y)") -> list[str]:
    source = _FILE.format(wrapper_import=wrapper_import, wrap=wrap, search=search)
    return [d.code for d in analyse_source(source, "m.py").diagnostics]


@pytest.mark.parametrize("wrapper_import", [_KERAS2, _SCIKERAS])
def test_a_default_a_grid_search_sets_is_not_taken_for_the_rate(wrapper_import: str) -> None:
    wrap = "clf = KerasClassifier(build_fn=create_model, epochs=10, verbose=0)"
    assert "DF102" not in codes(wrapper_import, wrap, _GRID)


def test_a_default_the_wrapper_leaves_is_used_without_a_search() -> None:
    wrap = "clf = KerasClassifier(build_fn=create_model, epochs=10, verbose=0)"
    assert "DF102" in codes(_KERAS2, wrap)


@pytest.mark.parametrize(
    "wrap",
    [
        "clf = KerasClassifier(build_fn=create_model, learning_rate=0.001, epochs=10)",
        "clf = KerasClassifier(model=create_model, model__learning_rate=0.001, epochs=10)",
    ],
)
def test_the_wrapper_s_own_arguments_reach_the_build_function(wrap: str) -> None:
    assert "DF102" not in codes(_SCIKERAS if "model=" in wrap else _KERAS2, wrap)


def test_the_wrapper_s_argument_is_read_even_under_a_search() -> None:
    wrap = "clf = KerasClassifier(build_fn=create_model, learning_rate=1e-9, epochs=10)"
    search = _GRID.replace("learning_rate=", "batch_size=")
    assert "DF102" in codes(_KERAS2, wrap, search)
