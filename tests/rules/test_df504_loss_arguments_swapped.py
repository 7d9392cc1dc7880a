"""DF504 on cross-entropies called `(prediction, labels)`, in the shapes public code writes
them, and on the calls that only look swapped."""

from __future__ import annotations

from defib.engine.analysis import analyse_source
from defib.engine.diagnostics import Diagnostic
from defib.engine.fixes import apply_edits


def _df504(source: str) -> list[Diagnostic]:
    return [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF504"]


_SMOOTHED = """import keras
from keras import backend as K

NUM_CLASSES = 10

def custom_loss(y_true, y_pred, e=0.1):
    return (1-e)*K.categorical_crossentropy(y_pred, y_true) + \\
        e*K.categorical_crossentropy(y_pred, K.ones_like(y_pred)/NUM_CLASSES)

model = keras.Sequential([keras.Input((32,)), keras.layers.Dense(NUM_CLASSES, activation="softmax")])
model.compile(optimizer="sgd", loss=custom_loss, metrics=["acc"])
"""


def test_a_label_smoothed_loss_written_in_the_old_backend_order() -> None:
    [finding] = _df504(_SMOOTHED)
    assert finding.range.start.line == 7  # the call with the labels, not the smoothing term
    assert finding.message.startswith(
        "`y_pred` is the prediction and `y_true` the labels, but `K.categorical_crossentropy` "
        "takes the labels first and the prediction second (since Keras 2.0.7"
    )
    assert finding.severity.value == "warning"
    assert finding.fix is not None and finding.fix.safety == "unsafe"
    fixed = apply_edits(_SMOOTHED, finding.fix.edits)
    assert "(1-e)*K.categorical_crossentropy(y_true, y_pred) + " in fixed
    assert _df504(fixed) == []


_REGION_PROPOSALS = """from keras import backend as K

lambda_rpn_class = 1.0
epsilon = 1e-4

def rpn_loss_cls(num_anchors):
    def rpn_loss_cls_fixed_num(y_true, y_pred):
        return lambda_rpn_class * K.sum(y_true[:, :, :, :num_anchors] * K.binary_crossentropy(y_pred[:, :, :, :], y_true[:, :, :, num_anchors:])) / K.sum(epsilon + y_true[:, :, :, :num_anchors])
    return rpn_loss_cls_fixed_num
"""


def test_a_module_of_losses_that_builds_no_model_is_read() -> None:
    [finding] = _df504(_REGION_PROPOSALS)
    assert "`y_pred[:, :, :, :]` is the prediction and `y_true[:, :, :, num_anchors:]`" in (
        finding.message
    )


def test_names_reassigned_from_one_side_keep_it() -> None:
    source = """from keras import backend as K

def categorical_crossentropy_color(y_true, y_pred):
    n, h, w, q = y_true.shape
    y_true = K.reshape(y_true, (n * h * w, q))
    y_pred = K.reshape(y_pred, (n * h * w, q))
    weights = y_true[:, 313:]
    y_true = y_true[:, :-1] * weights
    y_pred = y_pred[:, :-1]
    cross_ent = K.categorical_crossentropy(y_pred, y_true)
    return K.mean(cross_ent, axis=-1)
"""
    [finding] = _df504(source)
    assert finding.range.start.line == 10


def test_a_training_loop_ported_from_pytorch() -> None:
    source = """import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
loss_fn = tf.keras.losses.CategoricalCrossentropy(from_logits=True)
for epoch in range(10):
    for x, y in train_loader:
        with tf.GradientTape() as tape:
            logits = model(x)
            loss = loss_fn(logits, y)
"""
    [finding] = _df504(source)
    assert finding.message.startswith(
        "`logits` is the prediction and `y` the labels, but `loss_fn`"
    )
    assert "Keras 2.0.7" not in finding.message  # a loss class never took another order


def test_parameters_named_the_other_way_round_are_in_keras_order() -> None:
    # Keras passes the labels first, here into `y_pred`: the call reads them first.
    source = """from keras import backend as K

def multi_label_log_loss(y_pred, y_true):
    return K.sum(K.binary_crossentropy(y_pred, y_true), axis=-1)
"""
    assert _df504(source) == []


def test_other_libraries_and_the_files_own_functions_keep_their_order() -> None:
    for source in (
        # Theano's and Lasagne's cross-entropies take the prediction first.
        "import keras\nimport lasagne\n\ndef loss(y_true, y_pred):\n"
        "    return lasagne.objectives.categorical_crossentropy(y_pred, y_true)\n",
        "import keras\n\ndef categorical_crossentropy(p, t):\n    return -(t * p).sum()\n\n"
        "def loss(y_true, y_pred):\n    return categorical_crossentropy(y_pred, y_true)\n",
        "import keras\nimport torch.nn.functional as F\n\ndef loss(y_true, y_pred):\n"
        "    return F.binary_cross_entropy(y_pred, y_true)\n",
    ):
        assert _df504(source) == []


def test_calls_that_only_look_swapped() -> None:
    gan = """import tensorflow as tf

cross_entropy = tf.keras.losses.BinaryCrossentropy(from_logits=True)

def generator_loss(fake_output):
    return cross_entropy(tf.ones_like(fake_output), fake_output)

def train_step(images, noise):
    with tf.GradientTape() as tape:
        fake_output = discriminator(generator(noise))
        loss = cross_entropy(fake_output, tf.ones_like(fake_output))
"""
    symmetric = (
        "import keras\n\ndef loss(y_true, y_pred):\n"
        "    return keras.losses.mean_squared_error(y_pred, y_true)\n"
    )
    sparse = (
        "import keras\n\ndef loss(y_true, y_pred):\n"
        "    return keras.losses.sparse_categorical_crossentropy(y_pred, y_true)\n"
    )
    named = (
        "import keras\n\ndef loss(y_true, y_pred):\n"
        "    return keras.losses.binary_crossentropy(y_pred=y_pred, y_true=y_true)\n"
    )
    mixed = (
        "from keras import backend as K\n\ndef loss(y_true, y_pred):\n"
        "    return K.binary_crossentropy(y_pred * y_true, y_true)\n"
    )
    for source in (gan, symmetric, sparse, named, mixed):
        assert _df504(source) == []


def test_labels_are_known_by_name_only_where_a_loop_binds_them() -> None:
    # `y` is computed by the file: what it holds is not read from its name.
    source = """import numpy as np
import keras

model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
y = np.load("scores.npy")
pred = model(np.load("x.npy"))
print(keras.losses.binary_crossentropy(pred, y))
"""
    assert _df504(source) == []


def test_a_name_bound_to_something_else_too_is_no_loss_object() -> None:
    source = """import tensorflow as tf

loss_fn = tf.keras.losses.BinaryCrossentropy()
loss_fn = my_loss

def train_step(model, x, labels):
    scores = model(x)
    return loss_fn(scores, labels)
"""
    assert _df504(source) == []
    unpacked = source.replace("loss_fn = my_loss", "loss_fn, metric = my_loss, my_metric")
    assert _df504(unpacked) == []


def test_a_long_expression_does_not_exhaust_the_recursion_limit() -> None:
    # A notebook joined a message from thousands of strings: deeper than Python's stack.
    long_sum = " + ".join(["'x'"] * 2000)
    source = _SMOOTHED + f"message = {long_sum}\nprint(K.binary_crossentropy(message, message))\n"
    analysis = analyse_source(source, "m.py")
    assert analysis.internal_errors == []
    assert [d.code for d in analysis.diagnostics if d.code == "DF504"] == ["DF504"]


def test_a_function_that_makes_a_model_is_not_its_prediction() -> None:
    source = """import tensorflow as tf

loss_fn = tf.keras.losses.BinaryCrossentropy()

def train(x, y):
    model = build_model(x.shape[1])
    return loss_fn(model, y)
"""
    assert _df504(source) == []
    assert len(_df504(source.replace("build_model(x.shape[1])", "model(x)"))) == 1


def test_a_backend_call_in_a_file_written_for_keras_1_is_that_versions_order() -> None:
    # Round 45b: Keras 1.1.1 code (nb_epoch=, border_mode=) whose backend took
    # `(output, target)`: the prediction first was right there.
    keras1 = _SMOOTHED.replace(
        'model.compile(optimizer="sgd", loss=custom_loss, metrics=["acc"])',
        'model.compile(optimizer="sgd", loss=custom_loss, metrics=["acc"])\n'
        "model.fit(x, y, nb_epoch=10)",
    )
    assert _df504(keras1) == []
    # A loss function of keras.losses took the labels first in every version.
    losses = keras1.replace(
        "K.categorical_crossentropy(y_pred, y_true)",
        "keras.losses.categorical_crossentropy(y_pred, y_true)",
    )
    assert len(_df504(losses)) == 1
