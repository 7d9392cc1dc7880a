"""TensorFlow: gradients from `tf.GradientTape`, the step traced once with `tf.function`.

Imports nothing heavy at module level: the worker loads this module before it knows whether
TensorFlow (or numpy) is installed, to say so clearly when not."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from . import StatefulStep, stateful_step_body

FRAMEWORK = "tensorflow"


def configure() -> None:
    """Grappler's graph rewrites cost more than they save on a step function that runs a few
    hundred times: without them a 30-step probe of a two-layer MLP took 0.10 s instead of
    0.15 s (six layers: 0.20 s instead of 0.27 s), at the same speed per step."""
    import tensorflow as tf

    with contextlib.suppress(Exception):
        tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": True})


def initialise() -> None:
    """Initialise the eager context (the step a fork after the import cannot survive)."""
    import tensorflow as tf

    tf.constant(0.0) + 1.0


@contextlib.contextmanager
def no_gradient() -> Iterator[None]:
    yield  # outside a GradientTape nothing is recorded


def value_and_gradients(
    compute_loss: Callable[[], Any], variables: Sequence[Any]
) -> tuple[Any, list[Any]]:
    import tensorflow as tf

    with tf.GradientTape() as tape:
        loss = compute_loss()
    gradients = tape.gradient(loss, variables)
    # Dense gradients (an Embedding's arrive as IndexedSlices).
    return loss, [None if g is None else tf.convert_to_tensor(g) for g in gradients]


def make_step(
    keras: Any,
    model: Any,
    optimizer: Any,
    variables: Sequence[Any],
    kernel_index: Sequence[int],
    x: Any,
    y: Any,
) -> StatefulStep:
    import numpy as np
    import tensorflow as tf

    body = stateful_step_body(
        keras, model, optimizer, variables, kernel_index, value_and_gradients, no_gradient
    )
    # Without autograph: the step's own Python has no control flow on tensors, and autograph
    # does not convert the layers' code anyway (Keras calls it, unconverted), so it only cost
    # time: tracing a three-layer MLP took 0.48 s instead of 0.63 s.
    function = tf.function(body, reduce_retracing=True, autograph=False)
    return StatefulStep(_concrete(tf, function, x, y), np.asarray)


def _concrete(tf: Any, function: Any, x: Any, y: Any) -> Any:
    """The traced step for any batch size: calling it skips matching each call's arguments
    against the traces (a quarter of a small model's time per step). Falls back to the
    function itself when the inputs are not plain arrays."""
    import numpy as np

    try:

        def spec(value: Any) -> Any:
            array = np.asarray(value)
            if array.dtype == object or array.ndim == 0:
                raise TypeError("not a plain array")
            return tf.TensorSpec([None, *array.shape[1:]], tf.as_dtype(array.dtype))

        return function.get_concrete_function(
            tf.nest.map_structure(spec, x), tf.nest.map_structure(spec, y)
        )
    except Exception:
        return function
