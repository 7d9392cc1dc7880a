"""Subclassed models that drive their own training: a train_step() with a loss of its own, and
a trainer with no call() that trains the models it holds."""

from __future__ import annotations

from defib.engine import analyse_source

_OWN_LOSS = """import tensorflow as tf
from tensorflow.keras import layers

class DepthModel(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Conv2D(8, 3, padding="same", activation="relu")
        self.out = layers.Conv2D(1, 1, activation="tanh")

    def call(self, x):
        return self.out(self.hidden(x))

    def train_step(self, data):
        x, target = data
        with tf.GradientTape() as tape:
            pred = self(x, training=True)
            loss = {loss}
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return {{"loss": loss}}

model = DepthModel()
model.compile(tf.keras.optimizers.Adam(), loss=tf.keras.losses.SparseCategoricalCrossentropy())
model.fit(tf.data.Dataset.from_tensor_slices((images, depths)).shuffle(64).batch(8), epochs=5)
"""


def test_a_loss_given_to_compile_that_train_step_never_uses_is_not_judged() -> None:
    source = _OWN_LOSS.format(loss="tf.reduce_mean(tf.abs(target - pred))")
    assert [d.code for d in analyse_source(source, "m.py").diagnostics] == []


def test_a_train_step_that_uses_the_compiled_loss_is_judged_by_it() -> None:
    source = _OWN_LOSS.format(loss="self.compiled_loss(target, pred)")
    assert "DF403" in [d.code for d in analyse_source(source, "m.py").diagnostics]


_TRAINER = """import tensorflow as tf
from tensorflow.keras import layers

(x_train, y_train), _ = tf.keras.datasets.cifar10.load_data()
student = tf.keras.Sequential([
    layers.Input((32, 32, 3)),
    layers.Rescaling(1.0 / 255),
    layers.Conv2D(16, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10),
])

class Trainer(tf.keras.Model):
    def __init__(self, student):
        super().__init__()
        self.student = student

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            loss = self.compiled_loss(y, self.student(x, training=True))
        grads = tape.gradient(loss, self.student.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.student.trainable_variables))
        return {"loss": loss}

trainer = Trainer(student)
trainer.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
trainer.fit(x_train, y_train, epochs=5)
"""


def test_a_trainer_with_no_call_says_nothing_of_what_its_input_meets() -> None:
    # The student it trains rescales the pixels; the trainer itself computes nothing.
    assert [d.code for d in analyse_source(_TRAINER, "m.py").diagnostics] == []
