"""DF303: a Dataset of in-memory arrays fed to fit() unshuffled, and what counts as shuffled."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source
from defib.engine.diagnostics import Severity

_HEAD = """import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
"""


def df303(body: str) -> list[tuple[int, Severity]]:
    source = _HEAD + body
    return [
        (d.range.start.line, d.severity)
        for d in analyse_source(source, "sample.py").diagnostics
        if d.code == "DF303"
    ]


def test_reported_at_fit_as_an_info_with_where_the_dataset_was_built() -> None:
    source = _HEAD + (
        'x, y = np.load("x.npy"), np.load("y.npy")\n'
        "ds = tf.data.Dataset.from_tensor_slices((x, y))\n"
        "ds = ds.batch(32)\n"
        "model.fit(ds, epochs=5)\n"
    )
    (found,) = [d for d in analyse_source(source, "s.py").diagnostics if d.code == "DF303"]
    assert found.severity == Severity.INFO
    assert found.range.start.line == 11
    assert "fit() does not shuffle a Dataset" in found.message
    assert "ordered by label" in found.message
    assert [r.range.start.line for r in found.related] == [9]


@pytest.mark.parametrize(
    "body",
    [
        # A map, a zip of pipelines and a repeat keep the arrays' order.
        'x, y = np.load("x.npy"), np.load("y.npy")\n'
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda a, b: (a * 2, b))\n"
        "model.fit(ds.batch(8).repeat(), steps_per_epoch=10)\n",
        'x, y = np.load("x.npy"), np.load("y.npy")\n'
        "xs = tf.data.Dataset.from_tensor_slices(x)\n"
        "ys = tf.data.Dataset.from_tensor_slices(y)\n"
        "model.fit(tf.data.Dataset.zip((xs, ys)).batch(8))\n",
        # Blobs drawn at random but stacked one class after the other are ordered by label.
        "x = np.vstack([np.random.normal(0, 1, (100, 4)), np.random.normal(3, 1, (100, 4))])\n"
        "y = np.array([0] * 100 + [1] * 100)\n"
        "model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(16))\n",
        # A model loaded from disk is still fit on the Dataset.
        "model = keras.models.load_model('m.keras')\n"
        'x, y = np.load("x.npy"), np.load("y.npy")\n'
        "model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(16), epochs=2)\n",
    ],
)
def test_unshuffled_pipelines_are_reported(body: str) -> None:
    assert [severity for _, severity in df303(body)] == [Severity.INFO]


@pytest.mark.parametrize(
    "body",
    [
        # The arrays were shuffled before the Dataset was built, in ways not followed as values.
        'x, y = np.load("x.npy"), np.load("y.npy")\n'
        "order = np.random.permutation(len(x))\n"
        "x, y = x[order], y[order]\n"
        "model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(16))\n",
        "from sklearn.utils import shuffle\n"
        'x, y = shuffle(np.load("x.npy"), np.load("y.npy"))\n'
        "model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(16))\n",
        'frame = pd.read_csv("d.csv").sample(frac=1.0)\n'
        'x, y = frame.drop(columns="label").values, frame["label"].values\n'
        "model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(16))\n",
        'x, y = np.load("x.npy"), np.load("y.npy")\n'
        "model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(16).shuffle(100))\n",
        # Rows drawn at random have no order.
        "x = np.random.rand(200, 4)\n"
        "y = np.random.randint(0, 3, 200)\n"
        "model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(16))\n",
        # One element holding every row: each step sees all of them.
        'x, y = np.load("x.npy"), np.load("y.npy")\n'
        "model.fit(tf.data.Dataset.from_tensors((x, y)), epochs=100)\n",
        # Only the validation data is unshuffled.
        'x, y = np.load("x.npy"), np.load("y.npy")\n'
        "val = tf.data.Dataset.from_tensor_slices((x, y)).batch(16)\n"
        "model.fit(x, y, validation_data=val)\n",
        # Arrays given to fit() are shuffled by fit() itself.
        'x, y = np.load("x.npy"), np.load("y.npy")\nmodel.fit(x, y, batch_size=16)\n',
    ],
)
def test_shuffled_or_unordered_data_is_not_reported(body: str) -> None:
    assert df303(body) == []


def test_a_regression_is_not_reported() -> None:
    source = _HEAD.replace("sparse_categorical_crossentropy", "mse") + (
        'x, y = np.load("x.npy"), np.load("y.npy")\n'
        "model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(16))\n"
    )
    assert not [d for d in analyse_source(source, "s.py").diagnostics if d.code == "DF303"]


@pytest.mark.parametrize(
    "body",
    [
        # Random tensors drawn by TensorFlow have no order.
        "x = tf.random.uniform((64, 4))\n"
        "y = tf.cast(tf.reduce_mean(x, axis=1) + 0.5, tf.int32)\n"
        "model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(16))\n",
        # A handful of rows typed into the code: their order is in plain sight.
        'features = {"size": [0.5, 1.5, 2.5], "weight": [2.7, 1.8, 1.6]}\n'
        "labels = [1, 1, 0]\n"
        "model.fit(tf.data.Dataset.from_tensor_slices((features, labels)).batch(1))\n",
    ],
)
def test_random_tensors_and_rows_typed_in_are_not_reported(body: str) -> None:
    assert df303(body) == []


def test_a_dataset_of_one_array_has_no_labels_to_be_ordered_by() -> None:
    # A WGAN's real samples, fed to a model whose train_step is its own.
    assert (
        df303('x = np.load("x.npy")\nmodel.fit(tf.data.Dataset.from_tensor_slices(x).batch(32))\n')
        == []
    )
    # Until a map pairs labels with them.
    mapped = (
        'x = np.load("x.npy")\n'
        "ds = tf.data.Dataset.from_tensor_slices(x).map(lambda a: (a, a[0] > 0))\n"
        "model.fit(ds.batch(32))\n"
    )
    assert df303(mapped) == [(10, Severity.INFO)]
