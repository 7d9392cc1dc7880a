"""The data a probe trains on: the real `fit()` arguments, else module globals, else synthetic.

Everything ends up as a pool of numpy samples (nested structures allowed for multi-input
models). Generators and datasets are buffered: we take the batches we need and replay them,
never draining the source.
"""

from __future__ import annotations

import contextlib
import inspect
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from .capture import FitCall

POOL_TARGET = 2048  # samples worth buffering; 30 steps of 32 need 960
_END = object()  # an iterator's end
SYNTHETIC_SAMPLES = 512


class DataError(Exception):
    """The data could not be read or does not fit the model."""


@dataclass
class ProbeData:
    x: Any  # numpy array or nested structure of arrays, first axis = samples
    y: Any
    batch_size: int
    source: str  # fit | module | synthetic
    # Steps the script's own fit() would train for (epochs x batches per epoch), when known.
    planned_steps: int | None = None
    # The order in which the script's own fit() would draw its batches; None: cycle through
    # the pool in order.
    order: FitOrder | None = None
    # The pool holds all of fit()'s samples (arrays), not some batches of a dataset.
    complete: bool = False

    @property
    def size(self) -> int:
        return int(first_array(self.x).shape[0])

    def batch(self, step: int) -> tuple[Any, Any]:
        """The step-th batch: fit()'s own when known, else cycling through the pool."""
        index = self.order.batch(step) if self.order is not None else None
        if index is not None:
            return take(self.x, index), take(self.y, index)
        n = self.size
        size = min(self.batch_size, n)
        start = (step * size) % n
        index = np.arange(start, start + size) % n
        return take(self.x, index), take(self.y, index)

    def evaluation(self, limit: int = 256) -> tuple[Any, Any]:
        index = np.arange(min(limit, self.size))
        return take(self.x, index), take(self.y, index)


def first_of(structure: Any) -> Any:
    """The first leaf of a dict / list / tuple structure of arrays (the first input, output or
    target), as it is."""
    if isinstance(structure, dict):
        return first_of(next(iter(structure.values())))
    if isinstance(structure, (list, tuple)):
        return first_of(structure[0])
    return structure


def first_array(structure: Any) -> np.ndarray:
    return np.asarray(first_of(structure))


def take(structure: Any, index: np.ndarray) -> Any:
    if structure is None:
        return None
    if isinstance(structure, dict):
        return {k: take(v, index) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(take(v, index) for v in structure)
    return np.asarray(structure)[index]


def to_numpy(structure: Any) -> Any:
    if structure is None:
        return None
    if isinstance(structure, dict):
        return {k: to_numpy(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)) and structure and not _is_scalar_list(structure):
        return type(structure)(to_numpy(v) for v in structure)
    if hasattr(structure, "numpy"):
        return np.asarray(structure.numpy())
    if hasattr(structure, "to_numpy"):  # pandas
        return np.asarray(structure.to_numpy())
    return np.asarray(structure)


def _is_scalar_list(values: Any) -> bool:
    return isinstance(values[0], (int, float, np.number, list)) and not hasattr(values[0], "shape")


def concatenate(batches: list[Any]) -> Any:
    head = batches[0]
    if head is None:
        return None
    if isinstance(head, dict):
        return {k: concatenate([b[k] for b in batches]) for k in head}
    if isinstance(head, (list, tuple)):
        return type(head)(concatenate([b[i] for b in batches]) for i in range(len(head)))
    return np.concatenate([np.asarray(b) for b in batches], axis=0)


def _unpack(element: Any) -> tuple[Any, Any]:
    """(x, y) from a dataset or generator element: (x, y), (x, y, weights) or x."""
    if isinstance(element, tuple) or (isinstance(element, list) and len(element) in (2, 3)):
        if len(element) == 1:
            return element[0], None
        return element[0], element[1]
    return element, None


def _refused_by_fit(x: Any, y: Any) -> None:
    """Raise DataError when the real fit() would refuse this data: Keras 3 takes no plain
    Python list of rows (`x=[[0, 0], [0, 1]]`), which the probe could otherwise turn into an
    array and train on. Asked of Keras's own data adapters, on the first two rows."""
    try:
        from keras.src.trainers.data_adapters import get_data_adapter
    except ImportError:  # Keras 2, or a Keras that moved it: no check
        return
    try:
        get_data_adapter(_head(x), _head(y), batch_size=2)
    except ValueError as exc:
        if "Unrecognized data type" not in str(exc):
            return
        raise DataError(
            f"fit() refuses this data: {str(exc).splitlines()[0]}. Keras 3 takes arrays, not"
            " Python lists: convert with np.array(...)"
        ) from exc
    except Exception:  # anything else is for the probe's own reading to report
        return


def _head(structure: Any) -> Any:
    """The first two rows of fit()'s x or y, of the same types (a list stays a list)."""
    if isinstance(structure, dict):
        return {k: _head(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)) and structure and not _is_scalar_list(structure):
        return type(structure)(_head(v) for v in structure)
    try:
        return structure[:2]
    except Exception:
        return structure


def from_fit(call: FitCall, original_fit: Any, steps: int, default_batch: int) -> ProbeData:
    """Buffer the data the script passed to `fit()`; for arrays, also the order in which
    fit() would draw its batches."""
    try:
        bound = inspect.signature(original_fit).bind(call.model, *call.args, **call.kwargs)
    except TypeError as exc:
        raise DataError(f"could not read the arguments of fit(): {exc}") from exc
    arguments = bound.arguments
    x = arguments.get("x")
    y = arguments.get("y")
    batch_size = arguments.get("batch_size") or default_batch
    if x is None:
        raise DataError("fit() was called without data")
    try:
        read = _read_batches(x, steps)
        arrays = read is None  # x and y are arrays: fit() batches them itself
        if read is None:
            _refused_by_fit(x, y)
            xs, ys, batch = to_numpy(x), to_numpy(y), int(batch_size)
            per_epoch = None
        else:
            buffered, per_epoch = read
            xs, ys, batch = _from_batches(buffered.elements)
    except DataError:
        raise
    except Exception as exc:
        raise DataError(
            f"could not read the data passed to fit(): {type(exc).__name__}: {exc}"
        ) from exc
    if ys is None:
        raise DataError("the data passed to fit() has no targets (y)")
    data = ProbeData(xs, ys, max(1, min(int(batch), POOL_TARGET)), "fit", complete=arrays)
    if arrays:
        split = float(arguments.get("validation_split") or 0.0)
        training = int(np.floor(data.size * (1.0 - split))) if 0.0 < split < 1.0 else data.size
        per_epoch = -(-training // data.batch_size)
        if arguments.get("steps_per_epoch") is None:
            data.order = fit_order(
                training,
                data.batch_size,
                arguments.get("shuffle", True),
                fit_builds_first(call.model),
            )
    data.planned_steps = _planned_steps(arguments, per_epoch)
    return data


class FitOrder:
    """The sample indices of each of fit()'s batches, drawn an epoch at a time as needed."""

    def __init__(
        self, epoch: Callable[[], Iterable[Any]], peek_first: bool = False, restarts: bool = False
    ) -> None:
        self.epoch = epoch  # a fresh pass over the batches, as fit() starts each epoch
        self.batches: list[np.ndarray] = []
        self.exhausted = False
        self._pass: Iterator[Any] | None = None  # the pass being drawn from
        self._drawn = 0  # batches drawn from it
        # fit() first draws one batch of a pass it then drops (to build the model, the loss
        # and the metrics symbolically): on JAX and PyTorch that pass draws a shuffle too.
        self.peek_first = peek_first
        # On JAX and PyTorch fit() starts an iterator again as soon as a pass ends, and drops
        # it; a DataLoader's iterator draws a seed from torch's generator when it starts.
        self.restarts = restarts

    def batch(self, step: int) -> np.ndarray | None:
        if self.peek_first:
            self.peek_first = False
            with contextlib.suppress(Exception):
                next(iter(self.epoch()), None)
        while step >= len(self.batches) and not self.exhausted:
            self._draw()
        return self.batches[step] if step < len(self.batches) else None

    def _draw(self) -> None:
        """One more batch of the current pass, or the end of that pass. Batches are drawn as
        the probe needs them: a 30-step probe of a 2,000-batch epoch draws 30 (the shuffle
        is drawn as a pass starts, so the order is the same as drawing the pass whole)."""
        try:
            if self._pass is None:
                self._pass, self._drawn = iter(self.epoch()), 0
            element = next(self._pass, _END)
        except Exception:
            element = _END
        if element is not _END:
            self.batches.append(np.asarray(first_array(element)).reshape(-1))
            self._drawn += 1
            return
        self._pass = None
        if self.restarts:
            with contextlib.suppress(Exception):
                iter(self.epoch())
        self.exhausted = self._drawn == 0


def fit_order(
    size: int, batch_size: int, shuffle: Any, peek_first: bool = False
) -> FitOrder | None:
    """The order of fit()'s batches over `size` samples.

    Keras's own data pipeline runs over the indices 0..size-1, epoch after epoch, through the
    same iterator fit() uses on this backend (a `tf.data` dataset on TensorFlow, a numpy
    iterator on JAX, a `DataLoader` on PyTorch), so its shuffles come from the same global
    seed as the real fit()'s (TensorFlow's, numpy's or torch's generator) and the probe trains
    on the same batches in the same order (and shuffle=False, "batch" and a smaller last
    batch behave as they do there). `peek_first`: fit() will draw one batch to build the
    model symbolically before its first epoch (`fit_builds_first`). None when this Keras has
    no such pipeline: the probe then cycles through the samples in order.
    """
    try:
        import keras
        from keras.src.trainers.data_adapters import get_data_adapter

        adapter = get_data_adapter(
            np.arange(size, dtype=np.int64), batch_size=batch_size, shuffle=shuffle
        )
        backend = keras.backend.backend()
        if backend == "jax":
            return FitOrder(adapter.get_jax_iterator, peek_first, restarts=True)
        if backend == "torch":
            loader = adapter.get_torch_dataloader()
            return FitOrder(lambda: loader, peek_first, restarts=True)
        dataset = adapter.get_tf_dataset()
        return FitOrder(lambda: dataset)
    except Exception:
        return None


def fit_builds_first(model: Any) -> bool:
    """Whether fit() on JAX or PyTorch starts with `_symbolic_build` drawing a batch: the
    model, its compiled loss or its metrics are not built yet (always so at a first fit)."""
    try:
        unbuilt_layers = not all(layer.built for layer in model._flatten_layers())
        metrics = getattr(model, "_compile_metrics", None)
        loss = getattr(model, "_compile_loss", None)
        return (
            unbuilt_layers
            or (metrics is not None and not metrics.built)
            or (loss is not None and not loss.built)
        )
    except Exception:
        return True


def _read_batches(x: Any, steps: int) -> tuple[Buffered, int | None] | None:
    """The first batches of a dataset, `PyDataset`, generator or `DataLoader` (up to `steps`
    of them, or POOL_TARGET samples), and its batches per epoch when it tells; None for
    arrays."""
    if _is_dataset(x):
        buffered = _dataset_elements(x, steps)
        return buffered, _dataset_batches(x, buffered)
    if _is_py_dataset(x):
        return _py_dataset_elements(x, steps), len(x)
    if hasattr(x, "__next__") or inspect.isgenerator(x):
        # One pass only, and fit() re-reads the batches Keras peeked at: length unknown.
        return _iterator_elements(x, steps), None
    if _is_torch_loader(x):
        buffered = _iterator_elements(iter(x), steps)
        return buffered, _loader_batches(x, buffered)
    return None


def _planned_steps(arguments: dict[str, Any], per_epoch: int | None) -> int | None:
    """Epochs x batches per epoch of the intercepted fit(), when known: `steps_per_epoch`,
    else the data's own batches per epoch (`per_epoch`)."""
    try:
        epochs = int(arguments.get("epochs", 1)) - int(arguments.get("initial_epoch", 0))
        steps = arguments.get("steps_per_epoch")
        steps = per_epoch if steps is None else int(steps)
        return epochs * steps if steps and steps > 0 and epochs > 0 else None
    except Exception:
        return None


def _dataset_batches(dataset: Any, buffered: Buffered) -> int | None:
    """Batches in one pass over a `tf.data.Dataset`: its cardinality when known and finite,
    else the batches buffered when it ended while buffering (a `filter`ed dataset); None for
    an infinite dataset (fit() then needs `steps_per_epoch`) or an unknown one not read to
    its end."""
    try:
        cardinality = int(dataset.cardinality())
    except Exception:
        cardinality = -2  # tf.data.UNKNOWN_CARDINALITY
    if cardinality > 0:
        return cardinality
    return buffered.count if cardinality == -2 and buffered.ended else None


def _loader_batches(loader: Any, buffered: Buffered) -> int | None:
    """Batches in one pass over a torch `DataLoader`: `len()`, which an iterable-style
    dataset may not have; then the batches buffered when it ended while buffering."""
    try:
        return len(loader)
    except TypeError:
        return buffered.count if buffered.ended else None


@dataclass
class Buffered:
    """The elements read from a dataset, generator or loader, and whether it ran out first
    (then `count` is all it holds)."""

    elements: list[Any]
    ended: bool

    @property
    def count(self) -> int:
        return len(self.elements)


def _is_dataset(x: Any) -> bool:
    """A `tf.data.Dataset` (only a script that imported TensorFlow can pass one)."""
    tf = sys.modules.get("tensorflow")
    return tf is not None and isinstance(x, tf.data.Dataset)


def _is_torch_loader(x: Any) -> bool:
    """A `torch.utils.data.DataLoader` (fit() takes one on every backend)."""
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(x, torch.utils.data.DataLoader)


def _is_py_dataset(x: Any) -> bool:
    import keras

    return isinstance(x, keras.utils.PyDataset) or (
        hasattr(x, "__getitem__") and hasattr(x, "__len__") and hasattr(x, "on_epoch_end")
    )


def _dataset_elements(dataset: Any, steps: int) -> Buffered:
    return _buffer(iter(dataset.take(max(steps, 1))), max(steps, 1))


def _py_dataset_elements(dataset: Any, steps: int) -> Buffered:
    total = len(dataset)
    return _buffer((dataset[index] for index in range(total)), max(steps, 1))


def _iterator_elements(iterator: Any, steps: int) -> Buffered:
    return _buffer(iterator, max(steps, 1))


def _buffer(elements: Any, limit: int) -> Buffered:
    """Up to `limit` elements, or fewer once they hold POOL_TARGET samples; `ended` when the
    source ran out before either."""
    taken: list[Any] = []
    count = 0
    for _ in range(limit):
        try:
            element = next(elements)
        except StopIteration:
            return Buffered(taken, ended=True)
        taken.append(element)
        count += len(first_array(to_numpy(_unpack(element)[0])))
        if count >= POOL_TARGET:
            break
    return Buffered(taken, ended=False)


def _from_batches(elements: list[Any]) -> tuple[Any, Any, int]:
    if not elements:
        raise DataError("the dataset or generator passed to fit() yielded nothing")
    xs, ys = [], []
    for element in elements:
        x, y = _unpack(element)
        xs.append(to_numpy(x))
        ys.append(to_numpy(y))
    batch = len(first_array(xs[0]))
    y = None if ys[0] is None else concatenate(ys)
    return concatenate(xs), y, batch


def input_shape(model: Any) -> tuple[Any, ...] | None:
    try:
        inputs = model.inputs
        if inputs:
            return tuple(inputs[0].shape)
    except Exception:
        pass
    return None


def from_module(
    model: Any, module_globals: dict[str, Any], batch: int, loss: Any
) -> ProbeData | None:
    """Numpy arrays defined by the script whose shape fits the model's input."""
    arrays = [
        (name, value)
        for name, value in module_globals.items()
        if isinstance(value, np.ndarray)
        and value.ndim >= 1
        and value.dtype != object
        and not name.startswith("__")
    ]
    shape = input_shape(model)
    x_name = None
    for name, value in sorted(arrays, key=lambda nv: not nv[0].lower().startswith("x")):
        if shape is not None:
            if value.ndim == len(shape) and all(
                d is None or d == v for d, v in zip(shape[1:], value.shape[1:], strict=False)
            ):
                x_name = name
                break
        elif value.ndim >= 2 and _builds(model, value):
            x_name = name
            break
    if x_name is None:
        return None
    x = module_globals[x_name]
    preferred = ("y", "label", "target")
    ys = [(name, value) for name, value in arrays if name != x_name and len(value) == len(x)]
    ys.sort(key=lambda nv: not nv[0].lower().startswith(preferred))
    x = x.astype(np.float32) if x.dtype.kind in "iub" and _float_input(model) else x
    if ys:
        return ProbeData(x, ys[0][1], batch, "module")
    return ProbeData(
        x, synthetic_targets(model, x, loss, np.random.default_rng(0)), batch, "module"
    )


def _float_input(model: Any) -> bool:
    try:
        return "float" in str(model.inputs[0].dtype)
    except Exception:
        return True


def _builds(model: Any, value: np.ndarray) -> bool:
    try:
        model(value[:2].astype(np.float32))
        return True
    except Exception:
        return False


def synthetic(model: Any, loss: Any, batch: int, seed: int) -> ProbeData:
    """Inputs drawn from N(0, 1) with the model's input shape; targets a fixed function of them."""
    shape = input_shape(model)
    if shape is None:
        raise DataError(
            "cannot tell the model's input shape: call fit() in the script, give the model an"
            " Input, or define the training arrays at module level"
        )
    rng = np.random.default_rng(seed)
    dims = [d if d is not None else 8 for d in shape[1:]]
    dtype = str(model.inputs[0].dtype)
    if "int" in dtype:
        x: np.ndarray = rng.integers(0, 20, size=[SYNTHETIC_SAMPLES, *dims]).astype(dtype)
    else:
        x = rng.standard_normal([SYNTHETIC_SAMPLES, *dims]).astype(np.float32)
    return ProbeData(x, synthetic_targets(model, x, loss, rng), batch, "synthetic")


def loss_name(loss: Any) -> str:
    if isinstance(loss, str):
        return loss.lower()
    if isinstance(loss, dict):
        return loss_name(next(iter(loss.values())))
    if isinstance(loss, (list, tuple)) and loss:
        return loss_name(loss[0])
    name = getattr(loss, "name", None) or getattr(loss, "__name__", None)
    if name is None:
        name = type(loss).__name__
    return str(name).lower()


def synthetic_targets(model: Any, x: np.ndarray, loss: Any, rng: np.random.Generator) -> np.ndarray:
    """Targets that depend on x, of the kind the loss expects."""
    try:
        out_shape = tuple(model.outputs[0].shape)
    except Exception:
        out_shape = tuple(np.asarray(model(x[:2])).shape)
    units = int(out_shape[-1] or 1) if len(out_shape) > 1 else 1
    flat = np.asarray(x, dtype=np.float32).reshape(len(x), -1)
    flat = (flat - flat.mean(axis=0)) / (flat.std(axis=0) + 1e-6)
    weights = rng.standard_normal((flat.shape[1], max(units, 2))) / np.sqrt(flat.shape[1])
    scores = flat @ weights
    name = loss_name(loss).replace("_", "").replace(" ", "")
    if "sparsecategorical" in name:
        labels: np.ndarray = np.argmax(scores[:, :units], axis=1).astype(np.int64)
        return labels
    if "categorical" in name or ("crossentropy" in name and "binary" not in name and units > 1):
        one_hot: np.ndarray = np.eye(units, dtype=np.float32)[np.argmax(scores[:, :units], axis=1)]
        return one_hot
    if "binary" in name or "hinge" in name:
        binary: np.ndarray = (scores[:, :units] > 0).astype(np.float32)
        return binary
    regression: np.ndarray = scores[:, :units].astype(np.float32)
    return regression
