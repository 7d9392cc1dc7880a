"""`Guard`: a Keras callback that watches the real training and stops it when a collapse or
divergence is certain, and warns when a collapse is only likely (the rules are in `watch.py`).

It looks at the training between batches, at growing intervals (1, 2, 4, ... batches, and no
more often than keeps its own time under `budget` of the training's), and at every epoch end:

- the output on a fixed sample of the training inputs (at most 256), its spread relative to the
  targets' spread, and whether it is finite;
- each layer's update ratio (how far its kernel moved since the last look, relative to its
  size, per step), from weight snapshots: gradients would need an extra backward pass;
- at epoch ends, the loss on the sample against the untrained model's, and each layer's dead
  ReLU units and constant units on the sample (at the epoch ends the budget allows, and at
  every look where the output spread is low enough for a collapse).

Keras 3 callbacks never see the data, so the sample is passed in: `Guard(sample=x[:256],
targets=y[:256])`, or taken from every `fit()` by `defib run`. Without one the guard still
watches the weights and the loss. The looks run in `on_train_batch_begin` (not `..._end`), which
keeps Keras's asynchronous batch dispatch on.
"""

from __future__ import annotations

import contextlib
import math
import sys
import time
from collections.abc import Mapping
from typing import Any

import keras
import numpy as np

from defib.guard.sample import SAMPLE_SIZE
from defib.guard.watch import Diagnosis, LayerLook, Look, Watch
from defib.probe.worker import quantities
from defib.probe.worker.data import first_of
from defib.probe.worker.measure import OutputRecorder, activation_name, kernel_of
from defib.probe.worker.verdict import SPREAD_COLLAPSED

BUDGET = 0.01  # share of the training's time the guard's looks may take
ACTIVITY_SIZE = 64  # samples on which dead and constant units are counted


class Guard(keras.callbacks.Callback):  # type: ignore[misc]
    """Watches `fit()` and stops it when its output has certainly collapsed or it diverged.

    sample, targets: a fixed sample of the training inputs and their targets (at most 256 are
        used); without them the output spread is not measured.
    stop: stop training on a certain failure (else only report and record it).
    budget: the share of training time the guard may spend looking.
    verbose: print the diagnosis to stderr.
    sites: where each layer was built (id(layer) -> (file, line)); `defib run` fills it.

    A diagnosis is printed, kept in `guard.diagnoses`, and recorded as `history.history["defib"]`
    (a list of dicts; present only when there is one). A likely collapse is recorded once with
    "confidence": "likely" and never stops training; a certain failure after it is recorded too
    and stops it.
    """

    def __init__(
        self,
        sample: Any = None,
        targets: Any = None,
        stop: bool = True,
        budget: float = BUDGET,
        verbose: bool = True,
        sites: Mapping[int, tuple[str, int]] | None = None,
    ) -> None:
        super().__init__()
        self.sample = _head(sample)
        self.targets = _head(targets)
        self.stop = stop
        self.budget = budget
        self.verbose = verbose
        self.sites = sites or {}
        self.diagnoses: list[Diagnosis] = []
        self.looks = 0
        self.seconds = 0.0  # spent looking
        self.watch = Watch(planned_epochs=1)
        self._reset()

    def _reset(self) -> None:
        self._step = 0
        self._epoch = 0
        self._steps_per_epoch: int | None = None
        self._next_look = 1
        self._interval = 1
        self._started = time.perf_counter()
        self._layers: list[Any] = []
        self._kernels: list[Any] = []
        self._before: list[np.ndarray | None] = []
        self._before_step = 0
        self._disabled = False
        self._loss_fn: Any = None
        self._activity_seconds = 0.0  # what counting dead and constant units last cost

    # Keras hooks

    def on_train_begin(self, logs: Any = None) -> None:
        self._reset()
        self.diagnoses = []
        params = self.params or {}
        self._steps_per_epoch = params.get("steps") or None
        self.watch = Watch(planned_epochs=int(params.get("epochs") or 1))
        self._guarded(self._begin)

    def on_train_batch_begin(self, batch: int, logs: Any = None) -> None:
        # Not at the step of the last look (the first batch after an epoch-end look): no
        # weight has moved since, so every layer would read as frozen.
        if self._step >= self._next_look and self._step > self._before_step:
            self._guarded(lambda: self._look(with_activity=False))
        self._step += 1

    def on_epoch_begin(self, epoch: int, logs: Any = None) -> None:
        self._epoch = epoch

    def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
        if self._steps_per_epoch is None and epoch == 0:
            self._steps_per_epoch = self._step
        mean_loss = _number((logs or {}).get("loss"))
        self._guarded(
            lambda: self._look(with_activity=self._affordable(), mean_loss=mean_loss, ended=epoch)
        )

    def on_train_end(self, logs: Any = None) -> None:
        history = getattr(self.model, "history", None)
        if self.diagnoses and history is not None and hasattr(history, "history"):
            history.history["defib"] = [d.to_json() for d in self.diagnoses]

    # looking

    def _begin(self) -> None:
        self._layers = _layers(self.model)
        self._kernels = [kernel_of(layer) for layer in self._layers]
        self._before = [_numpy(kernel) for kernel in self._kernels]
        self._loss_fn = _loss_function(self.model)
        if self.sample is not None:
            self.watch.baseline_loss = self._sample_loss(self._predict())

    def _look(
        self, with_activity: bool, mean_loss: float | None = None, ended: int | None = None
    ) -> None:
        """One look; at an epoch end (`ended`) with the loss: on the sample when it can be
        computed (the weights as they are now, as the untrained baseline), else the epoch's
        mean (`mean_loss`)."""
        started = time.perf_counter()
        prediction = self._predict() if self.sample is not None else None
        spread, finite, activity = self._output(prediction, with_activity)
        layers = self._layer_looks(activity)
        epoch = float(ended + 1) if ended is not None else self._epoch_position()
        loss = None
        if ended is not None:
            loss = self._sample_loss(prediction) if prediction is not None else None
            loss = mean_loss if loss is None else loss
        look = Look(self._step, epoch, spread, finite, layers, loss)
        diagnosis = self.watch.observe(look)
        spent = time.perf_counter() - started
        self.seconds += spent
        self.looks += 1
        if ended is None:
            self._schedule(spent)
        if diagnosis is not None and self._news(diagnosis):
            self._report(diagnosis)

    def _predict(self) -> np.ndarray:
        """The output on the sample, through Keras's compiled predict step (an eager call
        costs several times more)."""
        return _first_numpy(self.model.predict_on_batch(self.sample))

    def _output(
        self, prediction: np.ndarray | None, with_activity: bool
    ) -> tuple[float | None, bool, dict[int, np.ndarray]]:
        """Output spread on the sample (relative to the targets'), whether the output is finite,
        and, with `with_activity`, every layer's output."""
        if prediction is None:
            return None, True, {}
        finite = bool(np.all(np.isfinite(prediction)))
        spread = None
        if self.targets is not None and finite:
            spread = quantities.output_spread_ratio(prediction, first_of(self.targets))
        # At a look that may diagnose a collapse, also which layer went constant.
        if with_activity or (spread is not None and spread < SPREAD_COLLAPSED):
            started = time.perf_counter()
            activity = self._activity()
            self._activity_seconds = time.perf_counter() - started
            return spread, finite, activity
        return spread, finite, {}

    def _activity(self) -> dict[int, np.ndarray]:
        """Every layer's output on the first ACTIVITY_SIZE samples (a unit that varies does so
        on a few inputs; a conv layer's outputs on all 256 cost more than the training step)."""
        recorder = OutputRecorder(keras, self._layers)
        recorder.forward(self.model, _head(self.sample, ACTIVITY_SIZE))
        return {
            i: recorder.outputs[id(layer)]
            for i, layer in enumerate(self._layers)
            if id(layer) in recorder.outputs
        }

    def _layer_looks(self, activity: dict[int, np.ndarray]) -> list[LayerLook]:
        steps = max(self._step - self._before_step, 1)
        looks = []
        now: list[np.ndarray | None] = []
        for index, (layer, kernel) in enumerate(zip(self._layers, self._kernels, strict=True)):
            current = _numpy(kernel)
            now.append(current)
            before = self._before[index]
            look = LayerLook(
                name=layer.name,
                cls=type(layer).__name__,
                activation=activation_name(layer),
                site=self.sites.get(id(layer)),
                units=_units(layer),
            )
            if current is not None:
                look.finite = bool(np.all(np.isfinite(current)))
                if before is not None and look.finite:
                    look.update_ratio = quantities.update_ratio(before, current) / steps
            out = activity.get(index)
            if out is not None and out.dtype.kind in "fc" and out.ndim >= 1:
                if look.activation == "relu" or look.cls == "ReLU":
                    look.dead = quantities.dead_fraction(out)
                look.constant = quantities.constant_fraction(out)
            looks.append(look)
        self._before, self._before_step = now, self._step
        return looks

    def _schedule(self, spent: float) -> None:
        """Next look: twice the last interval, or later if that would exceed the budget."""
        elapsed = time.perf_counter() - self._started - self.seconds
        per_batch = elapsed / max(self._step, 1)
        affordable = math.ceil(spent / (self.budget * per_batch)) if per_batch > 0 else 1
        self._interval = max(self._interval * 2, affordable, 1)
        self._next_look = self._step + self._interval

    def _affordable(self) -> bool:
        """Whether counting dead and constant units at this epoch end keeps the guard within
        its budget (an epoch of a few batches can afford it only now and then)."""
        training = time.perf_counter() - self._started - self.seconds
        return self.seconds + self._activity_seconds <= self.budget * training

    def _epoch_position(self) -> float:
        if self._steps_per_epoch:
            done = self._step - self._epoch * self._steps_per_epoch
            return self._epoch + min(done / self._steps_per_epoch, 1.0)
        return float(self._epoch)

    def _sample_loss(self, prediction: np.ndarray) -> float | None:
        """The compiled loss of `prediction` on the sample's targets (NaN when non-finite);
        None when the loss cannot be computed apart (a dict of losses, a custom one)."""
        if self._loss_fn is None or self.targets is None:
            return None
        try:
            value = self._loss_fn(_like(first_of(self.targets), prediction), prediction)
            return float(np.mean(keras.ops.convert_to_numpy(value)))
        except Exception:
            self._loss_fn = None
            return None

    def _news(self, diagnosis: Diagnosis) -> bool:
        """Whether to report it: the first likely failure, and the first certain one."""
        return not any(
            earlier.certain or earlier.confidence == diagnosis.confidence
            for earlier in self.diagnoses
        )

    def _report(self, diagnosis: Diagnosis) -> None:
        diagnosis.stopped = self.stop and diagnosis.certain
        self.diagnoses.append(diagnosis)
        if diagnosis.stopped:
            self.model.stop_training = True
        if self.verbose:
            print(diagnosis.text(), file=sys.stderr, flush=True)

    def _guarded(self, action: Any) -> None:
        """The guard must never break the training it watches: on its own error it stops
        looking and says so once."""
        if self._disabled:
            return
        try:
            action()
        except Exception as exc:
            self._disabled = True
            if self.verbose:
                print(
                    f"defib guard: stopped watching ({type(exc).__name__}: {exc})", file=sys.stderr
                )


def _layers(model: Any) -> list[Any]:
    try:
        return list(model.layers)
    except Exception:
        return []


def _units(layer: Any) -> int | None:
    units = getattr(layer, "units", None)
    return units if isinstance(units, int) else None


def _loss_function(model: Any) -> Any | None:
    try:
        return keras.losses.get(model.loss)
    except Exception:
        return None


def _numpy(variable: Any) -> np.ndarray | None:
    if variable is None:
        return None
    with contextlib.suppress(Exception):
        return np.array(keras.ops.convert_to_numpy(variable), dtype=np.float64)
    return None


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _like(targets: Any, output: np.ndarray) -> np.ndarray:
    """Targets of shape (n,) for an output of shape (n, 1), as Keras's fit() reshapes them."""
    array = np.asarray(targets)
    if array.ndim == output.ndim - 1 and output.shape[-1] == 1:
        return array.reshape(output.shape)
    return array


def _first_numpy(prediction: Any) -> np.ndarray:
    return np.asarray(keras.ops.convert_to_numpy(first_of(prediction)))


def _head(values: Any, size: int = SAMPLE_SIZE) -> Any:
    """At most `size` rows of an array, or of each array of a list / dict."""
    if values is None:
        return None
    if isinstance(values, dict):
        return {key: _head(value, size) for key, value in values.items()}
    if isinstance(values, (list, tuple)):
        return type(values)(_head(value, size) for value in values)
    return np.asarray(values)[:size]
