"""DF410 on argmax of a one-unit model's predictions: where the result is always 0, and the
shapes and spellings where it is not, or where Defib cannot tell."""

from __future__ import annotations

import pytest
from defib.engine.analysis import analyse_source
from defib.engine.fixes import apply_edits

_MODEL = """import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import backend as K

x = np.random.rand(200, 8)
y = (x[:, 0] > 0.5).astype(int)
{model}
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=3)
predictions = model.predict(x)
{read}
"""

_SEQUENTIAL = """model = keras.Sequential([
    keras.layers.Dense(16, activation="relu", input_dim=8),
    keras.layers.Dense(1, activation="sigmoid"),
])"""
_FUNCTIONAL = """inputs = keras.Input(shape=(8,))
hidden = keras.layers.Dense(16, activation="relu")(inputs)
model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(hidden))"""
# Input of an unknown shape: each prediction may be a sequence of values.
_UNKNOWN_SHAPE = """inputs = keras.Input(shape=x.shape[1:])
model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(inputs))"""
_SEQUENCE_OUTPUT = """model = keras.Sequential([
    keras.Input(shape=(10, 8)),
    keras.layers.LSTM(16, return_sequences=True),
    keras.layers.Dense(1, activation="sigmoid"),
])"""
_LAST_STEP = _SEQUENCE_OUTPUT.replace("return_sequences=True", "return_sequences=False")
_POOLED = """model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    keras.layers.Conv2D(8, 3, activation="relu"),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(1),
    keras.layers.Activation("sigmoid"),
])"""


def _df410(model: str, read: str) -> list[str]:
    source = _MODEL.format(model=model, read=read)
    return [d.message for d in analyse_source(source, "m.py").diagnostics if d.code == "DF410"]


@pytest.mark.parametrize("model", [_SEQUENTIAL, _FUNCTIONAL, _LAST_STEP, _POOLED])
@pytest.mark.parametrize(
    "read",
    [
        "labels = np.argmax(predictions, axis=1)",
        "labels = np.argmax(predictions, 1)",
        "labels = predictions.argmax(axis=-1)",
        "labels = tf.argmax(predictions, axis=1)",
        "labels = K.argmax(predictions)",  # the backend's default is the last axis
        "label = np.argmax(predictions[0])",
        "for i in range(3):\n    print(np.argmax(model.predict(x[i:i + 1])[0]))",
        "best = predictions[:10]\nlabels = np.argmax(best, axis=1)",
    ],
)
def test_argmax_across_one_unit_is_reported(model: str, read: str) -> None:
    [message] = _df410(model, read)
    assert message.startswith("argmax over a single output unit is always 0")


@pytest.mark.parametrize(
    "read",
    [
        "best = np.argmax(predictions)",  # the index of the most confident sample
        "best = np.argmax(predictions, axis=0)",
        "best = tf.argmax(predictions)",  # tf.argmax's default axis is 0
        "best = np.argmax(predictions[:, 0])",
        "best = np.argmax(predictions.ravel())",
        "best = np.argmax(predictions[idx])",  # the rows of an index array
        "labels = np.argmax(predictions, axis=axis)",  # an axis not known
        "labels = np.argmax(y, axis=1)",
    ],
)
def test_argmax_that_can_vary_is_not_reported(read: str) -> None:
    assert _df410(_SEQUENTIAL, "idx = np.arange(5)\naxis = int(input())\n" + read) == []


@pytest.mark.parametrize("model", [_UNKNOWN_SHAPE, _SEQUENCE_OUTPUT])
def test_axis_1_of_outputs_that_may_be_sequences_is_not_reported(model: str) -> None:
    # Dense(1) over each step of a sequence: axis 1 runs over the steps.
    assert _df410(model, "labels = np.argmax(predictions, axis=1)") == []
    assert _df410(model, "label = np.argmax(predictions[0])") == []
    # The last axis holds the one unit whatever comes before it.
    assert len(_df410(model, "labels = np.argmax(predictions, axis=-1)")) == 1


@pytest.mark.parametrize(
    "model",
    [
        _SEQUENTIAL.replace('Dense(1, activation="sigmoid")', 'Dense(2, activation="softmax")'),
        _SEQUENTIAL.replace("Dense(1,", "Dense(n_classes,"),  # a width not known
        # Several outputs: which one predict() returns first is not the one-unit head.
        """inputs = keras.Input(shape=(8,))
model = keras.Model(inputs, [keras.layers.Dense(1)(inputs), keras.layers.Dense(5)(inputs)])""",
    ],
)
def test_outputs_of_several_units_are_not_reported(model: str) -> None:
    assert _df410(model, "labels = np.argmax(predictions, axis=1)") == []


def test_the_fix_thresholds_a_sigmoid_at_one_half_and_logits_at_zero() -> None:
    for model, cut in (
        (_SEQUENTIAL, "0.5"),
        (_SEQUENTIAL.replace(', activation="sigmoid"', ""), "0"),
    ):
        source = _MODEL.format(model=model, read="labels = np.argmax(predictions, axis=1)")
        [finding] = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF410"]
        assert finding.fix is not None and finding.fix.safety == "unsafe"
        fixed = apply_edits(source, finding.fix.edits)
        assert f"labels = (predictions[:, 0] > {cut}).astype(int)\n" in fixed


def test_tensorflow_spellings_get_no_fix() -> None:
    source = _MODEL.format(model=_SEQUENTIAL, read="labels = tf.argmax(predictions, axis=1)")
    [finding] = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF410"]
    assert finding.fix is None


def test_argmax_only_when_the_output_has_several_units_is_not_reported() -> None:
    # A helper written for both kinds of classifier, called with a binary one.
    read = """def predicted_class(model, sample):
    pred = model.predict(sample)
    if len(pred[0]) > 1:
        return int(tf.argmax(pred[0]))
    return int(tf.round(pred[0][0]))

predicted_class(model, x[:1])"""
    assert _df410(_SEQUENTIAL, read) == []
    assert len(_df410(_SEQUENTIAL, read.replace("if len(pred[0]) > 1:", "if True:"))) == 1
