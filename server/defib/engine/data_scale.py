"""How large the values of the arrays a model is trained on are, estimated without running code.

Literal arrays give their largest value per feature, random arrays the range they are drawn
from, Keras data sets and image folders their pixel scale; arithmetic (x / 255) and scalers
(StandardScaler, preprocess_input) change the estimate on the way to fit().
"""

from __future__ import annotations

from dataclasses import replace

from defib.engine import keras_names as kn
from defib.engine.model import DataSpec, Located
from defib.engine.values import BoundArgument, DataValue, ListValue, Value, number, python_value


def data_of(arg: BoundArgument) -> DataSpec:
    """What is known of the array an argument passes (to fit(), say)."""
    value = arg.value
    if isinstance(value, DataValue):
        return value.spec
    literal = python_value(value)
    if isinstance(literal, list) and literal:
        return DataSpec(
            "literal", arg.where, feature_max_abs=feature_max_abs(literal), origin=arg.where
        )
    return DataSpec("unknown", arg.where)


def feature_max_abs(rows: list[object]) -> list[float] | None:
    """Largest absolute value per feature (last axis) of a nested list of numbers."""
    maxima: list[float] = []
    budget = 10_000

    def visit(item: object) -> bool:
        nonlocal budget
        if not isinstance(item, list) or not item:
            return False
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in item):
            for index, v in enumerate(item):
                budget -= 1
                if budget < 0:
                    return True
                magnitude = abs(float(v))  # type: ignore[arg-type]
                if index >= len(maxima):
                    maxima.append(magnitude)
                else:
                    maxima[index] = max(maxima[index], magnitude)
            return True
        return all(visit(sub) for sub in item)

    if not visit(rows):
        return None
    if rows and all(isinstance(v, (int, float)) for v in rows):
        # A flat list is one feature.
        return [max(maxima)] if maxima else None
    return maxima or None


def random_magnitude(name: str, args: list[Value], kwargs: dict[str, Value]) -> float | None:
    """About how large the values `numpy.random.<name>(*args, **kwargs)` draws can be."""

    def arg(index: int, key: str, default: float | None) -> float | None:
        if key in kwargs:
            return number(kwargs[key])
        if index < len(args):
            return number(args[index])
        return default

    if name in ("rand", "random", "random_sample", "sample"):
        return 1.0
    if name in ("randn", "standard_normal"):
        return 3.0
    if name == "normal":
        loc, scale = arg(0, "loc", 0.0), arg(1, "scale", 1.0)
        return abs(loc) + 3 * abs(scale) if loc is not None and scale is not None else None
    if name in ("uniform", "randint", "integers"):
        low, high = arg(0, "low", 0.0), arg(1, "high", 1.0)
        if name != "uniform" and len(args) == 1 and "high" not in kwargs:
            high, low = low, 0.0
        return max(abs(low), abs(high)) if low is not None and high is not None else None
    if name in ("choice", "shuffle", "permutation", "seed", "default_rng"):
        return None
    return None


def scale_data(spec: DataSpec, operator: str, other: Value) -> DataSpec:
    """The array `spec` after an arithmetic `operator` with `other` (x / 255, x * 2, ...)."""
    factor = number(other)
    if operator in ("Divide", "FloorDivide"):
        magnitude = spec.magnitude / abs(factor) if spec.magnitude is not None and factor else None
        maxima = (
            [m / abs(factor) for m in spec.feature_max_abs]
            if spec.feature_max_abs and factor
            else None
        )
        return replace(spec, scaled=True, magnitude=magnitude, feature_max_abs=maxima)
    if operator == "Multiply" and factor is not None:
        magnitude = spec.magnitude * abs(factor) if spec.magnitude is not None else None
        maxima = [m * abs(factor) for m in spec.feature_max_abs] if spec.feature_max_abs else None
        return replace(spec, magnitude=magnitude, feature_max_abs=maxima)
    if operator in ("Add", "Subtract") and factor is not None and spec.magnitude is not None:
        return replace(spec, magnitude=spec.magnitude + abs(factor))
    # Centring alone (x - x.mean()) and anything unknown leave the scale as it was.
    return spec


def loaded_dataset(name: str, where: Located) -> Value:
    """What `keras.datasets.<name>.load_data()` returns: ((x, y), (x, y)) with Keras's scale."""
    image = name in kn.IMAGE_DATASETS
    magnitude = 255.0 if image else (711.0 if name == "boston_housing" else None)

    def features() -> DataValue:
        return DataValue(
            DataSpec(
                "dataset",
                where,
                magnitude=magnitude,
                dataset=name,
                is_image_dataset=image,
                origin=where,
            )
        )

    def labels() -> DataValue:
        return DataValue(DataSpec("dataset", where, scaled=True, dataset=name, origin=where))

    return ListValue([ListValue([features(), labels()]), ListValue([features(), labels()])])


def images_from_disk(where: Located, scaled: bool) -> DataSpec:
    """Images read from files arrive with pixel values up to 255."""
    return DataSpec(
        "dataset", where, scaled=scaled, magnitude=255.0, is_image_dataset=True, origin=where
    )
