"""Which fix a finding offers, and how safe it says it is, from what the code shows of the
labels and the loss. Each case is a pattern a reader found a fix wrong on in real code: a
"safe" fix must not be wrong where the code says otherwise."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source
from defib.engine.diagnostics import Fix
from defib.engine.fixes import apply_fixes

_ONE_UNIT = """import numpy as np
import keras
x = np.random.rand(200, 8)
{labels}
model = keras.Sequential([
    keras.Input((8,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="{activation}"),
])
model.compile(optimizer="adam", loss="{loss}", metrics=["accuracy"])
model.fit(x, y, epochs=10)
"""
BINARY = "y = (x[:, 0] + x[:, 1] > 1).astype('float32')"
SIX_CLASSES = "y = np.random.randint(0, 6, size=(200,))"
ONE_HOT = "y = keras.utils.to_categorical(np.random.randint(0, 7, size=(200,)))"
UNKNOWN = "y = np.load('labels.npy')"


def fix_of(source: str, code: str) -> Fix | None:
    [finding] = [d for d in analyse_source(source, "train.py").diagnostics if d.code == code]
    return finding.fix


def safety(fix: Fix | None) -> str | None:
    return fix.safety if fix is not None else None


@pytest.mark.parametrize(
    ("labels", "loss", "expected"),
    [
        (BINARY, "categorical_crossentropy", "safe"),
        (UNKNOWN, "binary_crossentropy", "safe"),
        (UNKNOWN, "categorical_crossentropy", "unsafe"),
        # More classes than a sigmoid can tell apart: the layer needs a unit per class.
        (SIX_CLASSES, "categorical_crossentropy", None),
        (ONE_HOT, "categorical_crossentropy", None),
        # A price under mse: a sigmoid caps it at 1 as surely as the softmax does.
        (UNKNOWN, "mse", None),
    ],
)
def test_df401_offers_a_sigmoid_only_where_a_probability_is_meant(
    labels: str, loss: str, expected: str | None
) -> None:
    source = _ONE_UNIT.format(labels=labels, activation="softmax", loss=loss)
    assert safety(fix_of(source, "DF401")) == expected


def test_df401_leaves_a_hidden_one_unit_softmax_without_a_fix() -> None:
    # Attention pooling: the softmax was meant over the time steps, not swapped for a sigmoid.
    source = """import keras
tokens = keras.Input((20, 32))
states = keras.layers.GRU(16, return_sequences=True)(tokens)
weights = keras.layers.Dense(1, activation="softmax")(states)
pooled = keras.layers.Dot(axes=1)([weights, states])
model = keras.Model(tokens, keras.layers.Dense(1, activation="sigmoid")(pooled))
model.compile(optimizer="adam", loss="binary_crossentropy")
"""
    assert fix_of(source, "DF401") is None


@pytest.mark.parametrize(
    ("labels", "activation", "expected"),
    [
        (BINARY, "sigmoid", "safe"),
        (UNKNOWN, "sigmoid", "unsafe"),
        (SIX_CLASSES, "sigmoid", None),
        (ONE_HOT, "sigmoid", None),
        # A one-unit softmax is DF401's to make a sigmoid, a linear unit DF404's: the fixes
        # together mend it.
        (BINARY, "softmax", "safe"),
        (BINARY, "linear", "safe"),
    ],
)
def test_df403_offers_binary_crossentropy_only_on_two_classes(
    labels: str, activation: str, expected: str | None
) -> None:
    source = _ONE_UNIT.format(labels=labels, activation=activation, loss="categorical_crossentropy")
    assert safety(fix_of(source, "DF403")) == expected


def test_fixing_all_on_a_linear_unit_leaves_nothing_to_fix() -> None:
    # DF404 gives the unit a sigmoid (unsafe), DF403 the loss: one pass of fixes is enough.
    source = _ONE_UNIT.format(labels=BINARY, activation="linear", loss="categorical_crossentropy")
    fixed = apply_fixes(source, analyse_source(source, "train.py").diagnostics, unsafe=True)
    assert analyse_source(fixed, "train.py").diagnostics == []


def test_the_two_safe_fixes_together_give_a_binary_classifier() -> None:
    source = _ONE_UNIT.format(labels=BINARY, activation="softmax", loss="categorical_crossentropy")
    found = analyse_source(source, "train.py").diagnostics
    assert {d.fix.safety for d in found if d.fix} == {"safe"}
    fixed = apply_fixes(source, found, unsafe=False)
    assert 'keras.layers.Dense(1, activation="sigmoid")' in fixed
    assert 'loss="binary_crossentropy"' in fixed
    assert analyse_source(fixed, "train.py").diagnostics == []


_LOGITS = """import keras
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense({units})])
model.compile(optimizer="adam", loss=keras.losses.{loss}(), metrics=["accuracy"])
"""


def test_df404_sets_from_logits_safely_where_argmax_reads_the_output() -> None:
    fix = fix_of(_LOGITS.format(units=3, loss="CategoricalCrossentropy"), "DF404")
    assert fix is not None
    assert (fix.safety, fix.message) == ("safe", "Set from_logits=True")


def test_df404_gives_a_binary_output_a_sigmoid_rather_than_logits() -> None:
    # "accuracy" for a binary loss thresholds the raw output at 0.5: read as logits, it would
    # count a logit of 0.3 (p = 0.57) as class 0.
    fix = fix_of(_LOGITS.format(units=1, loss="BinaryCrossentropy"), "DF404")
    assert fix is not None
    assert (fix.safety, fix.message) == ("unsafe", "Add a sigmoid output activation")


_IMAGES = """import keras
(x, y), _ = keras.datasets.mnist.load_data()
x = x.reshape(-1, 784).astype("float32")
model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense({units}, activation="{activation}")])
model.compile(optimizer="adam", loss="{loss}")
model.fit(x, {target}, epochs=5)
"""


def test_df301_divides_a_classifiers_images() -> None:
    source = _IMAGES.format(
        units=10, activation="softmax", loss="sparse_categorical_crossentropy", target="y"
    )
    [finding] = [d for d in analyse_source(source, "train.py").diagnostics if d.code == "DF301"]
    fixed = apply_fixes(source, [finding], unsafe=True)
    assert 'load_data()\nx = x.astype("float32") / 255.0\n' in fixed


def test_df301_leaves_an_autoencoder_that_gives_back_its_input_without_a_fix() -> None:
    # Dividing the input alone would leave the model to learn a gain of 255.
    source = _IMAGES.format(units=784, activation="linear", loss="mse", target="x")
    assert fix_of(source, "DF301") is None


_HEAD = """import keras
from keras import layers
model = keras.Sequential([
    keras.Input((32, 32, 3)),
    layers.Conv2D(16, 3, activation="relu"),
    {head}
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
"""


def test_df404_adds_a_softmax_to_an_output_layer_under_dropout() -> None:
    fix = fix_of(
        _HEAD.format(head="layers.Flatten(), layers.Dense(10), layers.Dropout(0.2),"), "DF404"
    )
    assert fix is not None
    assert fix.message == "Add a softmax output activation"


def test_df404_leaves_a_layer_pooled_after_it_without_a_fix() -> None:
    # A softmax over the channels of each pixel, max-pooled, is not one over the classes.
    head = "layers.Conv2D(10, 3, activation='relu'), layers.GlobalMaxPooling2D(),"
    assert fix_of(_HEAD.format(head=head), "DF404") is None


def test_df404_leaves_an_output_sampled_as_logits_without_an_activation() -> None:
    # A text generator divides the output by a temperature and samples it as logits.
    source = """import tensorflow as tf
import keras
model = keras.Sequential([keras.Input((20,)), keras.layers.Embedding(1000, 16),
    keras.layers.LSTM(32), keras.layers.Dense(1000)])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

def sample(seed, temperature=0.7):
    logits = model(seed)[0] / temperature
    return tf.random.categorical(logits[None, :], num_samples=1)
"""
    assert fix_of(source, "DF404") is None
