"""A training loop written by hand: the loss object applied to a model's output is the loss it
trains with, for the rules that compare the loss with the output layer."""

from __future__ import annotations

from defib.engine import analyse_source

_LOOP = """import numpy as np
import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.Input((20,)),
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(10, activation="softmax"),
])
{compile}
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits={from_logits})
optimizer = tf.keras.optimizers.Adam()
x = np.random.rand(256, 20).astype("float32")
y = np.random.randint(0, 10, 256)

def train_step(xb, yb):
    with tf.GradientTape() as tape:
        {predicted}
        loss = loss_fn(yb, predictions)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))

for step in range(100):
    train_step(x[:32], y[:32])
"""


def codes(
    from_logits: str = "True",
    predicted: str = "predictions = model(xb, training=True)",
    compile: str = "",
) -> list[str]:
    source = _LOOP.format(from_logits=from_logits, predicted=predicted, compile=compile)
    return [d.code for d in analyse_source(source, "m.py").diagnostics]


def test_from_logits_on_a_softmax_output_in_a_hand_written_loop_is_reported() -> None:
    assert "DF404" in codes()


def test_the_loss_that_matches_the_output_is_not_reported() -> None:
    assert "DF404" not in codes(from_logits="False")


def test_a_loss_on_something_computed_from_the_output_is_not_the_models_loss() -> None:
    assert "DF404" not in codes(predicted="predictions = tf.math.log(model(xb))")


def test_a_compiled_loss_is_the_one_read() -> None:
    compiled = 'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")'
    assert "DF404" not in codes(compile=compiled)
