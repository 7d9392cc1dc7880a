"""DF504 loss-arguments-swapped."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.rules import Invalid, Rule, RuleContext

_LOSS = """import keras
from keras import backend as K

def smoothed_crossentropy(y_true, y_pred):
    return 0.9 * K.categorical_crossentropy({args}) + 0.1 * keras.ops.mean(y_pred)

model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss=smoothed_crossentropy)
"""

_LOOP = """import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="softmax")])
optimizer = tf.keras.optimizers.Adam()

for x, y in dataset:
    with tf.GradientTape() as tape:
        probabilities = model(x, training=True)
        loss = tf.reduce_mean(tf.keras.losses.categorical_crossentropy({args}))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
"""

_LOSS_OBJECT = """import tensorflow as tf

bce = tf.keras.losses.BinaryCrossentropy()

def train_step(model, x, labels):
    with tf.GradientTape() as tape:
        scores = model(x)
        loss = bce({args})
    return tape.gradient(loss, model.trainable_variables)
"""


class LossArgumentsSwapped(Rule):
    """A Keras cross-entropy called with the prediction first and the labels second.

    ## What it does
    Flags a call of a Keras cross-entropy, the binary, categorical or focal one, or the KL
    divergence or Poisson loss (a function of `keras.losses`, `keras.metrics`,
    `keras.backend` or `keras.ops`, or an instance of their loss classes), whose first
    argument is computed from the prediction and whose second from the labels. What is which
    is read from a custom loss's parameters named as Keras passes them (`y_true, y_pred`), and,
    in a training loop, from a name assigned by running the model (`logits = model(x)`)
    against a name that holds labels (`y`, `labels`, `targets`). Not flagged: a loss whose
    parameters are named the other way round (Keras passes the labels first whatever they
    are called), a sparse cross-entropy (swapped, its shapes fail at once), calls that name
    their arguments, and a backend cross-entropy in a file written for Keras 1 (`nb_epoch=`,
    `border_mode=`, `Convolution2D(`, ...), where `(output, target)` was the backend's order.

    ## Why is this bad?
    Every Keras loss takes `(y_true, y_pred)`, and so do the backend's cross-entropies since
    Keras 2.0.7; before it they took `(output, target)`, as PyTorch's losses still do. Swapped,
    nothing fails: the loss clips the labels to (1e-7, 1 - 1e-7) and weighs their logarithms
    by the prediction, so it becomes about 16 times the absolute error between prediction and
    labels. The absolute error's best constant answer is the median label, not the mean, so
    where the data cannot tell the classes apart it pushes the output to the majority class
    and pins it there. Measured with `bench/calibrate_swapped_loss_arguments.py` (3 seeds,
    20 epochs): on easy tasks it still trains (scikit-learn's digits: 0.96 held-out accuracy
    swapped against 0.96-0.97 in order, under Adam); on a rare, noisy event (about 10%
    positive) every held-out output was pinned within 0.01 of 0 on 3 of 3 seeds, under Adam
    and under SGD (in order: 1-11% of them), and the ranking fell to chance (ROC AUC
    0.49-0.59, against 0.59-0.69 in order). Reported cases: a label-smoothed loss under Keras 2.1 whose loss was "much
    higher" and whose results were poor until the arguments were swapped back; a Faster R-CNN
    region proposal loss written for Keras 2.0's backend order; a CleverHans tutorial whose
    CIFAR-10 model did not train.

    ## Example
    ```python
    def smoothed_crossentropy(y_true, y_pred):
        return 0.9 * K.categorical_crossentropy(y_pred, y_true) + 0.1 * keras.ops.mean(y_pred)
    ```

    ## Use instead
    ```python
    def smoothed_crossentropy(y_true, y_pred):
        return 0.9 * K.categorical_crossentropy(y_true, y_pred) + 0.1 * keras.ops.mean(y_pred)
    ```

    ## Fix safety
    Unsafe: it swaps the two arguments. That is what Keras 2.0.7 and later expect, but code
    that still runs on an older Keras, or on a function of its own of the same name, wants
    them as written.
    """

    code = "DF504"
    name = "loss-arguments-swapped"
    severity = Severity.WARNING
    message = "The cross-entropy is given the prediction where the labels go"

    VALID = [
        _LOSS.format(args="y_true, y_pred"),
        _LOOP.format(args="y, probabilities"),
        _LOSS_OBJECT.format(args="labels, scores"),
        # Keras passes the labels first whatever the parameters are called: here `y_pred`.
        _LOSS.format(args="y_true, y_pred").replace("(y_true, y_pred):", "(y_pred, y_true):"),
        # PyTorch's order is its own.
        """import torch.nn.functional as F

def loss(y_true, y_pred):
    return F.binary_cross_entropy(y_pred, y_true)
""",
        # Named arguments: the order is the reader's.
        _LOOP.format(args="y_pred=probabilities, y_true=y"),
    ]
    INVALID = [
        Invalid(_LOSS.format(args="y_pred, y_true"), _LOSS.format(args="y_true, y_pred")),
        Invalid(_LOOP.format(args="probabilities, y"), _LOOP.format(args="y, probabilities")),
        Invalid(
            _LOSS_OBJECT.format(args="scores, labels"), _LOSS_OBJECT.format(args="labels, scores")
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for found in ctx.swapped_loss_calls():
            prediction, labels = found.prediction.code(), found.labels.code()
            told = f"`{found.function}` takes the labels first and the prediction second" + (
                " (since Keras 2.0.7: before it the backend's cross-entropies took "
                "`(output, target)`)"
                if found.backend
                else ""
            )
            ctx.report(
                found.where,
                f"`{prediction}` is the prediction and `{labels}` the labels, but {told}. "
                "Swapped, nothing fails: the loss becomes about 16 times the absolute error "
                "(the clipped log of a 0/1 label, -ln(1e-7) = 16.1), "
                "which trains on easy data and pins the output to the majority class where "
                "classes overlap. Pass the labels first",
                fix=ctx.fix(
                    f"Swap the arguments: `{found.function}({labels}, {prediction}, ...)`",
                    "unsafe",
                    (found.prediction, labels),
                    (found.labels, prediction),
                ),
            )
