"""DF503: a loss given to compile() whose returned value is not computed from the prediction.
Each case is one way real losses read (or fail to read) `y_pred`."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source

_MODEL = """import numpy as np
import tensorflow as tf
import keras
from keras import backend as K

{loss_code}

model = keras.Sequential([keras.Input((16,)), keras.layers.Dense(8)])
model.compile(optimizer="adam", loss={loss})
model.fit(np.load("x.npy"), np.load("y.npy"), epochs=10)
"""


def df503(loss_code: str, loss: str = "my_loss") -> list[str]:
    source = _MODEL.format(loss_code=loss_code, loss=loss)
    return [d.message for d in analyse_source(source, "m.py").diagnostics if d.code == "DF503"]


@pytest.mark.parametrize(
    ("loss_code", "loss"),
    [
        ("", "lambda y_true, y_pred: K.mean(K.square(y_true))"),
        (
            "def my_loss(y_true, y_pred):\n    return K.mean(y_true) + 0.0 * K.sum(y_pred)",
            "my_loss",
        ),
        (
            "def my_loss(y_true, y_pred):\n    fixed = tf.stop_gradient(y_pred)\n"
            "    return K.mean(K.square(y_true - fixed))",
            "my_loss",
        ),
        # Through a helper of the file, given the labels only.
        (
            "def distance(a, b):\n    return K.sum(K.square(a - b), axis=-1)\n\n"
            "def my_loss(y_true, y_pred):\n"
            "    return K.mean(distance(y_true[:, :4], y_true[:, 4:])) + 0 * K.sum(y_pred)",
            "my_loss",
        ),
        (
            "class PairLoss(keras.losses.Loss):\n    def call(self, y_true, y_pred):\n"
            "        return K.mean(K.square(y_true[:, :4] - y_true[:, 4:]))",
            "PairLoss()",
        ),
    ],
)
def test_a_loss_that_never_reads_the_prediction_is_an_error(loss_code: str, loss: str) -> None:
    assert len(df503(loss_code, loss)) == 1


@pytest.mark.parametrize(
    "loss_code",
    [
        # Through names assigned in a loop, before the return reads them.
        "def my_loss(y_true, y_pred):\n    total = 0.0\n    for i in range(4):\n"
        "        part = y_pred[:, i]\n        total = total + K.square(part - y_true[:, i])\n"
        "    return total",
        # Through a helper of the file.
        "def distance(a, b):\n    return K.sum(K.square(a - b), axis=-1)\n\n"
        "def my_loss(y_true, y_pred):\n    return distance(y_true, y_pred)",
        # It runs a model itself, whose weights the gradient then reaches (an InfoGAN's Q).
        "critic = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])\n\n"
        "def my_loss(y_true, y_pred):\n    return K.mean(critic(y_true))",
        # A closure made inside may read it when called.
        "def my_loss(y_true, y_pred):\n    def inner(t):\n        return K.mean(t - y_pred)\n"
        "    return inner(y_true)",
    ],
)
def test_a_loss_that_reads_the_prediction_is_left_alone(loss_code: str) -> None:
    assert df503(loss_code) == []


def test_a_placeholder_among_several_losses_is_left_alone() -> None:
    code = "def my_loss(y_true, y_pred):\n    return K.zeros_like(y_true)"
    assert df503(code, '["mse", my_loss]') == []
