"""Re-probe a clone of the model with one change a static finding suggests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .schema import WhatIfSpec

LineOf = Callable[[Any], "int | None"]

KINDS = (
    "learning_rate",
    "activation",
    "initializer",
    "loss",
    "from_logits",
    "dropout",
    "scale_inputs",
)

_LOSS_CLASSES = {
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
    "binary_crossentropy": "BinaryCrossentropy",
}


class NotMeasurable(Exception):
    """This change cannot be tried on this model (said in the report, not guessed)."""


@dataclass
class Variant:
    """A model and optimizer ready to probe, and how they differ from the original."""

    model: Any
    optimizer: Any
    change: str
    restore: Any = None  # called after the probe to undo changes made in place
    inputs: Callable[[Any], Any] | None = None  # the change is to the data: x -> changed x

    def data_for(self, data: Any) -> Any:
        """The probe's data as this variant trains on it (a copy when the inputs change)."""
        return data if self.inputs is None else replace(data, x=self.inputs(data.x))


def fresh_optimizer(model: Any, **changes: Any) -> Any:
    """A copy of the compiled optimizer, so the probe never touches the user's."""
    optimizer = model.optimizer
    config = dict(optimizer.get_config())
    config.update(changes)
    return optimizer.__class__.from_config(config)


def _by_lines(model: Any, lines: set[int], line_of: LineOf) -> list[Any]:
    return [layer for layer in model.layers if line_of(layer) in lines]


def build_variant(
    keras: Any,
    model: Any,
    initial_weights: list[Any],
    what_if: WhatIfSpec,
    line_of: LineOf = lambda layer: None,
) -> Variant:
    """The model and optimizer with the one change `what_if` describes."""
    kind = what_if.get("kind")
    value = what_if.get("value")
    if kind not in KINDS:
        raise NotMeasurable(f"unknown change kind {kind!r}")
    if kind == "learning_rate":
        old = model.optimizer.get_config().get("learning_rate")
        model.set_weights(initial_weights)
        return Variant(
            model,
            fresh_optimizer(model, learning_rate=float(value or 0.0)),
            f"learning rate {_show(old)} -> {value}",
        )
    if kind in ("loss", "from_logits"):
        return _recompiled(keras, model, initial_weights, kind, value)
    if kind == "scale_inputs":
        return _scaled(model, initial_weights, str(value))
    targets = _targets(model, kind, what_if, line_of)
    return _cloned(keras, model, initial_weights, kind, value, targets)


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return str(value.get("class_name", value))
    return str(value)


def _recompiled(
    keras: Any, model: Any, initial_weights: list[Any], kind: str, value: Any
) -> Variant:
    original_loss = model.loss
    original_optimizer = model.optimizer
    if kind == "loss":
        new_loss = value
        change = f"loss {_loss_label(original_loss)} -> {value}"
    else:
        new_loss = _with_from_logits(keras, original_loss, bool(value))
        change = f"from_logits -> {bool(value)}"
    model.set_weights(initial_weights)
    optimizer = fresh_optimizer(model)
    model.compile(optimizer=optimizer, loss=new_loss)

    def restore() -> None:
        model.compile(optimizer=original_optimizer, loss=original_loss)

    return Variant(model, optimizer, change, restore)


def _scaled(model: Any, initial_weights: list[Any], how: str) -> Variant:
    """The same model on scaled inputs, the statistics taken over the probe's samples as a
    scaler fitted on the training data would."""
    if how not in _SCALINGS:
        raise NotMeasurable(f"unknown input scaling {how!r}")
    model.set_weights(initial_weights)
    return Variant(
        model,
        fresh_optimizer(model),
        _SCALINGS[how],
        inputs=lambda x: _map_arrays(x, _max_abs if how == "max_abs" else _standardised),
    )


_SCALINGS = {
    "max_abs": "inputs divided by their largest |value|",
    "standardize": "inputs standardised per column (mean 0, standard deviation 1)",
}


def _map_arrays(structure: Any, scale: Callable[[np.ndarray], np.ndarray]) -> Any:
    if isinstance(structure, dict):
        return {k: _map_arrays(v, scale) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_map_arrays(v, scale) for v in structure)
    array = np.asarray(structure)
    return scale(array) if array.dtype.kind in "biuf" else array


def _max_abs(x: np.ndarray) -> np.ndarray:
    values = x.astype(np.float32)
    peak = float(np.abs(values).max()) if values.size else 0.0
    return values / peak if peak > 0 else values


def _standardised(x: np.ndarray) -> np.ndarray:
    values = x.astype(np.float32).reshape(len(x), -1)
    spread = values.std(axis=0)
    spread[spread == 0] = 1.0
    scaled: np.ndarray = ((values - values.mean(axis=0)) / spread).reshape(x.shape)
    return scaled


def _loss_label(loss: Any) -> str:
    if isinstance(loss, str):
        return loss
    return getattr(loss, "name", None) or getattr(loss, "__name__", None) or type(loss).__name__


def _with_from_logits(keras: Any, loss: Any, from_logits: bool) -> Any:
    if isinstance(loss, str):
        class_name = _LOSS_CLASSES.get(loss.lower())
        if class_name is None:
            raise NotMeasurable(f"loss {loss!r} has no from_logits")
        return getattr(keras.losses, class_name)(from_logits=from_logits)
    if hasattr(loss, "get_config"):
        config = dict(loss.get_config())
        if "from_logits" not in config:
            raise NotMeasurable(f"loss {_loss_label(loss)!r} has no from_logits")
        config["from_logits"] = from_logits
        return loss.__class__.from_config(config)
    name = getattr(loss, "__name__", "")
    class_name = _LOSS_CLASSES.get(name)
    if class_name is None:
        raise NotMeasurable(f"loss {name!r} has no from_logits")
    return getattr(keras.losses, class_name)(from_logits=from_logits)


def _targets(model: Any, kind: str, what_if: WhatIfSpec, line_of: LineOf) -> list[Any]:
    """The layers a change applies to: by source line, else by index (Input excluded),
    else by the lines the finding names, else every layer the kind concerns."""
    layers = list(model.layers)
    line = what_if.get("layer_line")
    index = what_if.get("layer_index")
    lines = set(what_if.get("layer_lines") or ())
    chosen: list[Any] = []
    if line is not None:
        chosen = _by_lines(model, {int(line)}, line_of)
    if not chosen and index is not None:
        if not 0 <= int(index) < len(layers):
            raise NotMeasurable(f"layer index {index} is out of range ({len(layers)} layers)")
        chosen = [layers[int(index)]]
    if not chosen and lines:
        chosen = _by_lines(model, lines, line_of)
    if kind == "dropout":
        dropouts = [layer for layer in layers if type(layer).__name__ == "Dropout"]
        if chosen:
            position = max(layers.index(layer) for layer in chosen)
            after = [layer for layer in dropouts if layers.index(layer) >= position]
            return after[:1]
        return dropouts
    if kind == "activation":
        pool = chosen or layers[:-1]
        return [layer for layer in pool if getattr(layer, "activation", None) is not None]
    pool = chosen or layers
    return [layer for layer in pool if "kernel_initializer" in layer.get_config()]


def _cloned(
    keras: Any, model: Any, initial_weights: list[Any], kind: str, value: Any, targets: list[Any]
) -> Variant:
    if not targets:
        raise NotMeasurable(f"no layer to apply a {kind} change to")
    target_ids = {id(layer) for layer in targets}
    key = {"activation": "activation", "initializer": "kernel_initializer", "dropout": "rate"}[kind]
    old_values: list[str] = []

    def clone_layer(layer: Any) -> Any:
        config = layer.get_config()
        if id(layer) in target_ids:
            old_values.append(_show(config.get(key)))
            config[key] = value
        return layer.__class__.from_config(config)

    model.set_weights(initial_weights)
    try:
        clone = keras.models.clone_model(model, clone_function=clone_layer)
    except Exception as exc:
        raise NotMeasurable(
            f"cannot clone this model to change it ({type(exc).__name__}: {exc})"
        ) from exc
    for original, copy in zip(model.layers, clone.layers, strict=False):
        if kind == "initializer" and id(original) in target_ids:
            continue
        weights = original.get_weights()
        if [w.shape for w in weights] == [w.shape for w in copy.get_weights()]:
            copy.set_weights(weights)
    optimizer = fresh_optimizer(model)
    clone.compile(optimizer=optimizer, loss=model.loss)
    names = ", ".join(layer.name for layer in targets)
    olds = ", ".join(sorted(set(old_values))) or "?"
    label = {
        "activation": "activation",
        "initializer": "kernel initializer",
        "dropout": "dropout rate",
    }[kind]
    return Variant(clone, optimizer, f"{label} of {names}: {olds} -> {value}")
