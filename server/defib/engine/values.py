"""Values the interpreter (interpreter.py) tracks while it reads a file, without running it.

Plain literals are wrapped in `Const`, which remembers where the literal was written, so a
finding about a learning rate that travelled through a constant, a default argument or a
config dict can point at (and fix) the place the number was typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Union

import libcst as cst

from defib.engine.model import (
    ArgSpec,
    DataSpec,
    InputBranch,
    LayerSpec,
    Located,
    LossSpec,
    ModelSpec,
    OptimizerSpec,
)


class _Unknown:
    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


UNKNOWN = _Unknown()


@dataclass(eq=False)
class Const:
    """A Python literal value and where it was written."""

    value: int | float | str | bool | None
    origin: Located | None = None
    # The parameter whose default this is, in a function no code of the file calls (read with
    # its defaults): a caller elsewhere may pass another value.
    default_of: str | None = None


@dataclass(eq=False)
class ListValue:
    items: list[Value]
    origin: Located | None = None
    # The items are only the first ones of a longer sequence (a long range(), a comprehension
    # over one), read up to the interpreter's loop limit: enough to iterate, not to measure.
    truncated: bool = False
    # For a truncated sequence of numbers: the largest absolute value of the whole sequence,
    # when known (range(200) reaches 199 though only its first items are listed).
    bound: float | None = None


@dataclass(eq=False)
class DictValue:
    items: dict[object, Value]
    origin: Located | None = None
    # Entries not known may be in it (a `**spread`, a key not known, an `update()`): its
    # known ones are enough to look up, not to iterate over all of them.
    partial: bool = False


@dataclass(eq=False)
class Ref:
    """A name imported from a module, e.g. `tensorflow.keras.layers.Dense`."""

    qualified: str


@dataclass(eq=False)
class FunctionValue:
    node: cst.FunctionDef | cst.Lambda
    where: Located
    scope: Scope
    owner: ClassValue | None = None  # the class a method belongs to


@dataclass(eq=False)
class ClassValue:
    node: cst.ClassDef
    where: Located
    scope: Scope
    keras_base: str | None  # "model" or "layer" when it subclasses Keras, else None


@dataclass(eq=False)
class ObjectValue:
    """An instance of a class of the file (`self` while reading a subclassed model)."""

    cls: ClassValue | None
    attrs: dict[str, Value] = field(default_factory=dict)


@dataclass(eq=False)
class GeneratorValue:
    """What calling a generator function of the file gives: a generator, whose body runs as
    it is iterated (fit() iterating it runs the loop around its `yield` once per batch)."""

    function: FunctionValue


@dataclass(eq=False)
class BoundMethod:
    obj: ObjectValue
    function: FunctionValue


@dataclass(eq=False)
class LayerValue:
    spec: LayerSpec


@dataclass(eq=False)
class TensorValue:
    """A symbolic tensor of the functional API: the layers it went through, in order."""

    layers: list[LayerSpec]
    residual: bool = False
    preprocessed: bool = False  # went through a scaling function such as preprocess_input
    from_input: bool = True  # its layers go back to a model input, not to an unknown value
    # Other paths from a model input merged into it on the way (each with its merge layer).
    branches: list[InputBranch] = field(default_factory=list)
    # The model whose output this is, as it is: `logits = model(x)` in a training loop.
    output_of: ModelSpec | None = None
    # A model input made by `Input(shape=(8,))`: one vector per sample.
    one_axis: bool = False


@dataclass(eq=False)
class ModelValue:
    spec: ModelSpec


@dataclass(eq=False)
class ModelLayers:
    """`model.layers`, a part of it (`model.layers[:-2]`, `model.layers[-1]`), or the variable
    of a loop over either, which stands for each of those layers in turn."""

    spec: ModelSpec
    every: bool  # all of the model's layers, not a part


@dataclass(eq=False)
class OptimizerValue:
    spec: OptimizerSpec


@dataclass(eq=False)
class ScheduleValue:
    name: str
    initial: Value
    where: Located


@dataclass(eq=False)
class LossValue:
    spec: LossSpec


@dataclass(eq=False)
class DataValue:
    spec: DataSpec
    # The model whose output this array is, as it is: `predictions = model(x)` in a training
    # loop written by hand.
    output_of: ModelSpec | None = None
    # What a model's predict() returned, untouched: all of it, or one sample's row of it.
    prediction: Prediction | None = None


@dataclass(eq=False)
class Prediction:
    """What a model's predict() returned: all of it, or one sample's row (`pred[0]`)."""

    model: ModelSpec
    one_sample: bool = False


@dataclass(eq=False)
class RowMask:
    """`(y == 1) | (y == 5)` of labels whose values are known (or `np.where` of it): the rows
    it picks out of those labels hold only the values it keeps."""

    labels: DataValue
    keeps: frozenset[float]


@dataclass(eq=False)
class SumsValue:
    """An array's sums (or norms) along an axis, `x.sum(axis=1)`, with no floor: 0 for a row
    of zeros, so dividing by them gives 0 / 0 = NaN there. Adding to them (an epsilon) or any
    other arithmetic leaves nothing known."""

    where: Located


@dataclass(eq=False)
class ScalerValue:
    """An sklearn-style scaler (StandardScaler(), ...) or an ImageDataGenerator, whose
    `transform`/`flow` output is scaled when `scales` (a generator without `rescale` is not)."""

    name: str
    scales: bool = True


@dataclass(eq=False)
class RateSchedulerValue:
    """A `LearningRateScheduler` callback. `replaces_rate` when its function takes the epoch
    alone, or cannot be read: from the first epoch on it sets the rate, so the optimizer's own
    rate is never trained with. A function of (epoch, lr) may build on that rate."""

    replaces_rate: bool


Value = Union[
    _Unknown,
    Const,
    ListValue,
    DictValue,
    Ref,
    FunctionValue,
    ClassValue,
    ObjectValue,
    BoundMethod,
    GeneratorValue,
    LayerValue,
    TensorValue,
    ModelValue,
    ModelLayers,
    OptimizerValue,
    ScheduleValue,
    LossValue,
    DataValue,
    RowMask,
    SumsValue,
    ScalerValue,
    RateSchedulerValue,
]


@dataclass(eq=False)
class BoundArgument:
    """One argument of a call matched to its parameter name, with the value it evaluated to."""

    name: str
    value: Value
    where: Located  # the argument's value expression (or where its value was written)
    arg: cst.Arg | None = None  # the whole argument node, when written explicitly

    def spec(self) -> ArgSpec:
        """The argument as the rules read it: its place and its plain resolved value."""
        origin = origin_of(self.value)
        written = origin if origin is not None and origin.key != self.where.key else None
        default_of = self.value.default_of if isinstance(self.value, Const) else None
        flag = self.value.value if isinstance(self.value, Const) else None
        return ArgSpec(
            self.name,
            self.where,
            self.arg,
            number(self.value),
            written,
            default_of,
            flag if isinstance(flag, bool) else None,
        )


class Scope:
    """Names bound in a module or function body; lookups fall back to the enclosing scope."""

    def __init__(self, parent: Scope | None = None) -> None:
        self.parent = parent
        self.names: dict[str, Value] = {}

    def lookup(self, name: str) -> Value:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return UNKNOWN

    def bind(self, name: str, value: Value) -> None:
        self.names[name] = value


def number(value: Value) -> float | None:
    """The numeric value of a constant, or None."""
    if isinstance(value, Const) and isinstance(value.value, (int, float)):
        if isinstance(value.value, bool):
            return None
        return float(value.value)
    return None


def string(value: Value) -> str | None:
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value
    return None


def data_attribute(spec: DataSpec, attr: str) -> Value:
    """`y.shape` or `classes.size` of an array, as far as its labels tell: one-hot labels are
    (n, classes), `np.unique` of known labels has `length` items; anything else is unknown."""
    if attr == "shape":
        if spec.label_format == "one_hot" and spec.classes is not None:
            return ListValue([UNKNOWN, Const(spec.classes)])
        if spec.length is not None:
            return ListValue([Const(spec.length)])
        if spec.columns is not None:
            return ListValue([UNKNOWN, Const(spec.columns)])
    if attr == "size" and spec.length is not None:
        return Const(spec.length)
    return UNKNOWN


def written_elements(value: ListValue) -> Sequence[cst.BaseElement] | None:
    """The elements of the list or tuple literal `value` was written as, one for each of its
    items; None when it was built another way, or has been added to or taken from since."""
    origin = value.origin
    if origin is None or not isinstance(origin.node, (cst.List, cst.Tuple)):
        return None
    elements = origin.node.elements
    return elements if len(elements) == len(value.items) else None


def written_locations(value: ListValue) -> list[Located] | None:
    """Where each item of `value` is written, when it was written out as a list or tuple
    literal and not added to or taken from since (`written_elements`); None otherwise."""
    elements = written_elements(value)
    if elements is None or value.origin is None:
        return None
    return [Located(element.value, value.origin.chunk) for element in elements]


def origin_of(value: Value) -> Located | None:
    """Where a literal, list or dict value was written; None for any other value."""
    if isinstance(value, (Const, ListValue, DictValue)):
        return value.origin
    return None


def python_value(value: Value, depth: int = 0) -> object:
    """Unwrap constants, lists and dicts to plain Python (UNKNOWN where not known)."""
    if depth > 20:
        return UNKNOWN
    if isinstance(value, Const):
        return value.value
    if isinstance(value, ListValue):
        if value.truncated:
            return UNKNOWN  # its first items are not the whole list
        return [python_value(item, depth + 1) for item in value.items]
    if isinstance(value, DictValue):
        return {key: python_value(item, depth + 1) for key, item in value.items.items()}
    return UNKNOWN
