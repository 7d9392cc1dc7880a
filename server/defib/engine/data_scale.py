"""How large the values of the arrays a model is trained on are, estimated without running code.

Literal arrays give their largest value per feature, random arrays the range they are drawn
from, Keras data sets and image folders their pixel scale; arithmetic (x / 255) and scalers
(StandardScaler, preprocess_input) change the estimate on the way to fit(). A `tf.data`
pipeline carries the scale of the features it was built from, through the functions and
Keras layers it maps over its elements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import libcst as cst

from defib.engine import keras_names as kn
from defib.engine.interpreter import Interpreter, Library, class_methods
from defib.engine.model import DataSpec, LayerSpec, Located
from defib.engine.values import (
    UNKNOWN,
    BoundArgument,
    BoundMethod,
    DataValue,
    DictValue,
    FunctionValue,
    LayerValue,
    ListValue,
    ModelValue,
    Ref,
    ScalerValue,
    Scope,
    TensorValue,
    Value,
    number,
    python_value,
)

_SCALERS = frozenset(
    {
        "StandardScaler",
        "MinMaxScaler",
        "RobustScaler",
        "MaxAbsScaler",
        "Normalizer",
        "QuantileTransformer",
        "PowerTransformer",
    }
)
_SCALING_FUNCTIONS = frozenset(
    {
        "sklearn.preprocessing.scale",
        "sklearn.preprocessing.normalize",
        "sklearn.preprocessing.minmax_scale",
        "sklearn.preprocessing.robust_scale",
        "sklearn.preprocessing.maxabs_scale",
        "tensorflow.image.per_image_standardization",
        "tensorflow.math.l2_normalize",
        "tensorflow.nn.l2_normalize",
        # Integer images are scaled to [0, 1] on conversion to a float type.
        "tensorflow.image.convert_image_dtype",
    }
)
# TensorFlow functions whose result has the scale of their first argument.
_SCALE_KEEPING_FUNCTIONS = frozenset(
    {
        "tensorflow.cast",
        "tensorflow.reshape",
        "tensorflow.expand_dims",
        "tensorflow.squeeze",
        "tensorflow.transpose",
        "tensorflow.identity",
        "tensorflow.image.resize",
        "tensorflow.image.resize_with_pad",
        "tensorflow.image.resize_with_crop_or_pad",
        "tensorflow.image.central_crop",
        "tensorflow.image.random_crop",
        "tensorflow.image.flip_left_right",
        "tensorflow.image.random_flip_left_right",
        "tensorflow.image.random_flip_up_down",
        "cv2.resize",
        "cv2.cvtColor",
        "cv2.flip",
        "utils.img_to_array",
        "preprocessing.image.img_to_array",
    }
)
# Functions that read or decode image files: pixel values up to 255.
_IMAGE_READERS = frozenset(
    {
        "cv2.imread",
        "PIL.Image.open",
        "imageio.imread",
        "imageio.v2.imread",
        "tensorflow.io.decode_jpeg",
        "tensorflow.io.decode_png",
        "tensorflow.io.decode_bmp",
        "tensorflow.io.decode_image",
        "tensorflow.image.decode_jpeg",
        "tensorflow.image.decode_png",
        "tensorflow.image.decode_image",
        "utils.load_img",
        "preprocessing.image.load_img",
    }
)
_DATASET_SOURCES = frozenset(
    {
        "tensorflow.data.Dataset.from_tensor_slices",
        "tensorflow.data.Dataset.from_tensors",
        "tensorflow.data.Dataset.zip",
    }
)
_FILE_READERS = frozenset(
    {"read_csv", "read_table", "read_excel", "read_parquet", "loadtxt", "genfromtxt"}
)
_PASS_THROUGH_METHODS = frozenset(
    {
        "astype",
        "reshape",
        "copy",
        "flatten",
        "squeeze",
        "ravel",
        "to_numpy",
        "numpy",
        # pandas methods that pick rows or columns, never rescale them.
        "drop",
        "dropna",
        "fillna",
        "sample",
        "head",
        "tail",
        "transpose",
        "expand_dims",
        # tf.data.Dataset methods that regroup or reorder elements, never change them.
        "shuffle",
        "batch",
        "padded_batch",
        "rebatch",
        "unbatch",
        "prefetch",
        "cache",
        "repeat",
        "take",
        "skip",
        "shard",
        "filter",
        "with_options",
        # Pillow image methods that keep pixel values in 0-255.
        "convert",
        "resize",
    }
)
# Keras layers that move, crop, resize or perturb values without changing their scale.
_SCALE_KEEPING_LAYERS = frozenset(
    {"Resizing", "CenterCrop", "Reshape", "Flatten", "Permute", "Cropping2D", "ZeroPadding2D"}
)


class DataCalls(Library):
    """Tracks the arrays a file builds (numpy, pandas, Keras data sets, image folders) and
    how large their values are, through scalers and arithmetic, on their way to fit()."""

    def __init__(self, interpreter: Interpreter) -> None:
        self.interpreter = interpreter
        # Where the arrays the file passes on were created: to a fit(), into a tf.data
        # pipeline, or into a scaled copy. A model whose fit() is not written yet is not
        # assumed to take such an array as it is.
        self.passed_on: set[tuple[int, int]] = set()

    def pass_on(self, value: Value) -> None:
        """Note that the array(s) in `value` go somewhere: a fit(), a pipeline, a scaled copy."""
        items = value.items if isinstance(value, ListValue) else [value]
        if isinstance(value, DictValue):
            items = list(value.items.values())
        for item in items:
            if isinstance(item, DataValue) and item.spec.origin is not None:
                self.passed_on.add(item.spec.origin.key)

    def through_layers(self, data: DataValue, layers: Sequence[LayerSpec]) -> DataValue:
        """An array after Keras layers are applied to it (eagerly, or in a tf.data map)."""
        for layer in layers:
            if layer.scales_input:
                self.pass_on(data)
                return DataValue(replace(data.spec, scaled=True))
            if layer.kind not in _SCALE_KEEPING_LAYERS and not layer.kind.startswith("Random"):
                return DataValue(DataSpec("unknown", data.spec.where))
        return data

    def call_ref(self, ref: Ref, node: cst.Call, scope: Scope) -> Value | None:
        qualified = ref.qualified
        if qualified.startswith(
            ("numpy.", "pandas.", "tensorflow.constant", "tensorflow.convert_to_tensor")
        ):
            return self._array_call(qualified, node, scope)
        if qualified in _SCALING_FUNCTIONS or qualified.endswith(".preprocess_input"):
            args = self.interpreter.positional(node, scope)
            if args and isinstance(args[0], TensorValue):
                # Applied inside the model (transfer learning): the model scales its own input.
                tensor = args[0]
                return TensorValue(tensor.layers, tensor.residual, True, tensor.from_input)
            spec = args[0].spec if args and isinstance(args[0], DataValue) else DataSpec("unknown")
            self.pass_on(args[0] if args else UNKNOWN)
            return DataValue(replace(spec, scaled=True, where=self.interpreter.loc(node)))
        function = kn.keras_path(qualified) or qualified
        if function in _SCALE_KEEPING_FUNCTIONS:
            args = self.interpreter.positional(node, scope)
            return args[0] if args and isinstance(args[0], DataValue) else UNKNOWN
        if function in _IMAGE_READERS:
            self.interpreter.call_arguments(node, scope)
            return DataValue(_images_from_disk(self.interpreter.loc(node), False))
        if qualified in _DATASET_SOURCES:
            return self._dataset(node, scope)
        if (
            qualified.startswith("sklearn.preprocessing.")
            and qualified.rpartition(".")[2] in _SCALERS
        ):
            self.interpreter.call_arguments(node, scope)
            return ScalerValue(qualified.rpartition(".")[2])
        path = kn.keras_path(qualified)
        if path is None:
            return None
        if (dataset := kn.dataset_name(path)) is not None:
            return _loaded_dataset(dataset, self.interpreter.loc(node))
        if kn.is_image_generator(path):
            bound = self.interpreter.bind(node, scope, [])
            scaling = (
                "rescale",
                "featurewise_std_normalization",
                "samplewise_std_normalization",
                "preprocessing_function",
            )
            scales = any(
                python_value(bound[k].value) not in (None, False, 0) for k in scaling if k in bound
            )
            return ScalerValue("ImageDataGenerator", scales)
        if path in kn.IMAGE_DIRECTORY_LOADERS:
            self.interpreter.call_arguments(node, scope)
            images = _images_from_disk(self.interpreter.loc(node), False)
            return DataValue(replace(images, pipeline=True))
        if path in ("utils.normalize",):
            args = self.interpreter.positional(node, scope)
            spec = args[0].spec if args and isinstance(args[0], DataValue) else DataSpec("unknown")
            return DataValue(replace(spec, scaled=True))
        if path in ("utils.to_categorical", "utils.np_utils.to_categorical"):
            self.interpreter.call_arguments(node, scope)
            return DataValue(DataSpec("unknown", self.interpreter.loc(node), scaled=True))
        return None

    def call_method(self, owner: Value, method: str, node: cst.Call, scope: Scope) -> Value | None:
        if isinstance(owner, DataValue):
            if method in _PASS_THROUGH_METHODS:
                self.interpreter.call_arguments(node, scope)
                return owner
            if method == "map":
                args, kwargs = self.interpreter.call_arguments(node, scope)
                function = args[0] if args else kwargs.get("map_func", UNKNOWN)
                return self._mapped(owner, function, self.interpreter.loc(node))
            return UNKNOWN
        if isinstance(owner, ScalerValue) and method in (
            "flow",
            "flow_from_directory",
            "flow_from_dataframe",
        ):
            args = self.interpreter.positional(node, scope)
            self.pass_on(args[0] if args else UNKNOWN)
            if method == "flow" and args and isinstance(args[0], DataValue):
                data = args[0].spec
                return DataValue(replace(data, scaled=data.scaled or owner.scales, pipeline=True))
            images = _images_from_disk(self.interpreter.loc(node), owner.scales)
            return DataValue(replace(images, pipeline=True))
        if isinstance(owner, ScalerValue) and method in ("fit_transform", "transform"):
            args = self.interpreter.positional(node, scope)
            if args and isinstance(args[0], DataValue):
                self.pass_on(args[0])
                return DataValue(replace(args[0].spec, scaled=True))
            return DataValue(DataSpec("unknown", self.interpreter.loc(node), scaled=True))
        return None

    def binary(self, operator: str, left: Value, right: Value) -> Value | None:
        if isinstance(left, DataValue):
            scaled = _scale_data(left.spec, operator, right)
            if scaled.scaled and not left.spec.scaled:
                self.pass_on(left)
            return DataValue(scaled)
        if isinstance(right, DataValue) and operator in ("Add", "Multiply"):
            return DataValue(_scale_data(right.spec, operator, left))
        return None

    def _dataset(self, node: cst.Call, scope: Scope) -> DataValue:
        """`tf.data.Dataset.from_tensor_slices((x, y))`: a pipeline whose features are x."""
        args = self.interpreter.positional(node, scope)
        tensors = args[0] if args else UNKNOWN
        self.pass_on(tensors)
        features = tensors.items[0] if isinstance(tensors, ListValue) and tensors.items else tensors
        if isinstance(features, DataValue):
            return DataValue(replace(features.spec, pipeline=True))
        return DataValue(DataSpec("unknown", self.interpreter.loc(node), pipeline=True))

    def _mapped(self, data: DataValue, function: Value, where: Located) -> DataValue:
        """A pipeline's features after `.map(function)`: what the function returns first."""
        self.pass_on(data)
        result: Value = UNKNOWN
        if isinstance(function, (FunctionValue, BoundMethod)):
            plain = function.function if isinstance(function, BoundMethod) else function
            params = plain.node.params
            count = len(params.posonly_params) + len(params.params)
            if isinstance(function, BoundMethod) or plain.owner is not None:
                count -= 1
            # Elements of a (features, labels) pipeline come as one argument each.
            args: list[Value] = [data, *([UNKNOWN] * (count - 1))]
            owner = function.obj if isinstance(function, BoundMethod) else None
            result = self.interpreter.call_function(plain, args, {}, self_value=owner)
        elif isinstance(function, Ref) and (
            function.qualified in _SCALING_FUNCTIONS
            or function.qualified.endswith("preprocess_input")
        ):
            result = DataValue(replace(data.spec, scaled=True))
        elif isinstance(function, LayerValue):
            result = self.through_layers(data, [function.spec])
        elif isinstance(function, ModelValue):
            result = self.through_layers(data, function.spec.layers)
        if isinstance(result, ListValue) and result.items:
            result = result.items[0]
        if isinstance(result, DataValue):
            return DataValue(replace(result.spec, pipeline=True))
        return DataValue(DataSpec("unknown", where, pipeline=True))

    def _array_call(self, qualified: str, node: cst.Call, scope: Scope) -> Value:
        """numpy, pandas and tf.constant calls: the array they make and its magnitude."""
        args, kwargs = self.interpreter.call_arguments(node, scope)
        name = qualified.rpartition(".")[2]
        where = self.interpreter.loc(node)
        if name in ("array", "asarray", "constant", "convert_to_tensor", "float32", "float64"):
            if args and isinstance(args[0], DataValue):
                return args[0]
            if args and isinstance(args[0], ListValue) and args[0].items:
                if (joined := _joined(args[0].items)) is not None:
                    return joined
            literal = python_value(args[0]) if args else UNKNOWN
            if isinstance(literal, list):
                return DataValue(
                    DataSpec(
                        "literal", where, feature_max_abs=_feature_max_abs(literal), origin=where
                    )
                )
            return DataValue(DataSpec("unknown", where, origin=where))
        if name in _FILE_READERS:
            # The file's values are not known: they may be scaled already, or not at all.
            return DataValue(DataSpec("file", where, origin=where))
        if name in ("default_rng", "RandomState", "Generator"):
            # A generator draws as numpy.random does: rng.integers(0, 256) is read as such.
            return Ref("numpy.random")
        if qualified.startswith("numpy.random."):
            return DataValue(
                DataSpec(
                    "random", where, magnitude=_random_magnitude(name, args, kwargs), origin=where
                )
            )
        if name in ("zeros", "ones", "zeros_like", "ones_like", "eye", "identity"):
            return DataValue(DataSpec("random", where, magnitude=1.0, origin=where))
        if name in ("linspace", "arange"):
            bounds = [abs(b) for a in args[:2] if (b := number(a)) is not None]
            return DataValue(
                DataSpec("random", where, magnitude=max(bounds) if bounds else None, origin=where)
            )
        if name in ("hstack", "vstack", "concatenate", "stack", "column_stack"):
            parts = args[0].items if args and isinstance(args[0], ListValue) else []
            return _joined(parts) or DataValue(DataSpec("unknown", where))
        if name in ("expand_dims", "squeeze", "reshape", "transpose"):
            if args and isinstance(args[0], DataValue):
                return args[0]
        return DataValue(DataSpec("unknown", where, origin=where))


def standardizes_input(node: cst.ClassDef) -> bool:
    """Whether a Keras layer class of the file standardises or rescales its input: it learns
    statistics in an adapt() method, like Normalization, or its call() divides."""
    methods = {method.name.value: method for method in class_methods(node)}
    if "adapt" in methods:
        return True
    call = methods.get("call")
    if call is None:
        return False
    finder = _DivisionFinder()
    call.visit(finder)
    return finder.found


class _DivisionFinder(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found = False

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        self.found = self.found or isinstance(node.operator, cst.Divide)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self.found = self.found or isinstance(node.operator, cst.DivideAssign)


def _joined(parts: Sequence[Value]) -> DataValue | None:
    """Arrays joined into one (np.concatenate, np.array of a list of arrays), if all are known."""
    datas = [p.spec for p in parts if isinstance(p, DataValue)]
    if datas and len(datas) == len(parts):
        return DataValue(replace(datas[0], scaled=all(d.scaled for d in datas)))
    return None


def data_of(arg: BoundArgument) -> DataSpec:
    """What is known of the array an argument passes (to fit(), say)."""
    value = arg.value
    if isinstance(value, DataValue):
        return value.spec
    literal = python_value(value)
    if isinstance(literal, list) and literal:
        return DataSpec(
            "literal", arg.where, feature_max_abs=_feature_max_abs(literal), origin=arg.where
        )
    return DataSpec("unknown", arg.where)


def _feature_max_abs(rows: list[object]) -> list[float] | None:
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


def _random_magnitude(name: str, args: list[Value], kwargs: dict[str, Value]) -> float | None:
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


def _scale_data(spec: DataSpec, operator: str, other: Value) -> DataSpec:
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


def _loaded_dataset(name: str, where: Located) -> Value:
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


def _images_from_disk(where: Located, scaled: bool) -> DataSpec:
    """Images read from files arrive with pixel values up to 255."""
    return DataSpec(
        "dataset", where, scaled=scaled, magnitude=255.0, is_image_dataset=True, origin=where
    )
