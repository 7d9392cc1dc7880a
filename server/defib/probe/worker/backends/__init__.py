"""The one backend-specific thing, taking gradients, in one small module per Keras backend.

Everything else the probe measures is written against Keras 3's backend-neutral API
(`keras.ops`, `Model.stateless_call`, `Optimizer.apply` / `stateless_apply`). Each backend
module (`tensorflow`, `jax`, `torch`) offers the same few names:

- `FRAMEWORK`: the module Keras runs on (imported before Keras, to time it and to say clearly
  when it is missing);
- `configure()`: settings for a probe process;
- `initialise()`: run one tiny operation (what a forked warm child does first);
- `make_step(keras, model, optimizer, variables, kernel_index, x, y)`: the traced training
  step, a `Step`;
- `no_gradient()`: a context in which no gradient is recorded (evaluation passes).

`selected()` says which backend Keras will choose, the way Keras chooses it (the
`KERAS_BACKEND` variable, else the `backend` of `keras.json` in `KERAS_HOME` or `~/.keras`),
without importing Keras: the worker must import only that backend's framework. Nothing here
or in the backend modules imports numpy or a framework at module level, so that a worker
without them can still say what is missing.
"""

from __future__ import annotations

import importlib
import json
import os
import random
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # numpy may be missing: the worker must still say what is
    import numpy as np

SUPPORTED = ("tensorflow", "jax", "torch")

# What to install for each backend, in the words of an error message.
INSTALL = {
    "tensorflow": "pip install tensorflow (or defib[probe])",
    "jax": "pip install jax (or defib[probe-jax])",
    "torch": "pip install torch (or defib[probe-torch])",
}


def selected() -> str:
    """The Keras backend this process will get: as keras/src/backend/config.py decides."""
    name = os.environ.get("KERAS_BACKEND")
    if name:
        return name
    if "KERAS_HOME" in os.environ:
        home = os.environ["KERAS_HOME"]
    else:
        base = os.path.expanduser("~")
        home = os.path.join(base if os.access(base, os.W_OK) else "/tmp", ".keras")
    try:
        with open(os.path.join(os.path.expanduser(home), "keras.json")) as handle:
            configured = json.load(handle).get("backend")
    except (OSError, ValueError, AttributeError):
        configured = None
    return str(configured) if configured else "tensorflow"


def where_selected() -> str:
    """How the backend was chosen, for messages."""
    return "KERAS_BACKEND" if os.environ.get("KERAS_BACKEND") else "keras.json or the default"


def load(name: str) -> ModuleType:
    """The probe's module for backend `name` (one of SUPPORTED)."""
    if name not in SUPPORTED:
        raise ValueError(f"unsupported backend {name!r}")
    return importlib.import_module(f"{__name__}.{name}")


class Step(Protocol):
    """One training step on a batch: returns [loss, grad norms..., update ratios...] of the
    watched kernels. `sync()` writes the trained state back into the model's variables (a
    no-op where training updates them in place)."""

    def __call__(self, x: Any, y: Any) -> np.ndarray: ...

    def sync(self) -> None: ...


class StatefulStep:
    """A step that updates the model's variables in place (TensorFlow, PyTorch)."""

    def __init__(self, function: Callable[[Any, Any], Any], to_numpy: Callable[[Any], Any]):
        self.function = function
        self.to_numpy = to_numpy

    def __call__(self, x: Any, y: Any) -> np.ndarray:
        import numpy as np

        return np.asarray(self.to_numpy(self.function(x, y)))

    def sync(self) -> None:
        pass


def training_loss(model: Any, x: Any, y: Any) -> Any:
    """The model's loss on a batch in training mode, regularisation included (as fit())."""
    prediction = model(x, training=True)
    return model.compute_loss(x=x, y=y, y_pred=prediction)


def stateful_step_body(
    keras: Any,
    model: Any,
    optimizer: Any,
    variables: Sequence[Any],
    kernel_index: Sequence[int],
    value_and_gradients: Callable[[Callable[[], Any], Sequence[Any]], tuple[Any, list[Any]]],
    no_gradient: Callable[[], AbstractContextManager[Any]],
) -> Callable[[Any, Any], Any]:
    """The training step shared by the backends whose variables change in place: the
    backend takes the gradients; Keras applies them (outside any gradient recording, as
    Keras's own trainers do) and measures."""
    ops = keras.ops

    def step(x: Any, y: Any) -> Any:
        loss, gradients = value_and_gradients(lambda: training_loss(model, x, y), variables)
        with no_gradient():
            gradients = [
                ops.zeros_like(v) if g is None else g
                for g, v in zip(gradients, variables, strict=True)
            ]
            before = [ops.copy(variables[i]) for i in kernel_index]
            optimizer.apply(gradients, variables)
            after = [variables[i] for i in kernel_index]
            return step_numbers(ops, loss, [gradients[i] for i in kernel_index], before, after)

    return step


def step_numbers(
    ops: Any, loss: Any, gradients: Sequence[Any], before: Sequence[Any], after: Sequence[Any]
) -> Any:
    """One float32 vector, so that reading a step's numbers costs one copy off the device:
    the loss, then each watched kernel's gradient norm, then its update ratio
    ||w_after - w_before|| / ||w_before||."""
    norms = [_norm(ops, g) for g in gradients]
    ratios = [
        _norm(ops, ops.subtract(a, b)) / (_norm(ops, b) + 1e-12)
        for a, b in zip(after, before, strict=True)
    ]
    return ops.stack([ops.cast(loss, "float32"), *norms, *ratios])


def _norm(ops: Any, value: Any) -> Any:
    value = ops.cast(value, "float32")
    return ops.sqrt(ops.sum(ops.square(value)))


def set_random_seed(keras: Any, seed: int) -> None:
    """`keras.utils.set_random_seed`, without importing TensorFlow on the other backends
    (Keras's own imports it whenever it is installed, to seed `tf.data`: seconds of import
    for a JAX or PyTorch probe). TensorFlow is still seeded if the script imported it."""
    if keras.backend.backend() == "tensorflow":
        keras.utils.set_random_seed(seed)
        return
    try:
        from keras.src.backend.common import global_state
        from keras.src.random import seed_generator
        from keras.src.utils import rng_utils
    except ImportError:
        keras.utils.set_random_seed(seed)
        return
    import numpy as np

    global_state.set_global_attribute(rng_utils.GLOBAL_RANDOM_SEED, seed)
    global_state.set_global_attribute(seed_generator.GLOBAL_SEED_GENERATOR, None)
    random.seed(seed)
    np.random.seed(seed)
    tensorflow = sys.modules.get("tensorflow")
    if tensorflow is not None:
        tensorflow.random.set_seed(seed)
    if keras.backend.backend() == "torch":
        import torch

        torch.manual_seed(seed)
