"""A training loop written by hand: the loss object (or TensorFlow's cross-entropy on logits)
applied to a model's output is the loss it trains with, for the rules that compare the loss with
the output layer."""

from __future__ import annotations

from defib.engine import analyse_source
from defib.engine.diagnostics import Diagnostic

_LOOP = """import numpy as np
import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.Input((20,)),
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(10{activation}),
])
{compile}
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits={from_logits})
optimizer = tf.keras.optimizers.Adam()
x = np.random.rand(256, 20).astype("float32")
y = np.random.randint(0, 10, 256)

def train_step(xb, yb):
    with tf.GradientTape() as tape:
        {predicted}
        loss = {loss}
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))

for step in range(100):
    train_step(x[:32], y[:32])
"""


_DEFAULTS = {
    "from_logits": "True",
    "predicted": "predictions = model(xb, training=True)",
    "compile": "",
    "loss": "loss_fn(yb, predictions)",
    "activation": ', activation="softmax"',
}


def findings(**changes: str) -> list[Diagnostic]:
    """The findings on the loop above, with some of its parts written otherwise."""
    return analyse_source(_LOOP.format(**{**_DEFAULTS, **changes}), "m.py").diagnostics


def codes(**changes: str) -> list[str]:
    return [d.code for d in findings(**changes)]


_TF_LOSS = "tf.nn.sparse_softmax_cross_entropy_with_logits(labels=yb, logits={logits})"


def test_from_logits_on_a_softmax_output_in_a_hand_written_loop_is_reported() -> None:
    assert "DF404" in codes()


def test_the_loss_that_matches_the_output_is_not_reported() -> None:
    assert "DF404" not in codes(from_logits="False")


def test_a_loss_on_something_computed_from_the_output_is_not_the_models_loss() -> None:
    assert "DF404" not in codes(predicted="predictions = tf.math.log(model(xb))")


def test_a_compiled_loss_is_the_one_read() -> None:
    compiled = 'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")'
    assert "DF404" not in codes(compile=compiled)


def test_tensorflows_cross_entropy_on_logits_of_a_softmax_output_is_reported() -> None:
    found = findings(loss=_TF_LOSS.format(logits="predictions"))
    assert [d.code for d in found] == ["DF404"]
    assert "tf.nn.sparse_softmax_cross_entropy_with_logits takes logits" in found[0].message
    # Nothing reads the logits back from under the softmax here: a warning.
    assert found[0].severity.value == "warning"


def test_tensorflows_cross_entropy_on_logits_of_a_linear_output_is_not_reported() -> None:
    assert codes(loss=_TF_LOSS.format(logits="predictions"), activation="") == []


def test_a_reshaped_or_cast_output_is_still_the_models_output() -> None:
    flat = "tf.reshape(tf.cast(predictions, tf.float32), [-1, 10])"
    assert "DF404" in codes(loss=_TF_LOSS.format(logits=flat))
    predicted = "predictions = tf.reshape(model(xb, training=True), [-1, 10])"
    assert "DF404" in codes(predicted=predicted)
    # A batch the engine knows nothing of (a dataset's element): the output is a tensor.
    predicted = "out = model(next(batches)); predictions = tf.reshape(out, [-1, 10])"
    assert "DF404" in codes(predicted=predicted)


def test_logits_passed_positionally_are_read() -> None:
    loss = "tf.nn.sparse_softmax_cross_entropy_with_logits(yb, predictions)"
    assert "DF404" in codes(loss=loss)


_SUBCLASS = """import tensorflow as tf

class ConvNet(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = tf.keras.layers.Dense(128, activation="relu")
        self.out = tf.keras.layers.Dense(10)

    def call(self, x, {flag}=False):
        x = self.out(self.hidden(x))
        if not {flag}:
            # Probabilities when predicting; logits for the loss in training.
            x = tf.nn.softmax(x)
        return x

net = ConvNet()
optimizer = tf.keras.optimizers.Adam()

def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = net(x, {flag}=True)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    grads = tape.gradient(loss, net.trainable_variables)
    optimizer.apply_gradients(zip(grads, net.trainable_variables))
"""


def test_a_softmax_applied_only_when_not_training_is_not_the_training_output() -> None:
    for flag in ("is_training", "training"):
        source = _SUBCLASS.format(flag=flag)
        assert [d.code for d in analyse_source(source, "m.py").diagnostics] == [], flag
    # The same model with the softmax applied in training too is reported.
    always = _SUBCLASS.format(flag="is_training").replace("if not is_training:", "if True:")
    assert [d.code for d in analyse_source(always, "m.py").diagnostics] == ["DF404"]
