"""DF402's severity by what feeds the ReLU output: ReLU features (never negative) can leave the
unit dead from the start; features of both signs make that unlikely, so it is a risk."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source
from defib.engine.diagnostics import Severity

_MODEL = """import keras
from keras import layers
model = keras.Sequential([
    keras.Input((8,)),
    layers.Dense(32, activation="relu"),
    {feeder}
    layers.Dense(1, activation="relu"),
])
model.compile(optimizer="adam", loss="mse")
"""


def df402(feeder: str) -> list[tuple[Severity, str]]:
    source = _MODEL.format(feeder=feeder)
    found = analyse_source(source, "model.py").diagnostics
    return [(d.severity, d.message) for d in found if d.code == "DF402"]


def test_relu_features_feeding_the_output_are_a_warning() -> None:
    [(severity, message)] = df402('layers.Dense(8, activation="relu"),')
    assert severity is Severity.WARNING
    assert "risk" not in message


@pytest.mark.parametrize(
    ("feeder", "named"),
    [
        (
            'layers.Dense(8, activation="relu"), layers.LayerNormalization(),',
            "a LayerNormalization",
        ),
        (
            'layers.Dense(8, activation="relu"), layers.BatchNormalization(),',
            "a BatchNormalization",
        ),
        ('layers.Dense(8, activation="tanh"),', "a tanh Dense layer"),
        ('layers.Dense(8, activation="elu"),', "an elu Dense layer"),
    ],
)
def test_features_of_both_signs_feeding_the_output_are_a_risk(feeder: str, named: str) -> None:
    [(severity, message)] = df402(feeder)
    assert severity is Severity.INFO
    assert f"fed by {named}, whose values take both signs" in message


def test_normalisation_before_the_relu_features_does_not_count() -> None:
    # The LayerNormalization feeds the ReLU layer, whose outputs reach the unit.
    [(severity, _)] = df402('layers.LayerNormalization(), layers.Dense(8, activation="relu"),')
    assert severity is Severity.WARNING


def test_normalisation_before_the_relu_activation_does_not_count() -> None:
    # Dense, BatchNormalization, then ReLU: the unit still sees ReLU features.
    feeder = 'layers.Dense(8), layers.BatchNormalization(), layers.Activation("relu"),'
    [(severity, _)] = df402(feeder)
    assert severity is Severity.WARNING


def test_a_narrow_feeder_of_both_signs_stays_a_warning() -> None:
    # Two tanh units saturated by unscaled inputs can keep one sign on every sample.
    [(severity, _)] = df402('layers.Dense(2, activation="tanh"),')
    assert severity is Severity.WARNING


def test_a_linear_layer_over_a_sigmoid_code_is_not_of_both_signs() -> None:
    # An autoencoder's decoder: every input of the linear layer is positive, so each of its
    # units keeps nearly one sign on every sample (a replica: 44-50% of outputs dead at start).
    feeder = 'layers.Dense(12, activation="sigmoid"), layers.Dense(512), layers.Dropout(0.25),'
    [(severity, message)] = df402(feeder)
    assert severity is Severity.WARNING
    assert "risk" not in message


@pytest.mark.parametrize(
    "code", ['layers.Dense(12, activation="tanh"),', 'layers.Dense(12, activation="relu"),']
)
def test_a_linear_layer_over_other_features_is_of_both_signs(code: str) -> None:
    [(severity, message)] = df402(f"{code} layers.Dense(512),")
    assert severity is Severity.INFO
    assert "fed by a linear Dense layer, whose values take both signs" in message


def test_a_model_compiled_and_never_fitted_is_said_to_be_compiled() -> None:
    # Round 56a: a rule extractor compiled with mse in a trainer class whose file fits only
    # another model; the message said it was trained.
    source = (
        "import keras\n"
        "inputs = keras.Input((16,))\n"
        "hidden = keras.layers.Dense(32, activation='relu')(inputs)\n"
        "outputs = keras.layers.Dense(1, activation='relu')(hidden)\n"
        "model = keras.Model(inputs, outputs)\n"
        "model.compile(optimizer='adam', loss='mse')\n"
    )
    (finding,) = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF402"]
    assert "of a model compiled with mse" in finding.message
    fitted = source + "model.fit(x, y)\n"
    (finding,) = [d for d in analyse_source(fitted, "m.py").diagnostics if d.code == "DF402"]
    assert "of a model trained with mse" in finding.message


def test_a_normalisation_right_before_the_output_is_a_risk_whatever_precedes_it() -> None:
    # A factorisation machine: embeddings merged, then BatchNormalization, then the ReLU unit;
    # no layer with weights between the merge and the output to read its width from.
    source = """import keras
from keras import layers
a, b = keras.Input((1,)), keras.Input((1,))
x = layers.Concatenate()([
    layers.Flatten()(layers.Embedding(100, 2)(a)),
    layers.Flatten()(layers.Embedding(50, 2)(b)),
])
output = layers.Dense(1, activation="relu")(layers.BatchNormalization()(x))
model = keras.Model([a, b], output)
model.compile(optimizer="adam", loss="mse")
"""
    found = [d for d in analyse_source(source, "fm.py").diagnostics if d.code == "DF402"]
    assert [(d.severity, "a BatchNormalization" in d.message) for d in found] == [
        (Severity.INFO, True)
    ]


_FILTER = """import keras
from keras import layers
ids = keras.Input((2,), dtype="int32")
users = layers.Flatten()(layers.Embedding(300, 64)(ids[:, :1]))
items = layers.Flatten()(layers.Embedding(200, 64)(ids[:, 1:]))
{extra}
hidden = layers.Dense({width}, activation="relu")(layers.Concatenate()([{merged}]))
model = keras.Model({inputs}, layers.Dense(1, activation="relu")(hidden))
model.compile(optimizer="adam", loss="mse")
"""


def filter_df402(
    width: int = 64, merged: str = "users, items", extra: str = "", inputs: str = "ids"
) -> list[tuple[Severity, str]]:
    source = _FILTER.format(width=width, merged=merged, extra=extra, inputs=inputs)
    found = analyse_source(source, "model.py").diagnostics
    return [(d.severity, d.message) for d in found if d.code == "DF402"]


def test_a_wide_relu_layer_over_embeddings_feeding_the_output_is_a_risk() -> None:
    # A collaborative filter's head: 0 of 40 calibration runs lost the unit.
    [(severity, message)] = filter_df402()
    assert severity is Severity.INFO
    assert "fed by a 64-unit ReLU layer over embeddings" in message


_RATER = """import tensorflow as tf
class Rater(tf.keras.Model):
    def __init__(self, users, items, dim):
        super().__init__()
        self.dim = dim
        self.users = tf.keras.layers.Embedding(users, dim)
        self.items = tf.keras.layers.Embedding(items, dim)
        self.dense1 = tf.keras.layers.Dense(64, activation='relu')
        self.dense2 = tf.keras.layers.Dense(1, activation='relu')
        self.concat = tf.keras.layers.Concatenate()
    def call(self, inputs, training=False):
        user_ids = inputs[:, 0]
        user = self.users(user_ids)
        item = self.items(inputs[:, 1])
        user = tf.reshape(user, [-1, self.dim])
        item = tf.reshape(item, [-1, self.dim])
        return self.dense2(self.dense1(self.concat([user, item{more}])))
model = Rater(300, 200, 64)
model.compile(optimizer=tf.keras.optimizers.Adam(), loss=tf.keras.losses.MeanSquaredError())
model.fit(x_train, y_train)
"""


def test_a_subclassed_filter_that_reshapes_its_embeddings_is_read_the_same() -> None:
    # A held-out reader's anime-rating model: ids sliced from one input, embedded, reshaped
    # with tf.reshape, concatenated. Its own run reached an RMSE of 1.41.
    found = analyse_source(_RATER.format(more=""), "model.py").diagnostics
    [finding] = [d for d in found if d.code == "DF402"]
    assert finding.severity is Severity.INFO
    assert "over embeddings" in finding.message


def test_a_subclassed_filter_that_merges_raw_columns_too_stays_a_warning() -> None:
    # The input's other columns, raw, go into the same merge: a path that is no Embedding.
    found = analyse_source(_RATER.format(more=", inputs[:, 2:]"), "model.py").diagnostics
    [finding] = [d for d in found if d.code == "DF402"]
    assert finding.severity is Severity.WARNING


@pytest.mark.parametrize(
    ("width", "merged", "extra", "inputs"),
    [
        # Too narrow: not measured, and a few ReLU units can keep one sign.
        (16, "users, items", "", "ids"),
        # Raw numbers beside the embeddings (a wide-and-deep model): what they do is not known.
        (64, "users, items, counts", "counts = keras.Input((3,))", "[ids, counts]"),
        # A merged value Defib cannot follow back to an input.
        (64, "users, items, side", "side = load_side_features()", "ids"),
        # A Dense layer between the embeddings and the ReLU features.
        (64, "users, layers.Dense(8)(items)", "", "ids"),
    ],
)
def test_other_feeders_over_embeddings_stay_a_warning(
    width: int, merged: str, extra: str, inputs: str
) -> None:
    [(severity, _)] = filter_df402(width, merged, extra, inputs)
    assert severity is Severity.WARNING
