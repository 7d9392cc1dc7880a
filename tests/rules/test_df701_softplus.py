"""DF701 on a softplus written as log(1 + exp(x)): in a custom activation or a Lambda layer,
replaced by the library's own softplus; and on a loss's log of a sigmoid model's prediction."""

from __future__ import annotations

from defib.engine import analyse_source, apply_fixes

_ACTIVATION = """import numpy as np
import tensorflow as tf
from tensorflow import keras

def my_softplus(z):
    return {body}

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(30, activation=my_softplus), keras.layers.Dense(1)])
model.compile(loss="mse", optimizer="sgd")
"""


def _findings(body: str) -> list[str]:
    source = _ACTIVATION.format(body=body)
    return [d.code for d in analyse_source(source, "m.py").diagnostics]


def test_a_custom_activation_is_read_as_training_code() -> None:
    assert _findings("tf.math.log(1.0 + tf.exp(z))") == ["DF701"]


def test_the_stable_form_and_the_library_softplus_are_left_alone() -> None:
    assert _findings("tf.math.log(1 + tf.exp(-tf.abs(z))) + tf.maximum(0., z)") == []
    assert _findings("tf.math.softplus(z)") == []
    assert _findings("tf.math.log(1.0 + z)") == []


def test_the_fix_uses_the_same_modules_softplus() -> None:
    for written, stable in (
        ("tf.math.log(1.0 + tf.exp(z))", "tf.math.softplus(z)"),
        ("tf.log(tf.exp(z) + 1)", "tf.nn.softplus(z)"),
        ("np.log(1 + np.exp(z))", "np.logaddexp(0.0, z)"),
    ):
        source = _ACTIVATION.format(body=written)
        found = analyse_source(source, "m.py").diagnostics
        assert [d.code for d in found] == ["DF701"], written
        assert apply_fixes(source, found) == _ACTIVATION.format(body=stable)


def test_a_lambda_layer_in_a_module_of_layer_helpers_is_read() -> None:
    # No model is built in this file: the helper is used by models built elsewhere.
    source = (
        "import tensorflow as tf\n\n"
        "def mish(x):\n"
        "    return tf.keras.layers.Lambda(lambda x: x * tf.tanh(tf.math.log(1 + tf.exp(x))))(x)\n"
    )
    assert [d.code for d in analyse_source(source, "common.py").diagnostics] == ["DF701"]


def test_a_loss_of_a_sigmoid_model_is_read_as_a_log_of_its_sigmoid() -> None:
    # Only the model's output says the prediction is a sigmoid's: the loss itself logs y_pred.
    source = """import keras
from keras import backend as K

def focal(y_true, y_pred):
    return -K.mean(y_true * K.log(y_pred))

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="{output}")])
model.compile(optimizer="adam", loss=focal)
"""

    def severities(output: str) -> list[str]:
        found = analyse_source(source.format(output=output), "m.py").diagnostics
        return [d.severity.value for d in found if d.code == "DF701"]

    assert severities("sigmoid") == ["warning"]
    assert severities("softmax") == ["info"]
