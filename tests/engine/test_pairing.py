"""Features and labels shuffled apart (engine/pairing.py, reported as DF305): which calls pair
two arrays, and which shuffles put them out of step."""

from __future__ import annotations

from textwrap import dedent

import pytest
from defib.engine import analyse_source

HEAD = "import numpy as np\nimport keras\nfrom sklearn.utils import shuffle\n"


def pairs(body: str) -> list[tuple[int, str]]:
    """(line, message) of each DF305 finding on `body`, the imports above it."""
    found = analyse_source(HEAD + dedent(body), "train.py").diagnostics
    return [(d.range.start.line, d.message) for d in found if d.code == "DF305"]


def test_helper_that_passes_its_parameters_on_pairs_them() -> None:
    # `batches` hands x and y to `dataset`, which hands them to from_tensor_slices.
    found = pairs(
        """
        import tensorflow as tf
        def dataset(a, b):
            return tf.data.Dataset.from_tensor_slices((a, b)).batch(8)
        def batches(x, y):
            return dataset(x, y)
        x, y = np.load("x.npy"), np.load("y.npy")
        np.random.shuffle(x)
        model = keras.Sequential([keras.layers.Dense(1)])
        model.fit(batches(x, y), epochs=3)
        """
    )
    assert [line for line, _ in found] == [11]


def test_helper_that_takes_unrelated_arguments_is_no_pairing() -> None:
    # The YOLO shape: each line holds an image path and its boxes; the other arguments are
    # settings, not labels.
    assert not pairs(
        """
        def generator(lines, batch_size, input_shape, anchors):
            while True:
                yield lines[:batch_size], anchors
        lines = open("train.txt").readlines()
        input_shape, anchors = (416, 416), np.load("anchors.npy")
        np.random.shuffle(lines)
        model = keras.Sequential([keras.layers.Dense(1)])
        model.fit(generator(lines, 32, input_shape, anchors), epochs=3)
        """
    )


def test_validation_pair_shuffled_apart() -> None:
    found = pairs(
        """
        x, y = np.load("x.npy"), np.load("y.npy")
        x_val, y_val = np.load("xv.npy"), np.load("yv.npy")
        np.random.shuffle(x_val)
        model = keras.Sequential([keras.layers.Dense(1)])
        model.fit(x, y, validation_data=(x_val, y_val))
        """
    )
    assert len(found) == 1 and "`x_val` is shuffled" in found[0][1]


def test_shuffle_under_a_branch_still_counts() -> None:
    found = pairs(
        """
        import sys
        x, y = np.load("x.npy"), np.load("y.npy")
        if "--shuffle" in sys.argv:
            np.random.shuffle(x)
        model = keras.Sequential([keras.layers.Dense(1)])
        model.fit(x, y)
        """
    )
    assert len(found) == 1


@pytest.mark.parametrize(
    "between",
    [
        "y = np.load('y.npy')",  # the partner made again after the shuffle
        "x, y = np.load('x2.npy'), np.load('y2.npy')",  # both made again
        "x = np.load('x2.npy')",  # the shuffled array replaced
    ],
)
def test_rebinding_after_the_shuffle_ends_the_case(between: str) -> None:
    assert not pairs(
        f"""
        x, y = np.load("x.npy"), np.load("y.npy")
        np.random.shuffle(x)
        {between}
        model = keras.Sequential([keras.layers.Dense(1)])
        model.fit(x, y)
        """
    )


def test_each_shuffled_on_its_own_points_at_both() -> None:
    analysis = analyse_source(
        HEAD
        + dedent(
            """
            x, y = np.load("x.npy"), np.load("y.npy")
            np.random.shuffle(x)
            np.random.shuffle(y)
            model = keras.Sequential([keras.layers.Dense(1)])
            model.fit(x, y)
            """
        ),
        "train.py",
    )
    (finding,) = [d for d in analysis.diagnostics if d.code == "DF305"]
    assert finding.range.start.line == 7  # the second shuffle
    assert [r.range.start.line for r in finding.related] == [6, 7]


@pytest.mark.parametrize(
    "odd",
    [
        "np.random.shuffle(*arrays)",
        "np.random.shuffle(x[0])",
        "x, = shuffle(x)",
        "a, b = shuffle(*pairs)",
        "from random import *",
    ],
)
def test_odd_shuffles_are_read_without_a_finding(odd: str) -> None:
    assert not pairs(
        f"""
        x, y = np.load("x.npy"), np.load("y.npy")
        arrays, pairs = [x], [(x, y)]
        {odd}
        model = keras.Sequential([keras.layers.Dense(1)])
        model.fit(x, y)
        """
    )


def test_functions_nested_in_functions_are_read() -> None:
    found = pairs(
        """
        def main():
            model = keras.Sequential([keras.layers.Dense(1)])
            def train(x, y):
                np.random.shuffle(x)
                model.fit(x, y)
            train(np.load("x.npy"), np.load("y.npy"))
        main()
        """
    )
    assert [line for line, _ in found] == [8]
