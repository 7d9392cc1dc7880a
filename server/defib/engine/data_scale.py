"""How large the values of the arrays a model is trained on are, estimated without running code.

Literal arrays give their largest value per feature, random arrays the range they are drawn
from, Keras data sets and image folders their pixel scale; arithmetic (x / 255) and scalers
(StandardScaler, preprocess_input) change the estimate on the way to fit(). A `tf.data`
pipeline carries the scale of the features it was built from, through the functions and
Keras layers it maps over its elements.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import replace

import libcst as cst

from defib.engine import keras_names as kn
from defib.engine.interpreter import (
    Interpreter,
    Library,
    class_methods,
    method_of,
    positional_arguments,
)
from defib.engine.model import Argmax, DataSpec, LabelFormat, LayerSpec, Located
from defib.engine.source import callee_tail
from defib.engine.values import (
    UNKNOWN,
    BoundArgument,
    BoundMethod,
    ClassValue,
    Const,
    DataValue,
    DictValue,
    FunctionValue,
    LayerValue,
    ListValue,
    ModelValue,
    Ref,
    RowMask,
    ScalerValue,
    Scope,
    SumsValue,
    TensorValue,
    Value,
    number,
    python_value,
    string,
)

# sklearn functions that fit an estimator on (X, y) given after it.
_CROSS_VALIDATION = frozenset(
    {
        "sklearn.model_selection.cross_val_score",
        "sklearn.model_selection.cross_val_predict",
        "sklearn.model_selection.cross_validate",
        "sklearn.model_selection.learning_curve",
        "sklearn.model_selection.validation_curve",
    }
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
        "scipy.stats.zscore",
        "tensorflow.image.per_image_standardization",
        "tensorflow.math.l2_normalize",
        "tensorflow.nn.l2_normalize",
        # Integer images are scaled to [0, 1] on conversion to a float type.
        "tensorflow.image.convert_image_dtype",
    }
)
# Keras's pad_sequences, by the path keras_names gives it.
_PADDING_FUNCTIONS = frozenset(
    {
        "preprocessing.sequence.pad_sequences",
        "utils.pad_sequences",
        "keras_preprocessing.sequence.pad_sequences",
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
# TensorFlow's and Keras 3's random tensors (numpy's are read with their scale).
_RANDOM_MODULES = frozenset({"tensorflow.random", "keras.random"})
_RANDOM_DRAWS = frozenset(
    {
        "uniform",
        "normal",
        "truncated_normal",
        "categorical",
        "poisson",
        "gamma",
        "randint",
        "stateless_uniform",
        "stateless_normal",
        "stateless_truncated_normal",
        "stateless_categorical",
        "stateless_binomial",
    }
)
# sklearn encoders that turn label columns into class indices, one-hot or multi-hot columns.
_LABEL_ENCODERS: dict[str, LabelFormat] = {
    "LabelEncoder": "class_ids",
    "OneHotEncoder": "one_hot",
    "MultiLabelBinarizer": "multi_hot",
}
_FILE_READERS = frozenset(
    {
        "read_csv",
        "read_table",
        "read_fwf",
        "read_excel",
        "read_parquet",
        "read_feather",
        "read_pickle",
        "read_hdf",
        "read_json",
        "loadtxt",
        "genfromtxt",
    }
)
# sklearn's bundled tabular data sets as loaded: each feature's largest absolute value, from the
# ranges sklearn documents for them (load_diabetes, already standardised, is left unknown).
_SKLEARN_FEATURE_MAX: dict[str, tuple[float, ...]] = {
    "load_iris": (7.9, 4.4, 6.9, 2.5),
    "load_wine": (14.8, 5.80, 3.23, 30.0, 162.0, 3.88, 5.08, 0.66, 3.58, 13.0, 1.71, 4.0, 1680.0),
    "load_breast_cancer": (
        *(28.11, 39.28, 188.5, 2501.0, 0.163, 0.345, 0.427, 0.201, 0.304, 0.097),
        *(2.873, 4.885, 21.98, 542.2, 0.031, 0.135, 0.396, 0.053, 0.079, 0.03),
        *(36.04, 49.54, 251.2, 4254.0, 0.223, 1.058, 1.252, 0.291, 0.664, 0.208),
    ),
    "fetch_california_housing": (15.0001, 52.0, 141.909, 34.067, 35682.0, 1243.333, 41.95, 124.35),
    "load_boston": (
        *(88.98, 100.0, 27.74, 1.0, 0.871, 8.78, 100.0, 12.13, 24.0, 711.0, 22.0, 396.9, 37.97),
    ),
}
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
        "drop_duplicates",
        "fillna",
        "ffill",
        "bfill",
        "interpolate",
        "reset_index",
        "query",
        "infer_objects",
        "convert_dtypes",
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
        "ignore_errors",
        "assert_cardinality",
        # Pillow image methods that keep pixel values in 0-255.
        "convert",
        "resize",
    }
)
# Keras's text Tokenizer, whose word indices start at 1.
_TOKENIZERS = frozenset({"preprocessing.text.Tokenizer", "legacy.preprocessing.text.Tokenizer"})
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

    def instantiate(
        self, cls: ClassValue, args: list[Value], kwargs: dict[str, Value]
    ) -> Value | None:
        """A batch source of the file (a Sequence or PyDataset: a class with `__getitem__`)
        made from arrays: its batches are what fit() takes of them, transformed as its
        `__getitem__` says, so the arrays are passed on."""
        if method_of(cls, "__getitem__") is not None:
            for value in [*args, *kwargs.values()]:
                self.pass_on(value)
        return None

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
        return self._unless_guessing(self._call_ref(ref, node, scope))

    def call_method(self, owner: Value, method: str, node: cst.Call, scope: Scope) -> Value | None:
        return self._unless_guessing(self._call_method(owner, method, node, scope))

    def _unless_guessing(self, value: Value | None, depth: int = 0) -> Value | None:
        """Labels made in a branch read without knowing its condition (`if one_hot:`) may not
        be the labels the program trains on: nothing is known of them."""
        if not self.interpreter.guessing or value is None or depth > 2:
            return value
        if isinstance(value, DataValue) and value.spec.knows_labels:
            return DataValue(value.spec.without_labels())
        if isinstance(value, ListValue):
            items = [self._unless_guessing(item, depth + 1) or item for item in value.items]
            return ListValue(items, value.origin)
        return value

    def _argmax_taken(
        self, args: list[Value], kwargs: dict[str, Value], default: int | None, where: Located
    ) -> None:
        """`np.argmax(predictions, axis=1)` and the like: record it on the model that
        predicted, with its axis (`default` when none is given). An axis not known records
        nothing, nor does a branch whose condition is not known: code that argmaxes only when
        the output has several units (`if len(pred[0]) > 1:`) is read that way."""
        array = args[0] if args else kwargs.get("a", kwargs.get("input", kwargs.get("x", UNKNOWN)))
        if self.interpreter.guessing or not isinstance(array, DataValue):
            return
        if array.prediction is None:
            return
        axis = kwargs.get("axis", args[1] if len(args) > 1 else None)
        if axis is None:
            taken = default
        elif (value := number(axis)) is not None and float(value).is_integer():
            taken = int(value)
        else:
            return
        prediction = array.prediction
        prediction.model.argmaxes.append(Argmax(where, taken, prediction.one_sample))

    def _call_ref(self, ref: Ref, node: cst.Call, scope: Scope) -> Value | None:
        qualified = ref.qualified
        keras = kn.keras_path(qualified) or ""
        if qualified in _TF_ARGMAX or keras in _KERAS_ARGMAX:
            args, kwargs = self.interpreter.call_arguments(node, scope)
            default = _TF_ARGMAX.get(qualified, _KERAS_ARGMAX.get(keras))
            self._argmax_taken(args, kwargs, default, self.interpreter.loc(node))
            return UNKNOWN
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
        if qualified.rpartition(".")[0] in _RANDOM_MODULES and (
            qualified.rpartition(".")[2] in _RANDOM_DRAWS
        ):
            # Drawn at random: in no order of label. Nothing else is known of it.
            self.interpreter.call_arguments(node, scope)
            return DataValue(DataSpec("unknown", self.interpreter.loc(node), shuffled=True))
        function = kn.keras_path(qualified) or qualified
        if function in _PADDING_FUNCTIONS:
            return self._padded(node, scope)
        if function in _SCALE_KEEPING_FUNCTIONS:
            args = self.interpreter.positional(node, scope)
            return args[0] if args and isinstance(args[0], DataValue) else UNKNOWN
        if function in _IMAGE_READERS:
            self.interpreter.call_arguments(node, scope)
            return DataValue(_images_from_disk(self.interpreter.loc(node), False))
        if qualified in _DATASET_SOURCES:
            return self._dataset(node, scope, qualified.rpartition(".")[2])
        if qualified in (
            "sklearn.model_selection.train_test_split",
            "sklearn.cross_validation.train_test_split",  # before sklearn 0.20
        ):
            return self._split(node, scope)
        if qualified.startswith("sklearn.datasets.") and (
            qualified.rpartition(".")[2] in _SKLEARN_FEATURE_MAX
        ):
            return self._sklearn_dataset(qualified.rpartition(".")[2], node, scope)
        if qualified in ("tensorflow.one_hot", "tensorflow.keras.backend.one_hot"):
            return self._one_hot(node, scope, ["indices", "depth"])
        if (
            qualified.startswith("sklearn.preprocessing.")
            and qualified.rpartition(".")[2] in _SCALERS
        ):
            self.interpreter.call_arguments(node, scope)
            return ScalerValue(qualified.rpartition(".")[2])
        if qualified in ("sklearn.pipeline.Pipeline", "sklearn.pipeline.make_pipeline"):
            return self._pipeline(qualified, node, scope)
        if qualified in _CROSS_VALIDATION:
            # cross_val_score(pipeline, X, y): X goes through the pipeline's scaler.
            args, kwargs = self.interpreter.call_arguments(node, scope)
            estimator = args[0] if args else kwargs.get("estimator", UNKNOWN)
            if isinstance(estimator, ScalerValue) and estimator.scales and len(args) > 1:
                self.pass_on(args[1])
            return UNKNOWN
        if qualified.startswith("sklearn.preprocessing.") and (
            qualified.rpartition(".")[2] in _LABEL_ENCODERS
        ):
            self.interpreter.call_arguments(node, scope)
            return ScalerValue(qualified.rpartition(".")[2], scales=False)
        path = kn.keras_path(qualified)
        if path is None:
            return None
        if path in _TOKENIZERS:
            self.interpreter.call_arguments(node, scope)
            return ScalerValue("Tokenizer", scales=False)
        if (dataset := kn.dataset_name(path)) is not None:
            _, kwargs = self.interpreter.call_arguments(node, scope)
            coarse = dataset == "cifar100" and string(kwargs.get("label_mode", UNKNOWN)) == "coarse"
            return _loaded_dataset(dataset, self.interpreter.loc(node), coarse)
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
            _, kwargs = self.interpreter.call_arguments(node, scope)
            where = self.interpreter.loc(node)
            images = _images_from_disk(where, False)
            carried = None
            inferred = python_value(kwargs.get("labels", Const("inferred"))) == "inferred"
            if inferred:  # from the folders, one class per folder
                mode = kwargs.get("label_mode", Const("int"))
                carried = _folder_labels(python_value(mode), where, _DIRECTORY_LABEL_MODES)
            return DataValue(replace(images, pipeline=True, carried_labels=carried))
        if path in ("utils.normalize",):
            args = self.interpreter.positional(node, scope)
            spec = args[0].spec if args and isinstance(args[0], DataValue) else DataSpec("unknown")
            return DataValue(replace(spec, scaled=True))
        if path in ("utils.to_categorical", "utils.np_utils.to_categorical", "ops.one_hot"):
            return self._one_hot(node, scope, ["x", "num_classes"])
        return None

    def _call_method(self, owner: Value, method: str, node: cst.Call, scope: Scope) -> Value | None:
        if method == "sum" and (owner is UNKNOWN or isinstance(owner, DataValue)):
            args, kwargs = self.interpreter.call_arguments(node, scope)
            if _along_an_axis(args, kwargs):
                return SumsValue(self.interpreter.loc(node))
            return UNKNOWN
        if isinstance(owner, SumsValue):
            self.interpreter.call_arguments(node, scope)
            return owner if method in ("reshape", "astype", "flatten", "ravel") else UNKNOWN
        if method == "reshape" and (owner is UNKNOWN or isinstance(owner, DataValue)):
            if (columns := self._reshaped_columns(node, scope)) is not None:
                # `y.reshape(-1, 1)`: whatever y was, it now has one column (`y.shape[1]` is 1).
                spec = owner.spec if isinstance(owner, DataValue) else DataSpec("unknown")
                if spec.label_format == "one_hot" and spec.classes != columns:
                    spec = spec.without_labels()
                return DataValue(replace(spec, columns=columns))
        if isinstance(owner, DataValue):
            if method in ("shuffle", "sample"):
                # A pipeline's shuffle(buffer), a DataFrame's sample(frac=1): rows in random
                # order (a shuffle of an array in place is read as a call of numpy's).
                self.interpreter.call_arguments(node, scope)
                return DataValue(replace(owner.spec, shuffled=True))
            if method in _PASS_THROUGH_METHODS:
                self.interpreter.call_arguments(node, scope)
                return owner
            if method == "apply":
                # `ds.apply(tf.data.experimental.ignore_errors())`: the older spelling of a
                # pass-through method. Any other transformation may change the values.
                self.interpreter.call_arguments(node, scope)
                given = node.args[0].value if len(node.args) == 1 else None
                kept = (
                    isinstance(given, cst.Call) and callee_tail(given.func) in _PASS_THROUGH_METHODS
                )
                return owner if kept else UNKNOWN
            if method == "map":
                args, kwargs = self.interpreter.call_arguments(node, scope)
                function = args[0] if args else kwargs.get("map_func", UNKNOWN)
                return self._mapped(owner, function, self.interpreter.loc(node))
            if method == "argmax" and owner.prediction is not None:
                args, kwargs = self.interpreter.call_arguments(node, scope)
                self._argmax_taken([owner, *args], kwargs, None, self.interpreter.loc(node))
                return UNKNOWN
            if method in ("max", "min", "nunique"):
                args, kwargs = self.interpreter.call_arguments(node, scope)
                if args or kwargs:
                    return UNKNOWN
                return _label_statistic(owner.spec, method, self.interpreter.loc(node))
            return UNKNOWN
        if isinstance(owner, ScalerValue) and method in (
            "flow",
            "flow_from_directory",
            "flow_from_dataframe",
        ):
            args, kwargs = self.interpreter.call_arguments(node, scope)
            self.pass_on(args[0] if args else UNKNOWN)
            if method == "flow" and args and isinstance(args[0], DataValue):
                data = args[0].spec
                labels = args[1] if len(args) > 1 else kwargs.get("y", UNKNOWN)
                carried = labels.spec if isinstance(labels, DataValue) else None
                scaled = data.scaled or owner.scales
                return DataValue(
                    replace(data, scaled=scaled, pipeline=True, carried_labels=carried)
                )
            where = self.interpreter.loc(node)
            if method == "flow":
                # Arrays whose origin is not known (a function's parameter, a file's rows):
                # what they hold is not known either.
                return DataValue(DataSpec("unknown", where, scaled=owner.scales, pipeline=True))
            images = _images_from_disk(where, owner.scales)
            carried = None
            mode = python_value(kwargs.get("class_mode", Const("categorical")))
            if method == "flow_from_directory":
                carried = _folder_labels(mode, where, _CLASS_MODES)
            if mode == "input":
                carried = images
            return DataValue(
                replace(images, pipeline=True, carried_labels=carried, reconstructs=mode == "input")
            )
        if isinstance(owner, ScalerValue) and owner.name == "Tokenizer":
            if method != "texts_to_sequences":
                return None
            self.interpreter.call_arguments(node, scope)
            # Word indices start at 1; read as labels (one word per sample), they are class ids
            # 1..k. Read as features, nothing is known of them.
            where = self.interpreter.loc(node)
            return DataValue(
                DataSpec(
                    "unknown",
                    where,
                    label_format="class_ids",
                    one_based=True,
                    origin=where,
                    token_ids=True,
                )
            )
        if isinstance(owner, ScalerValue) and owner.name != "Pipeline" and method == "fit":
            # scikit-learn's fit() returns the estimator: `StandardScaler().fit(x)` is a scaler.
            self.interpreter.call_arguments(node, scope)
            return owner
        if isinstance(owner, ScalerValue) and owner.name in _LABEL_ENCODERS:
            if method not in ("fit_transform", "transform"):
                return None
            args, _ = self.interpreter.call_arguments(node, scope)
            # A LabelEncoder gives class indices 0..k-1, a OneHotEncoder one column per class,
            # a MultiLabelBinarizer one 0/1 column per class with any number of 1s per row;
            # how many classes the data holds is not known.
            label_format = _LABEL_ENCODERS[owner.name]
            if label_format == "multi_hot" and _one_label_per_sample(node, args):
                label_format = "one_hot"
            where = self.interpreter.loc(node)
            return DataValue(DataSpec("unknown", where, label_format=label_format))
        if isinstance(owner, ScalerValue) and owner.name == "Pipeline" and method == "fit":
            # The pipeline's scaler standardises what its estimator (a Keras wrapper) trains on.
            args = self.interpreter.positional(node, scope)
            if args and owner.scales:
                self.pass_on(args[0])
            return UNKNOWN
        if isinstance(owner, ScalerValue) and method in ("fit_transform", "transform"):
            args = self.interpreter.positional(node, scope)
            if args and isinstance(args[0], DataValue):
                self.pass_on(args[0])
                # Scaled word ids are no longer ids: they are fractions an Embedding cuts to 0.
                return DataValue(replace(args[0].spec, scaled=True, token_ids=False))
            return DataValue(DataSpec("unknown", self.interpreter.loc(node), scaled=True))
        return None

    def _pipeline(self, qualified: str, node: cst.Call, scope: Scope) -> Value:
        """An sklearn pipeline, as a scaler when one of its steps scales (a StandardScaler
        before a KerasRegressor): what it is fitted on reaches the model scaled."""
        args, kwargs = self.interpreter.call_arguments(node, scope)
        if qualified.endswith("make_pipeline"):
            steps = list(args)
        else:
            given = args[0] if args else kwargs.get("steps", UNKNOWN)
            named = given.items if isinstance(given, ListValue) else []
            steps = [s.items[1] for s in named if isinstance(s, ListValue) and len(s.items) == 2]
        scales = any(isinstance(step, ScalerValue) and step.scales for step in steps)
        return ScalerValue("Pipeline", scales)

    def _reshaped_columns(self, node: cst.Call, scope: Scope) -> int | None:
        """The column count of `a.reshape(-1, k)` / `a.reshape((n, k))` when k is known."""
        args, kwargs = self.interpreter.call_arguments(node, scope)
        if kwargs:
            return None
        dims = python_value(args[0]) if len(args) == 1 else [python_value(a) for a in args]
        if not isinstance(dims, (list, tuple)) or len(dims) != 2:
            return None
        columns = dims[1]
        if isinstance(columns, bool) or not isinstance(columns, int) or columns < 1:
            return None
        return columns

    def binary(self, operator: str, left: Value, right: Value) -> Value | None:
        if operator == "Equal":
            # `y == 5` of class ids: a mask of the rows whose label is 5.
            value = number(right)
            if isinstance(left, DataValue) and left.spec.label_format == "class_ids":
                return None if value is None else RowMask(left, frozenset({value}))
            return None
        if operator == "Compare":
            # `(x[:, 0] + x[:, 1] > 0).astype("float32")`: an array of 0s and 1s, as labels
            # binary (one column when what was compared had one).
            compared = left if isinstance(left, DataValue) else right
            if not isinstance(compared, DataValue) or compared.spec.pipeline:
                return None
            other = right if compared is left else left
            if not isinstance(other, DataValue) and number(other) is None:
                return None
            spec = DataSpec(
                "literal",
                compared.spec.where,
                magnitude=1.0,
                label_format="binary",
                value_range=(0.0, 1.0),
                columns=compared.spec.columns,
                rows=compared.spec.rows,
            )
            return DataValue(spec)
        if isinstance(left, RowMask) and isinstance(right, RowMask):
            if left.labels is not right.labels or operator not in ("BitOr", "BitAnd"):
                return None
            keeps = left.keeps | right.keeps if operator == "BitOr" else left.keeps & right.keeps
            return RowMask(left.labels, keeps)
        if operator == "Divide" and isinstance(right, SumsValue):
            # `x / x.sum(axis=1, keepdims=True)`: scaled, and NaN wherever a row is all zeros.
            spec = left.spec if isinstance(left, DataValue) else DataSpec("unknown", right.where)
            if isinstance(left, DataValue):
                self.pass_on(left)
            elif left is not UNKNOWN:
                return None
            return DataValue(replace(spec, scaled=True, divided_by_sums=right.where))
        # Arithmetic on labels (`y - 1`, `y / 9`) leaves them something else as labels.
        if isinstance(left, DataValue):
            scaled = _scale_data(left.spec, operator, right)
            largest, factor = left.spec.largest_class_id, number(right)
            if (
                operator == "Divide"
                and left.spec.label_format == "class_ids"
                and largest is not None
                and largest >= 1
                and factor is not None
                and factor > largest
            ):
                scaled = replace(scaled, ids_divided_by=factor)
            if scaled.scaled and not left.spec.scaled:
                self.pass_on(left)
            return DataValue(scaled.without_labels())
        if isinstance(right, DataValue) and operator in ("Add", "Multiply"):
            return DataValue(_scale_data(right.spec, operator, left).without_labels())
        return None

    def _split(self, node: cst.Call, scope: Scope) -> Value:
        """`train_test_split(x, y)`: a train and a test part of each array, in order. Each part
        holds some of the rows: their scale is the array's, and of labels only what holds for
        any subset of the rows goes through."""
        args, kwargs = self.interpreter.call_arguments(node, scope)
        where = self.interpreter.loc(node)
        # It shuffles the rows unless told not to.
        shuffled = python_value(kwargs.get("shuffle", Const(True))) is not False
        parts: list[Value] = []
        for array in args:
            part = DataSpec("unknown", where, shuffled=shuffled)
            if isinstance(array, DataValue) and not array.spec.pipeline:
                rows = array.spec.some_rows() if array.spec.knows_labels else array.spec
                part = replace(
                    rows,
                    where=where,
                    rows=None,
                    length=None,
                    carried_labels=None,
                    shuffled=shuffled,
                )
            parts += [DataValue(part), DataValue(part)]
        return ListValue(parts)

    def _sklearn_dataset(self, name: str, node: cst.Call, scope: Scope) -> Value:
        """`load_iris()`, `fetch_california_housing()`, ...: features on their documented scale
        (`.data`, or the first of `return_X_y=True`'s pair); nothing is known of the target."""
        _, kwargs = self.interpreter.call_arguments(node, scope)
        where = self.interpreter.loc(node)
        features = DataValue(
            DataSpec(
                "dataset",
                where,
                feature_max_abs=list(_SKLEARN_FEATURE_MAX[name]),
                dataset=name.removeprefix("load_").removeprefix("fetch_"),
                origin=where,
            )
        )
        if python_value(kwargs.get("return_X_y", Const(False))) is True:
            return ListValue([features, DataValue(DataSpec("unknown", where))])
        return features

    def _padded(self, node: cst.Call, scope: Scope) -> Value:
        """`pad_sequences(sequences, maxlen, ..., padding="post")`: word or step ids padded at
        their end, nothing else known of them. Padded in front (the default), not followed."""
        bound = self.interpreter.bind(
            node, scope, ["sequences", "maxlen", "dtype", "padding", "truncating", "value"]
        )
        padding = bound.get("padding")
        sequences = bound.get("sequences")
        token_ids = (
            sequences is not None
            and isinstance(sequences.value, DataValue)
            and sequences.value.spec.token_ids
        )
        where = self.interpreter.loc(node)
        if padding is None or string(padding.value) != "post":
            return DataValue(DataSpec("unknown", where, token_ids=True)) if token_ids else UNKNOWN
        maxlen = number(bound["maxlen"].value) if "maxlen" in bound else None
        length = int(maxlen) if maxlen is not None and maxlen >= 1 else None
        return DataValue(
            DataSpec(
                "unknown",
                where,
                padded_at_end=padding.where,
                padded_length=length,
                padded_with_zero="value" not in bound or number(bound["value"].value) == 0,
                token_ids=token_ids,
            )
        )

    def _one_hot(self, node: cst.Call, scope: Scope, positional: list[str]) -> DataValue:
        """`to_categorical(y, num_classes)`, `tf.one_hot(y, depth)`: one column per class; how
        many is the count given, else the labels' own when known."""
        bound = self.interpreter.bind(node, scope, positional)
        labels = bound.get(positional[0])
        count = bound.get(positional[1])
        classes: int | None = None
        if count is not None:
            given = number(count.value)
            classes = int(given) if given is not None and given >= 1 else None
        elif labels is not None and isinstance(labels.value, DataValue):
            largest = labels.value.spec.largest_class_id
            known = labels.value.spec.label_format == "class_ids"
            classes = largest + 1 if known and largest is not None else None
        where = self.interpreter.loc(node)
        divided = (
            labels.value.spec.ids_divided_by
            if labels is not None and isinstance(labels.value, DataValue)
            else None
        )
        return DataValue(
            DataSpec(
                "unknown",
                where,
                scaled=True,
                label_format="one_hot",
                classes=classes,
                value_range=(0.0, 1.0),
                ids_divided_by=divided,  # each row is class 0's
            )
        )

    def _dataset(self, node: cst.Call, scope: Scope, source: str) -> DataValue:
        """`tf.data.Dataset.from_tensor_slices((x, y))`: a pipeline whose features are x. Its
        elements come in the rows' order, shuffled only if the arrays were; `zip` of pipelines
        keeps their order, and `from_tensors` makes one element (one batch of everything)."""
        args = self.interpreter.positional(node, scope)
        tensors = args[0] if args else UNKNOWN
        self.pass_on(tensors)
        features = tensors.items[0] if isinstance(tensors, ListValue) and tensors.items else tensors
        labels = (
            tensors.items[1]
            if isinstance(tensors, ListValue) and len(tensors.items) == 2
            else UNKNOWN
        )
        carried = labels.spec if isinstance(labels, DataValue) else None
        where = self.interpreter.loc(node)
        parts = [p.spec for p in _leaves(tensors) if isinstance(p, DataValue)]
        shuffled = any(p.shuffled for p in parts)
        slices: Located | None = None
        if source == "from_tensor_slices" and not _typed_in(tensors):
            # Rows typed into the code are a handful, their order in plain sight.
            slices = where
        elif source == "zip":
            slices = next((p.slices for p in parts if p.slices is not None), None)
        spec = features.spec if isinstance(features, DataValue) else DataSpec("unknown", where)
        # One array sliced alone carries no labels; a zip of pipelines may join some to it.
        unlabelled = source == "from_tensor_slices" and isinstance(tensors, DataValue)
        return DataValue(
            replace(
                spec,
                pipeline=True,
                carried_labels=carried,
                shuffled=shuffled,
                slices=slices,
                unlabelled=unlabelled,
            )
        )

    def _mapped(self, data: DataValue, function: Value, where: Located) -> DataValue:
        """A pipeline's features after `.map(function)`: what the function returns first; its
        labels, what it returns second (unknown when the function is not the file's)."""
        self.pass_on(data)
        result: Value = UNKNOWN
        carried: DataSpec | None = None
        pairs = False  # the function returns (features, labels): labels ride along now
        if isinstance(function, (FunctionValue, BoundMethod)):
            plain = function.function if isinstance(function, BoundMethod) else function
            count = positional_arguments(function)
            # Elements of a (features, labels) pipeline come as one argument each.
            features = DataValue(replace(data.spec, carried_labels=None))
            labels = data.spec.carried_labels
            args: list[Value] = [features, *([UNKNOWN] * (count - 1))]
            if labels is not None and count >= 2:
                args[1] = DataValue(labels)
            owner = function.obj if isinstance(function, BoundMethod) else None
            result = self.interpreter.call_function(plain, args, {}, self_value=owner)
            # The labels it returns, as it returns them (`lambda x, y: (x / 255, y)`).
            returned = result.items if isinstance(result, ListValue) else []
            pairs = len(returned) >= 2
            if len(returned) == 2 and isinstance(returned[1], DataValue):
                carried = returned[1].spec
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
        # A map changes elements, never their order.
        spec = result.spec if isinstance(result, DataValue) else DataSpec("unknown", where)
        return DataValue(
            replace(
                spec,
                pipeline=True,
                carried_labels=carried if isinstance(result, DataValue) else None,
                shuffled=data.spec.shuffled,
                slices=data.spec.slices,
                unlabelled=data.spec.unlabelled and not pairs,
            )
        )

    def _array_call(self, qualified: str, node: cst.Call, scope: Scope) -> Value:
        """numpy, pandas and tf.constant calls: the array they make and its magnitude."""
        args, kwargs = self.interpreter.call_arguments(node, scope)
        name = qualified.rpartition(".")[2]
        where = self.interpreter.loc(node)
        if name == "argmax":
            self._argmax_taken(args, kwargs, None, where)
        summed = args[0] if args else None
        if name in ("sum", "norm") and (summed is UNKNOWN or isinstance(summed, DataValue)):
            # np.sum(x, axis=1), np.linalg.norm(x, axis=1): 0 for a row of zeros.
            after_array = args[1:] if name == "sum" else args[2:]  # norm(x, ord, axis)
            if _along_an_axis(after_array, kwargs):
                return SumsValue(where)
        if isinstance(summed, SumsValue):
            keeps = ("array", "asarray", "expand_dims", "reshape", "float32", "float64")
            return summed if name in keeps else UNKNOWN
        if name in ("DataFrame", "Series") and args and isinstance(args[0], DataValue):
            # The same rows as a table; `columns=` may pick some of a table's columns, whose
            # largest values are then not known.
            picked = "columns" in kwargs and args[0].spec.feature_max_abs is not None
            return DataValue(replace(args[0].spec, feature_max_abs=None)) if picked else args[0]
        if name in ("array", "asarray", "constant", "convert_to_tensor", "float32", "float64"):
            if args and isinstance(args[0], DataValue):
                return args[0]
            if args and isinstance(args[0], ListValue) and args[0].items:
                if (joined := _joined(args[0].items, stacked=True)) is not None:
                    return joined
                if args[0].truncated:
                    # Only the first items were read (np.array(range(200))): the values reach
                    # the sequence's bound when it is known; nothing is known of them as labels.
                    bound = args[0].bound
                    maxima = [bound] if bound is not None else None
                    return DataValue(
                        DataSpec("literal", where, feature_max_abs=maxima, origin=where)
                        if maxima is not None
                        else DataSpec("unknown", where, origin=where)
                    )
            literal = python_value(args[0]) if args else UNKNOWN
            if isinstance(literal, list):
                return DataValue(
                    _literal_labels(
                        DataSpec(
                            "literal",
                            where,
                            feature_max_abs=_feature_max_abs(literal),
                            origin=where,
                            written=_written_rows(literal),
                        ),
                        literal,
                    )
                )
            return DataValue(DataSpec("unknown", where, origin=where))
        if name in ("where", "nonzero", "flatnonzero") and len(args) == 1 and not kwargs:
            if isinstance(args[0], RowMask):
                return args[0]  # the rows of the mask, as indices
        if name in ("logical_or", "isin", "in1d"):
            if (mask := _label_mask(name, args)) is not None:
                return mask
        if (labels := _label_array_call(name, args, kwargs, where)) is not None:
            return labels
        if name in _FILE_READERS:
            # The file's values are not known: they may be scaled already, or not at all.
            path = python_value(args[0]) if args else None
            known = path if isinstance(path, str) else None
            return DataValue(DataSpec("file", where, origin=where, path=known))
        if name in ("default_rng", "RandomState", "Generator"):
            # A generator draws as numpy.random does: rng.integers(0, 256) is read as such.
            return Ref("numpy.random")
        if qualified.startswith("numpy.random."):
            magnitude = _random_magnitude(name, args, kwargs)
            random = DataSpec(
                "random",
                where,
                magnitude=magnitude,
                span=_random_span(name, args, kwargs),
                origin=where,
                rows=_random_rows(name, args, kwargs),
                shuffled=True,  # drawn at random: in no order of label
            )
            return DataValue(_random_labels(random, name, args, kwargs))
        if name in ("eye", "identity") and args and (size := number(args[0])) is not None:
            # `np.eye(k)[y]`: rows of the identity picked by class ids are one-hot labels.
            return DataValue(
                DataSpec(
                    "random",
                    where,
                    magnitude=1.0,
                    origin=where,
                    label_format="one_hot",
                    classes=int(size),
                    value_range=(0.0, 1.0),
                )
            )
        if name in ("zeros", "ones", "zeros_like", "ones_like", "eye", "identity"):
            return DataValue(DataSpec("random", where, magnitude=1.0, origin=where))
        if name in ("linspace", "arange"):
            ends = [b for a in args[:2] if (b := number(a)) is not None]
            span = (min(ends), max(ends)) if len(ends) == 2 and len(args) >= 2 else None
            whole = all(isinstance(python_value(a), int) for a in args[:2])
            if name == "arange" and span is not None and len(args) == 2 and whole:
                span = (span[0], span[1] - 1)  # `arange(1, 11)` stops before 11
            return DataValue(
                DataSpec(
                    "random",
                    where,
                    magnitude=max(abs(b) for b in ends) if ends else None,
                    span=span,
                    origin=where,
                )
            )
        if name in ("hstack", "vstack", "concatenate", "stack", "column_stack"):
            parts = args[0].items if args and isinstance(args[0], ListValue) else []
            stacked = name in ("vstack", "stack", "column_stack")
            return _joined(parts, stacked) or DataValue(DataSpec("unknown", where))
        if name in ("expand_dims", "squeeze", "reshape", "transpose", "copy"):
            if args and isinstance(args[0], DataValue):
                return args[0]
            # A list of arrays is joined first, as np.array does: `np.reshape(images, ...)` of
            # a list of images read from disk is those images. (A list of numbers is left
            # unknown: its features move with the new shape.)
            if args and isinstance(args[0], ListValue) and args[0].items:
                if (joined := _joined(args[0].items, stacked=True)) is not None:
                    return joined
        return DataValue(DataSpec("unknown", where, origin=where))


@functools.lru_cache(maxsize=1024)
def standardizes_input(node: cst.ClassDef) -> bool:
    """Whether a Keras layer class of the file standardises or rescales its input: it learns
    statistics in an adapt() method, like Normalization, or its call() divides. Cached by the
    class's node (nodes compare by identity): a ResNet's block class is made hundreds of
    times, and each walk of its call() costs what reading the whole file does."""
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


def _along_an_axis(args: Sequence[Value], kwargs: dict[str, Value]) -> bool:
    """Whether a sum's or norm's arguments (after the array) name an axis: sums per row or
    column, not one sum of everything."""
    axis = kwargs.get("axis", args[0] if args else None)
    return axis is not None and isinstance(python_value(axis), (int, tuple, list))


def _joined(parts: Sequence[Value], stacked: bool = False) -> DataValue | None:
    """Arrays joined into one (np.concatenate, np.array of a list of arrays), if all are known;
    labels stay what they were only when every part is the same kind of labels, and the parts
    are put end to end: arrays stacked as rows (np.array of a list of `[1, 0]` rows, np.stack)
    are not the labels each of them was."""
    datas = [p.spec for p in parts if isinstance(p, DataValue)]
    if datas and len(datas) == len(parts):
        # A part not understood (made by a call Defib does not follow) may be scaled: unless
        # it is known to be, it does not make the others' scaling unknown.
        scaled = any(d.scaled for d in datas) and all(
            d.scaled for d in datas if d.source != "unknown"
        )
        joined = replace(
            datas[0],
            scaled=scaled,
            length=None,
            rows=None,
            # Parts put one after the other (one class's rows, then the next's) are in order.
            shuffled=datas[0].shuffled and len(datas) == 1,
        )
        kind = (joined.label_format, joined.classes, joined.value_range)
        same = all((d.label_format, d.classes, d.value_range) == kind for d in datas)
        return DataValue(joined if same and not stacked else joined.without_labels())
    return None


def data_of(arg: BoundArgument) -> DataSpec:
    """What is known of the array an argument passes (to fit(), say)."""
    value = arg.value
    if isinstance(value, DataValue):
        return value.spec
    literal = python_value(value)
    if isinstance(literal, list) and literal:
        return _literal_labels(
            DataSpec(
                "literal",
                arg.where,
                feature_max_abs=_feature_max_abs(literal),
                origin=arg.where,
                written=_written_rows(literal),
            ),
            literal,
        )
    return DataSpec("unknown", arg.where)


def _written_rows(rows: list[object]) -> tuple[tuple[float, ...], ...] | None:
    """The rows of an array written out as a list of numbers, or of lists of numbers (up to
    10,000 numbers, all finite); None for anything else."""
    if not rows or len(rows) > 10_000:
        return None
    if all(isinstance(row, list) for row in rows):
        lists: list[list[object]] = rows  # type: ignore[assignment]
    elif not any(isinstance(row, list) for row in rows):
        lists = [[row] for row in rows]  # one feature
    else:
        return None
    if sum(len(row) for row in lists) > 10_000:
        return None
    written: list[tuple[float, ...]] = []
    for row in lists:
        if not row:
            return None
        numbers: list[float] = []
        for v in row:
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
                return None
            numbers.append(float(v))
        written.append(tuple(numbers))
    return tuple(written)


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

    if not visit(rows) or not all(math.isfinite(m) for m in maxima):
        return None  # `float("inf")` or NaN: a mask or a sentinel, not a scale
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

    # A bounded draw (rand, uniform, randint, integers) is as large as its farther end.
    span = _random_span(name, args, kwargs)
    if span is not None:
        return max(abs(span[0]), abs(span[1]))
    if name in ("randn", "standard_normal"):
        return 3.0
    if name == "normal":
        loc, scale = arg(0, "loc", 0.0), arg(1, "scale", 1.0)
        return abs(loc) + 3 * abs(scale) if loc is not None and scale is not None else None
    return None


def _scale_data(spec: DataSpec, operator: str, other: Value) -> DataSpec:
    """The array `spec` after an arithmetic `operator` with `other` (x / 255, x * 2, ...)."""
    factor = number(other)
    spec = replace(spec, recoded=True)
    spanned = _spanned(spec.span, operator, factor)
    if spanned is not None:
        largest = max(abs(spanned[0]), abs(spanned[1]))
        scaled = spec.scaled or operator in ("Divide", "FloorDivide")
        return replace(spec, span=spanned, magnitude=largest, scaled=scaled)
    spec = replace(spec, span=None)
    if operator in ("Divide", "FloorDivide"):
        magnitude = spec.magnitude / abs(factor) if spec.magnitude is not None and factor else None
        maxima = (
            [m / abs(factor) for m in spec.feature_max_abs]
            if spec.feature_max_abs and factor
            else None
        )
        return replace(
            spec, scaled=True, magnitude=magnitude, feature_max_abs=maxima, token_ids=False
        )
    if operator == "Multiply" and factor is not None:
        magnitude = spec.magnitude * abs(factor) if spec.magnitude is not None else None
        maxima = [m * abs(factor) for m in spec.feature_max_abs] if spec.feature_max_abs else None
        return replace(spec, magnitude=magnitude, feature_max_abs=maxima)
    if operator in ("Add", "Subtract") and factor is not None and spec.magnitude is not None:
        return replace(spec, magnitude=spec.magnitude + abs(factor))
    if operator == "Subtract" and factor is None:
        return replace(spec, centred=True)  # a mean, most often: the scale stays
    # Anything else unknown leaves the scale as it was.
    return spec


def _spanned(
    span: tuple[float, float] | None, operator: str, factor: float | None
) -> tuple[float, float] | None:
    """The smallest and largest value after `operator` with the number `factor`, when both
    are known and the operator is one of the four that keep them known."""
    if span is None or factor is None:
        return None
    low, high = span
    if operator == "Add":
        return low + factor, high + factor
    if operator == "Subtract":
        return low - factor, high - factor
    if operator == "Multiply":
        ends = (low * factor, high * factor)
    elif operator in ("Divide", "FloorDivide") and factor:
        ends = (low / factor, high / factor)
    else:
        return None
    return min(ends), max(ends)


def _random_span(
    name: str, args: list[Value], kwargs: dict[str, Value]
) -> tuple[float, float] | None:
    """The smallest and largest value `numpy.random.<name>(...)` can draw, when bounded."""
    if name in ("rand", "random", "random_sample", "sample"):
        return 0.0, 1.0
    if name not in ("uniform", "randint", "integers"):
        return None
    positional = [number(a) for a in args[:2]]
    low = number(kwargs["low"]) if "low" in kwargs else (positional[0] if positional else 0.0)
    high = (
        number(kwargs["high"])
        if "high" in kwargs
        else (positional[1] if len(positional) > 1 else 1.0)
    )
    if name != "uniform" and len(args) == 1 and "high" not in kwargs:
        low, high = 0.0, low
    if low is None or high is None:
        return None
    return min(low, high), max(low, high)


# How many samples the train and test parts of keras.datasets hold (default arguments).
_DATASET_ROWS = {
    "mnist": (60000, 10000),
    "fashion_mnist": (60000, 10000),
    "cifar10": (50000, 10000),
    "cifar100": (50000, 10000),
    "imdb": (25000, 25000),
    "reuters": (8982, 2246),
    "boston_housing": (404, 102),
    "california_housing": (16512, 4128),
}


def _random_rows(name: str, args: list[Value], kwargs: dict[str, Value]) -> int | None:
    """How many samples `numpy.random.<name>(...)` draws: the first of its dimensions."""
    if name in ("rand", "randn"):
        size: object = python_value(args[0]) if args else UNKNOWN
    elif "size" in kwargs:
        size = python_value(kwargs["size"])
    else:
        position = {"random": 0, "random_sample": 0, "sample": 0, "choice": 1, "poisson": 1}
        two_before = ("randint", "integers", "normal", "uniform", "binomial")
        index = position.get(name, 2 if name in two_before else None)
        size = python_value(args[index]) if index is not None and len(args) > index else UNKNOWN
    if isinstance(size, list) and size:
        size = size[0]
    return size if isinstance(size, int) and not isinstance(size, bool) and size > 0 else None


def _loaded_dataset(name: str, where: Located, coarse: bool = False) -> Value:
    """What `keras.datasets.<name>.load_data()` returns: ((x, y), (x, y)) with Keras's scale,
    and labels as Keras documents them (`coarse`: cifar100's 20 super-classes)."""
    image = name in kn.IMAGE_DATASETS
    magnitude = 255.0 if image else (711.0 if name == "boston_housing" else None)

    def features(rows: int | None) -> DataValue:
        return DataValue(
            DataSpec(
                "dataset",
                where,
                magnitude=magnitude,
                dataset=name,
                is_image_dataset=image,
                origin=where,
                rows=rows,
                shuffled=True,
                token_ids=name in kn.TEXT_DATASETS,
                ragged=name in kn.TEXT_DATASETS,
            )
        )

    classes = 20 if coarse else _DATASET_CLASSES.get(name)
    label_format: LabelFormat = "unknown"
    value_range: tuple[float, float] | None = None
    # Prices whose range Keras documents, followed through arithmetic as the code's own
    # random arrays are; the others are left as scaled, since nothing is known of them.
    prices = _DATASET_TARGET_SPANS.get(name)
    if classes is not None:
        label_format, value_range = "class_ids", (0.0, float(classes - 1))
    elif name in kn.TABULAR_DATASETS:
        label_format = "continuous"

    def labels(rows: int | None) -> DataValue:
        return DataValue(
            DataSpec(
                "dataset",
                where,
                scaled=prices is None,
                span=prices,
                magnitude=prices[1] if prices is not None else None,
                dataset=name,
                origin=where,
                label_format=label_format,
                classes=classes,
                value_range=value_range,
                rows=rows,
                shuffled=True,
            )
        )

    train, test = _DATASET_ROWS.get(name, (None, None))
    return ListValue(
        [ListValue([features(train), labels(train)]), ListValue([features(test), labels(test)])]
    )


# The labels a folder of images is read with, one class per sub-folder (how many is not
# known): ImageDataGenerator.flow_from_directory's class_mode (default "categorical") and
# image_dataset_from_directory's label_mode (default "int").
_CLASS_MODES: dict[object, LabelFormat] = {
    "categorical": "one_hot",
    "binary": "class_ids",
    "sparse": "class_ids",
}
_DIRECTORY_LABEL_MODES: dict[object, LabelFormat] = {
    "int": "class_ids",
    "categorical": "one_hot",
    "binary": "class_ids",
}


def _folder_labels(
    mode: object, where: Located, modes: dict[object, LabelFormat]
) -> DataSpec | None:
    """The labels of a folder of images read in `mode`; None for no labels or a mode not known."""
    label_format = modes.get(mode) if isinstance(mode, str) else None
    if label_format is None:
        return None
    binary = mode == "binary"
    return DataSpec(
        "unknown",
        where,
        label_format=label_format,
        classes=2 if binary else None,
        value_range=(0.0, 1.0) if binary or label_format == "one_hot" else None,
    )


# The smallest and largest target of a keras.datasets regression set, as Keras documents it
# (boston_housing: median home values in thousands of dollars).
_DATASET_TARGET_SPANS: dict[str, tuple[float, float]] = {"boston_housing": (5.0, 50.0)}
# How many classes the labels of keras.datasets hold: integer class ids, 0 to count - 1
# (imdb's are 0/1 sentiment; boston_housing and california_housing are prices).
_DATASET_CLASSES = {
    "mnist": 10,
    "fashion_mnist": 10,
    "cifar10": 10,
    "cifar100": 100,
    "imdb": 2,
    "reuters": 46,
}


def _random_labels(
    spec: DataSpec, name: str, args: list[Value], kwargs: dict[str, Value]
) -> DataSpec:
    """What numpy's random integers are as labels: `randint(0, k, n)` or `integers(0, k, size=n)`
    in one column are class ids 0..k-1; 0/1 values in unknown or several columns are binary."""
    if name in ("rand", "random", "random_sample", "sample", "randn", "normal", "uniform"):
        return replace(spec, label_format="continuous")
    if name not in ("randint", "integers"):
        return spec
    low: float | None
    high: float | None
    if len(args) == 1 and "high" not in kwargs:
        low, high = 0.0, number(args[0])
    else:
        low = number(args[0]) if args else number(kwargs.get("low", UNKNOWN))
        high = number(args[1]) if len(args) > 1 else number(kwargs.get("high", UNKNOWN))
    if low is None or high is None or low < 0 or high <= low:
        return spec
    if name == "integers" and python_value(kwargs.get("endpoint", Const(False))) is True:
        high += 1
    largest = high - 1
    size = python_value(kwargs["size"]) if "size" in kwargs else UNKNOWN
    if "size" not in kwargs and len(args) > 2:
        size = python_value(args[2])
    dims = [size] if isinstance(size, int) else size
    one_column = isinstance(dims, list) and (len(dims) == 1 or (len(dims) == 2 and dims[1] == 1))
    if one_column:
        return replace(
            spec, label_format="class_ids", classes=int(high), value_range=(low, largest)
        )
    if low == 0 and largest == 1:
        return replace(spec, label_format="binary", value_range=(0.0, 1.0))
    return spec


# From this many labels, each number once is a sequence of numbers rather than classes.
_ONCE_EACH = 5


def _literal_labels(spec: DataSpec, rows: list[object]) -> DataSpec:
    """What a literal array is as labels: whole numbers in one column are class ids (unless
    each occurs once and none is 0 or 1, or there are 5 or more), rows with a single 1 among
    0s are one-hot, other 0/1 rows binary, other numbers continuous."""
    flat: list[float] = []
    widths: set[int] = set()
    one_hot = True
    for row in rows[:10_000]:
        items = row if isinstance(row, list) else [row]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in items):
            return spec
        numbers = [float(v) for v in items]  # type: ignore[arg-type]
        widths.add(len(numbers))
        one_hot = one_hot and sorted(numbers) == [0.0] * (len(numbers) - 1) + [1.0]
        flat.extend(numbers)
    if not flat or len(widths) != 1 or not all(math.isfinite(v) for v in flat):
        return spec  # `float("inf")` or NaN among them: no class ids, no one-hot rows
    width = widths.pop()
    low, high = min(flat), max(flat)
    whole = all(v.is_integer() for v in flat)
    if width == 1 and whole and low >= 0:
        if len(set(flat)) == len(flat) and (low >= 2 or len(flat) >= _ONCE_EACH):
            # `y = [4, 5, 6, ..., 10]` or `y = [1, 2, ..., 10]` (a first regression, `y = x`):
            # each number once, so no class among them has a second sample. Numbers, not
            # classes; a few (`[0, 1, 2]`, one sample of each class) may be classes.
            return replace(spec, value_range=(low, high))
        return replace(
            spec, label_format="class_ids", classes=int(high) + 1, value_range=(low, high)
        )
    if width > 1 and one_hot:
        return replace(spec, label_format="one_hot", classes=width, value_range=(0.0, 1.0))
    if set(flat) <= {0.0, 1.0}:
        return replace(spec, label_format="binary", value_range=(0.0, 1.0))
    if width == 1 and not whole:
        return replace(spec, label_format="continuous", value_range=(low, high))
    return spec


def _one_label_per_sample(node: cst.Call, args: list[Value]) -> bool:
    """Whether a MultiLabelBinarizer is given one label per sample (`[[label] for label in
    labels]`, or class ids), so that its rows are one-hot."""
    if args and isinstance(args[0], DataValue) and args[0].spec.label_format == "class_ids":
        return True
    given = node.args[0].value if node.args else None
    return (
        isinstance(given, cst.ListComp)
        and isinstance(given.elt, (cst.List, cst.Tuple))
        and len(given.elt.elements) == 1
    )


def _label_mask(name: str, args: list[Value]) -> RowMask | None:
    """`np.logical_or(y == 1, y == 5)` or `np.isin(y, [1, 5])` of class ids: a row mask."""
    if name == "logical_or" and len(args) == 2:
        left, right = args
        if isinstance(left, RowMask) and isinstance(right, RowMask) and left.labels is right.labels:
            return RowMask(left.labels, left.keeps | right.keeps)
        return None
    if len(args) != 2 or not isinstance(args[0], DataValue):
        return None
    if args[0].spec.label_format != "class_ids":
        return None
    values = python_value(args[1])
    if not isinstance(values, list) or not values:
        return None
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if len(numbers) != len(values):
        return None
    return RowMask(args[0], frozenset(float(v) for v in numbers))


# The argmax functions of TensorFlow and Keras with the axis each takes by default: 0 for
# tf.argmax, the last for Keras's backend, all values (None) for keras.ops.
_TF_ARGMAX: dict[str, int | None] = {"tensorflow.argmax": 0, "tensorflow.math.argmax": 0}
_KERAS_ARGMAX: dict[str, int | None] = {"ops.argmax": None, "backend.argmax": -1}


def _label_array_call(
    name: str, args: list[Value], kwargs: dict[str, Value], where: Located
) -> Value | None:
    """numpy and pandas calls that read or make labels: `np.unique(y)` (as many items as
    classes), `np.max(y)`, `np.argmax(one_hot, axis=1)`, `pd.get_dummies(column)`."""
    first = args[0] if args else UNKNOWN
    labels = first.spec if isinstance(first, DataValue) else None
    if name == "get_dummies":
        return DataValue(DataSpec("unknown", where, label_format="one_hot", value_range=(0.0, 1.0)))
    if labels is None:
        return None
    if name == "unique":
        if any(key.startswith("return_") for key in kwargs) or len(args) > 1:
            return UNKNOWN
        count = labels.classes if labels.label_format == "class_ids" else None
        exact = labels.dataset is not None or labels.source in ("literal", "random")
        return DataValue(DataSpec("unknown", where, length=count if exact else None))
    if name in ("max", "amax", "min", "amin") and len(args) == 1 and not kwargs:
        return _label_statistic(labels, name.removeprefix("a"), where)
    if name == "argmax" and labels.label_format == "one_hot":
        axis = number(kwargs.get("axis", args[1] if len(args) > 1 else UNKNOWN))
        if axis in (1.0, -1.0):
            largest = labels.largest_class_id
            return DataValue(
                DataSpec(
                    "unknown",
                    where,
                    label_format="class_ids",
                    classes=labels.classes,
                    value_range=(0.0, float(largest)) if largest is not None else None,
                )
            )
    return None


def _label_statistic(labels: DataSpec, name: str, where: Located) -> Value:
    """`y.max()`, `y.min()`, `y.nunique()` of labels whose values are known; else unknown."""
    if labels.label_format != "class_ids" or labels.value_range is None:
        return UNKNOWN
    low, high = labels.value_range
    if name == "max":
        return Const(int(high), where)
    if name == "min":
        return Const(int(low), where)
    if name == "nunique" and labels.classes is not None and low == 0:
        return Const(labels.classes, where)
    return UNKNOWN


def _images_from_disk(where: Located, scaled: bool) -> DataSpec:
    """Images read from files arrive with pixel values up to 255."""
    return DataSpec(
        "dataset", where, scaled=scaled, magnitude=255.0, is_image_dataset=True, origin=where
    )


def _typed_in(value: Value, depth: int = 0) -> bool:
    """Whether any column of a Dataset's tensors is rows typed into the code: a list of
    numbers or strings, or an array made from one."""
    if isinstance(value, DataValue):
        return value.spec.source == "literal"
    if isinstance(value, ListValue) and _plain_rows(python_value(value)):
        return True
    if depth < 3 and isinstance(value, (ListValue, DictValue)):
        items = value.items if isinstance(value, ListValue) else list(value.items.values())
        return any(_typed_in(item, depth + 1) for item in items)
    return False


def _plain_rows(rows: object) -> bool:
    """A non-empty (nested) list of numbers and strings only."""
    if not isinstance(rows, list) or not rows:
        return False
    return all(
        _plain_rows(row) if isinstance(row, list) else isinstance(row, (int, float, str))
        for row in rows
    )


def _leaves(value: Value, depth: int = 0) -> list[Value]:
    """The values a tuple, list or dict of arrays holds (a dict of feature columns, say)."""
    if depth > 3:
        return []
    if isinstance(value, ListValue):
        return [leaf for item in value.items for leaf in _leaves(item, depth + 1)]
    if isinstance(value, DictValue):
        return [leaf for item in value.items.values() for leaf in _leaves(item, depth + 1)]
    return [value]


# Calls that put rows in random order, whatever they are called on: `np.random.shuffle`,
# `sklearn.utils.shuffle`, `tf.random.shuffle`, a Dataset's or a Hugging Face data set's
# `.shuffle()`, `np.random.permutation`, a helper of the file named for it (`shuffle_data`).
_SHUFFLING_NAMES = ("shuffle", "permut")


def shuffles_rows(modules: Sequence[cst.Module]) -> bool:
    """Whether the code anywhere puts rows in random order: a call named for shuffling or
    permuting, `train_test_split` (which shuffles unless `shuffle=False`), a DataFrame's
    `.sample(frac=...)`, or a `shuffle=` argument that is not `False`. Read from the syntax,
    so a shuffle of arrays whose values are not followed still counts."""
    finder = _ShuffleFinder()
    for module in modules:
        module.visit(finder)
        if finder.found:
            return True
    return False


class _ShuffleFinder(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found = False

    def visit_Call(self, node: cst.Call) -> bool:
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else None
        if isinstance(func, cst.Name):
            name = func.value
        keywords = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
        given = keywords.get("shuffle")
        unshuffled = isinstance(given, cst.Name) and given.value == "False"
        lowered = (name or "").lower()
        self.found = self.found or (
            any(word in lowered for word in _SHUFFLING_NAMES)
            or (name == "train_test_split" and not unshuffled)
            or (name == "sample" and "frac" in keywords)
            # fit()'s own `shuffle=True` shuffles arrays, never a Dataset: it is no sign.
            or (given is not None and not unshuffled and name != "fit")
        )
        return not self.found
