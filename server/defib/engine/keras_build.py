"""Keras model building: what each Keras call the interpreter meets adds to a `ModelSpec`.

Layers, Sequential and functional models, subclassed models, optimizers, losses, compile()
and fit(): their arguments are bound to Keras's own parameter names (positional ones by
signature, Keras 2 spellings renamed) and read into the plain specs of model.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from defib.engine import keras_names as kn
from defib.engine.model import LayerSpec, LossSpec, ModelSpec
from defib.engine.values import (
    BoundArgument,
    Const,
    LayerValue,
    ListValue,
    LossValue,
    Ref,
    TensorValue,
    Value,
    string,
)

# Positional parameters of the layers whose arguments the rules read; Keras 2 names renamed.
_CONV = ["filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate"]
LAYER_POSITIONAL: dict[str, list[str]] = {
    "Dense": ["units", "activation", "use_bias", "kernel_initializer", "bias_initializer"],
    "Activation": ["activation"],
    "Dropout": ["rate"],
    "SpatialDropout1D": ["rate"],
    "SpatialDropout2D": ["rate"],
    "SpatialDropout3D": ["rate"],
    "AlphaDropout": ["rate"],
    "GaussianDropout": ["rate"],
    "Conv1D": _CONV,
    "Conv2D": _CONV,
    "Conv3D": _CONV,
    "LSTM": ["units", "activation", "recurrent_activation"],
    "GRU": ["units", "activation", "recurrent_activation"],
    "SimpleRNN": ["units", "activation"],
    "Softmax": ["axis"],
    "Embedding": ["input_dim", "output_dim"],
    "Rescaling": ["scale", "offset"],
    "Normalization": ["axis"],
    "Input": ["shape", "batch_size", "dtype"],
}
KERAS2_RENAMES = {
    "output_dim": "units",
    "nb_filter": "filters",
    "init": "kernel_initializer",
    "W_regularizer": "kernel_regularizer",
    "p": "rate",
}
OPTIMIZER_POSITIONAL = ["learning_rate", "momentum"]
COMPILE_POSITIONAL = ["optimizer", "loss", "metrics", "loss_weights"]
FIT_POSITIONAL = ["x", "y", "batch_size", "epochs"]


def longest_chain(inputs: Sequence[Value]) -> list[LayerSpec]:
    """The layers of the input tensor that went through the most of them."""
    chains = [list(t.layers) for t in inputs if isinstance(t, TensorValue)]
    return max(chains, key=len) if chains else []


def activation_of(value: Value) -> str | None:
    """The canonical activation an `activation=` value names ("relu", "linear", ...)."""
    if isinstance(value, Const):
        if value.value is None:
            return "linear"
        if isinstance(value.value, str):
            return kn.activation_from_string(value.value)
        return None
    if isinstance(value, Ref):
        return kn.activation_from_path(value.qualified)
    if isinstance(value, LayerValue):
        return kn.ACTIVATION_LAYER_NAMES.get(value.spec.kind)
    return None


def loss_of(arg: BoundArgument) -> LossSpec | None:
    """The loss a compile() `loss=` argument names: a string, a function or a class instance."""
    value = arg.value
    if isinstance(value, LossValue):
        return value.spec
    if (text := string(value)) is not None and (name := kn.loss_from_string(text)):
        return LossSpec(name, arg.where)
    if isinstance(value, Ref) and (path := kn.keras_path(value.qualified)) is not None:
        found = kn.loss_name(path)
        if found is not None:
            return LossSpec(found[0], arg.where)
    return None


def metric_names(value: Value) -> list[str]:
    """The snake_case names of compile()'s metrics."""
    items = value.items if isinstance(value, ListValue) else [value]
    names: list[str] = []
    for item in items:
        if (text := string(item)) is not None:
            names.append(text.lower())
        elif isinstance(item, Ref):
            names.append(_snake_tail(item.qualified))
    return names


def _snake_tail(qualified: str) -> str:
    tail = qualified.rpartition(".")[2]
    out = "".join("_" + c.lower() if c.isupper() else c for c in tail).lstrip("_")
    return out


def fullest_models(models: list[ModelSpec]) -> list[ModelSpec]:
    """One model per place it is built, in order. A function read more than once builds its
    model more than once: keep the fullest."""
    best: dict[tuple[int, int], ModelSpec] = {}
    order: list[tuple[int, int]] = []
    for model in models:
        key = model.where.key
        current = best.get(key)
        if current is None:
            order.append(key)
            best[key] = model
        elif _completeness(model) > _completeness(current):
            best[key] = model
    return [best[key] for key in order]


def _completeness(model: ModelSpec) -> tuple[bool, bool, int]:
    return (model.fit is not None, model.compile is not None, len(model.layers))
