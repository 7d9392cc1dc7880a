"""What an imported name means to Keras.

The extractor resolves every name through the file's imports to a qualified name such as
`tensorflow.keras.layers.Dense`. This module says what such a name is: a layer class, a model
constructor, an optimizer, a loss, an activation, an initialiser or a data set. A name that was
not imported from Keras (a local `class Dense`, `from mylib import Sequential`) is never Keras.
"""

from __future__ import annotations

import functools
import re

_KERAS_PREFIXES = (
    "tensorflow.python.keras.",
    "tensorflow.keras.",
    "tf_keras.",
    "keras.src.",
    "keras.api.",
    "keras._tf_keras.keras.",
    "keras.",
    "keras_core.",  # Keras 3's preview release (2023), the same API under another name
)


# TensorFlow 2's short names for Keras's modules: `tf.optimizers.RMSprop` is
# `tf.keras.optimizers.RMSprop`.
_TF_KERAS_ALIASES = (
    "tensorflow.optimizers.",
    "tensorflow.losses.",
    "tensorflow.metrics.",
    "tensorflow.initializers.",
)


@functools.lru_cache(maxsize=4096)  # called for every attribute and call the engine reads
def keras_path(qualified: str) -> str | None:
    """`tensorflow.keras.layers.Dense` -> `layers.Dense`; None when it is not a Keras name."""
    for prefix in _KERAS_PREFIXES:
        if qualified.startswith(prefix):
            return qualified[len(prefix) :]
    if qualified.startswith(_TF_KERAS_ALIASES):
        return qualified[len("tensorflow.") :]
    return None


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


# --- layers ---------------------------------------------------------------------------------

# The kind given to `tensorflow_hub.KerasLayer`: an opaque layer whose image models, by TF Hub's
# convention, take pixels in [0, 1].
HUB_LAYER = "hub.KerasLayer"

# keras.applications models whose own preprocess_input wants pixels rescaled, to [-1, 1] ("tf"
# mode) or to [0, 1] and standardised ("torch" mode). The others take 0-255 pixels: VGG and
# ResNet v1 subtract a mean ("caffe" mode); EfficientNet, EfficientNetV2, ConvNeXt, RegNet,
# ResNetRS and MobileNetV3 rescale inside the model.
_SCALED_PIXEL_APPLICATIONS = frozenset(
    {
        "Xception",
        "InceptionV3",
        "InceptionResNetV2",
        "MobileNet",
        "MobileNetV2",
        "NASNetMobile",
        "NASNetLarge",
        "ResNet50V2",
        "ResNet101V2",
        "ResNet152V2",
        "DenseNet121",
        "DenseNet169",
        "DenseNet201",
    }
)


def application(path: str) -> str | None:
    """`applications.mobilenet_v2.MobileNetV2` -> the layer kind given to that pretrained
    model used as a layer, `applications.MobileNetV2`; None for anything else."""
    if not path.startswith("applications."):
        return None
    name = path.rpartition(".")[2]
    return f"applications.{name}" if name[:1].isupper() else None


def wants_scaled_pixels(kind: str) -> bool:
    """Whether an opaque layer is known to want its pixels rescaled from 0-255: a TF Hub image
    model ([0, 1]) or a keras.applications model whose preprocessing rescales them."""
    if kind == HUB_LAYER:
        return True
    return kind.startswith("applications.") and kind[13:] in _SCALED_PIXEL_APPLICATIONS


_LAYER_MODULES = (
    "layers",
    "layers.core",
    "layers.convolutional",
    "layers.recurrent",
    "layers.normalization",
    "layers.advanced_activations",
    "layers.pooling",
    "layers.merge",
    # Keras 2's other layer modules (`from keras.layers.wrappers import TimeDistributed`).
    "layers.wrappers",
    "layers.embeddings",
    "layers.noise",
    "layers.local",
    "layers.convolutional_recurrent",
    "layers.cudnn_recurrent",
    "layers.experimental.preprocessing",
    "layers.preprocessing",
)


# Keras 1 layer names, read as the classes that replaced them.
_KERAS1_LAYERS = {
    "Convolution1D": "Conv1D",
    "Convolution2D": "Conv2D",
    "Convolution3D": "Conv3D",
    "AtrousConvolution2D": "Conv2D",
    "Deconvolution2D": "Conv2DTranspose",
    # A Dense applied at every step of a sequence, as Keras 2's Dense is on the last axis.
    "TimeDistributedDense": "Dense",
}


def layer_class(path: str) -> str | None:
    """The Keras layer class a Keras path names (`layers.Dense` -> `Dense`)."""
    module, _, name = path.rpartition(".")
    if module in _LAYER_MODULES and name[:1].isupper():
        return _KERAS1_LAYERS.get(name, name)
    return None


# The functional forms of the merge layers: `layers.concatenate([a, b])` is
# `layers.Concatenate()([a, b])`.
_MERGE_FUNCTIONS = {
    "concatenate": "Concatenate",
    "add": "Add",
    "average": "Average",
    "maximum": "Maximum",
    "minimum": "Minimum",
    "multiply": "Multiply",
    "subtract": "Subtract",
    "dot": "Dot",
}


def merge_function(path: str) -> str | None:
    """The merge layer class a functional merge names (`layers.concatenate` -> `Concatenate`)."""
    module, _, name = path.rpartition(".")
    return _MERGE_FUNCTIONS.get(name) if module in _LAYER_MODULES else None


def is_input(path: str) -> bool:
    return path in (
        "Input",
        "layers.Input",
        "layers.InputLayer",
        "engine.Input",
        "engine.input_layer.Input",
    )


def is_sequential(path: str) -> bool:
    return path in ("Sequential", "models.Sequential", "engine.sequential.Sequential")


def is_functional_model(path: str) -> bool:
    # `keras.engine` exported Model itself in Keras 2.0-2.2 (`from keras.engine import Model`).
    return path in ("Model", "models.Model", "engine.Model", "engine.training.Model")


def is_model_base(path: str) -> bool:
    return is_functional_model(path) or is_sequential(path)


# --- optimizers -----------------------------------------------------------------------------

# Keras 3 default learning rates.
OPTIMIZER_DEFAULT_RATES = {
    "adam": 0.001,
    "adamw": 0.001,
    "adamax": 0.001,
    "nadam": 0.001,
    "rmsprop": 0.001,
    "adagrad": 0.001,
    "adadelta": 0.001,
    "adafactor": 0.001,
    "ftrl": 0.001,
    "lion": 0.001,
    "lamb": 0.001,
    "sgd": 0.01,
}
ADAPTIVE_OPTIMIZERS = frozenset(
    {"adam", "adamw", "adamax", "nadam", "rmsprop", "adagrad", "adafactor", "lion", "lamb", "ftrl"}
)
# Adam and its variants: each weight's step is about the rate in size, whatever its gradient.
ADAM_FAMILY = frozenset({"adam", "adamw", "adamax", "nadam"})


def optimizer_name(path: str) -> str | None:
    module, _, name = path.rpartition(".")
    if module.startswith("optimizers") and "schedules" not in module:
        key = name.lower()
        if key in OPTIMIZER_DEFAULT_RATES:
            return key
    return None


def optimizer_from_string(text: str) -> str | None:
    key = text.lower()
    return key if key in OPTIMIZER_DEFAULT_RATES else None


def schedule_name(path: str) -> str | None:
    module, _, name = path.rpartition(".")
    if module.endswith("schedules") and name[:1].isupper():
        return name
    return None


# --- losses ---------------------------------------------------------------------------------

_LOSS_ALIASES = {
    "mse": "mse",
    "mean_squared_error": "mse",
    "mae": "mae",
    "mean_absolute_error": "mae",
    "mape": "mape",
    "mean_absolute_percentage_error": "mape",
    "msle": "msle",
    "mean_squared_logarithmic_error": "msle",
    "huber": "huber",
    "huber_loss": "huber",
    "log_cosh": "log_cosh",
    "logcosh": "log_cosh",
    "binary_crossentropy": "binary_crossentropy",
    "binary_focal_crossentropy": "binary_focal_crossentropy",
    "categorical_crossentropy": "categorical_crossentropy",
    "categorical_focal_crossentropy": "categorical_focal_crossentropy",
    "sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
    "kl_divergence": "kl_divergence",
    "kld": "kl_divergence",
    "kullback_leibler_divergence": "kl_divergence",
    "hinge": "hinge",
    "squared_hinge": "squared_hinge",
    "categorical_hinge": "categorical_hinge",
    "poisson": "poisson",
    "cosine_similarity": "cosine_similarity",
    "cosine_proximity": "cosine_similarity",  # Keras 2's name
    "cosine": "cosine_similarity",
}
# Losses that read the prediction's direction alone, never its size.
SCALE_FREE_LOSSES = frozenset({"cosine_similarity"})
REGRESSION_LOSSES = frozenset({"mse", "mae", "mape", "msle", "huber", "log_cosh"})
CROSSENTROPY_LOSSES = frozenset(
    {
        "binary_crossentropy",
        "binary_focal_crossentropy",
        "categorical_crossentropy",
        "categorical_focal_crossentropy",
        "sparse_categorical_crossentropy",
    }
)


def loss_from_string(text: str) -> str | None:
    return _LOSS_ALIASES.get(text.lower())


def loss_name(path: str) -> tuple[str, bool] | None:
    """(canonical loss, is a class) for `losses.CategoricalCrossentropy` and friends."""
    module, _, name = path.rpartition(".")
    # Keras 1 named the losses module `keras.objectives`.
    if not module.startswith("losses") and module not in ("metrics", "objectives"):
        return None
    canonical = _LOSS_ALIASES.get(_snake(name)) or _LOSS_ALIASES.get(name.lower())
    if canonical is None:
        return None
    return canonical, name[:1].isupper()


# --- activations ----------------------------------------------------------------------------

ACTIVATION_NAMES = frozenset(
    {
        "relu",
        "sigmoid",
        "softmax",
        "tanh",
        "linear",
        "elu",
        "selu",
        "softplus",
        "softsign",
        "swish",
        "silu",
        "gelu",
        "hard_sigmoid",
        "hard_silu",
        "hard_swish",
        "exponential",
        "leaky_relu",
        "relu6",
        "mish",
        "log_softmax",
        "celu",
        "glu",
        "softmax_v2",
    }
)
SATURATING = frozenset({"sigmoid", "tanh", "hard_sigmoid", "softsign"})
RELU_LIKE = frozenset({"relu", "relu6"})

_TF_ACTIVATION_MODULES = ("tensorflow.nn.", "tensorflow.math.", "tensorflow.")


# TensorFlow's cross-entropies that take logits by design, as (the Keras loss they compute,
# the names of their labels and logits parameters in order).
_LOGITS_FUNCTIONS = {
    "nn.softmax_cross_entropy_with_logits": ("categorical_crossentropy", ["labels", "logits"]),
    "nn.softmax_cross_entropy_with_logits_v2": ("categorical_crossentropy", ["labels", "logits"]),
    "nn.sparse_softmax_cross_entropy_with_logits": (
        "sparse_categorical_crossentropy",
        ["labels", "logits"],
    ),
    "nn.sigmoid_cross_entropy_with_logits": ("binary_crossentropy", ["labels", "logits"]),
    "losses.softmax_cross_entropy": ("categorical_crossentropy", ["onehot_labels", "logits"]),
    "losses.sparse_softmax_cross_entropy": (
        "sparse_categorical_crossentropy",
        ["labels", "logits"],
    ),
    "losses.sigmoid_cross_entropy": ("binary_crossentropy", ["multi_class_labels", "logits"]),
}
_TF_PREFIXES = ("tensorflow.compat.v1.", "tensorflow.compat.v2.", "tensorflow.")


def logits_function(qualified: str) -> tuple[str, str, list[str]] | None:
    """`tensorflow.nn.softmax_cross_entropy_with_logits` -> (the Keras loss it computes, its
    name as written in messages, its positional parameters)."""
    for prefix in _TF_PREFIXES:
        if qualified.startswith(prefix):
            rest = qualified[len(prefix) :]
            if rest in _LOGITS_FUNCTIONS:
                loss, params = _LOGITS_FUNCTIONS[rest]
                return loss, f"tf.{rest}", params
    return None


# Functions that change a tensor's shape or type but not its values' range: their result is
# still the model output they are given.
_SAME_VALUES = frozenset(
    {"cast", "reshape", "squeeze", "expand_dims", "identity", "flatten", "batch_flatten"}
)


def keeps_values(qualified: str) -> bool:
    """`tf.reshape`, `tf.cast`, `K.flatten`, `keras.ops.reshape` and friends."""
    module, _, name = qualified.rpartition(".")
    if name not in _SAME_VALUES:
        return False
    path = keras_path(qualified)
    if path is not None:
        return path.rpartition(".")[0] in ("backend", "ops")
    return module in ("tensorflow", "tensorflow.compat.v1", "tensorflow.dtypes")


def activation_from_string(text: str) -> str | None:
    key = text.lower()
    if key in ACTIVATION_NAMES:
        return "softmax" if key == "softmax_v2" else key
    return None


def activation_from_path(qualified: str) -> str | None:
    """`keras.activations.sigmoid`, `keras.ops.softmax`, `tf.nn.relu`, `tf.sigmoid` -> the
    activation's name."""
    path = keras_path(qualified)
    if path is not None:
        module, _, name = path.rpartition(".")
        if module in ("activations", "ops", "ops.nn", "backend"):
            return activation_from_string(name)
        return None
    for prefix in _TF_ACTIVATION_MODULES:
        if qualified.startswith(prefix):
            rest = qualified[len(prefix) :]
            if "." not in rest:
                return activation_from_string(rest)
    return None


# Layer classes used as activations (`activation=LeakyReLU()` or a separate layer).
ACTIVATION_LAYER_NAMES = {
    "ReLU": "relu",
    "LeakyReLU": "leaky_relu",
    "ELU": "elu",
    "PReLU": "prelu",
    "ThresholdedReLU": "relu",
    "Softmax": "softmax",
}

# --- initialisers ---------------------------------------------------------------------------

_INITIALIZER_ALIASES = {
    "zeros": "zeros",
    "zero": "zeros",
    "ones": "ones",
    "one": "ones",
    "constant": "constant",
}


def initializer_from_string(text: str) -> str:
    key = _snake(text).lower()
    return _INITIALIZER_ALIASES.get(key, key)


def initializer_name(path: str) -> str | None:
    module, _, name = path.rpartition(".")
    if module == "initializers" or module.startswith("initializers"):
        return initializer_from_string(name)
    return None


CONSTANT_INITIALIZERS = frozenset({"zeros", "ones", "constant"})

# --- data sets ------------------------------------------------------------------------------

IMAGE_DATASETS = frozenset({"mnist", "fashion_mnist", "cifar10", "cifar100"})
TABULAR_DATASETS = frozenset({"boston_housing", "california_housing"})
# Keras data sets whose samples are sequences of word ids.
TEXT_DATASETS = frozenset({"imdb", "reuters"})


def is_image_generator(path: str) -> bool:
    return path.rpartition(".")[2] == "ImageDataGenerator"


IMAGE_DIRECTORY_LOADERS = frozenset(
    {"utils.image_dataset_from_directory", "preprocessing.image_dataset_from_directory"}
)


def dataset_name(path: str) -> str | None:
    """`datasets.mnist.load_data` -> `mnist`."""
    parts = path.split(".")
    if len(parts) == 3 and parts[0] == "datasets" and parts[2] == "load_data":
        return parts[1]
    return None


# --- Keras 2 only ---------------------------------------------------------------------------

# What only runs under Keras 2 (or TensorFlow 1): modules Keras 3 removed, keyword arguments it
# renamed (`lr=`, `nb_epoch=`, `init=`, ...), fit_generator(), TF1 sessions. A file with one
# of these cannot run on Keras 3 as written, so what only Keras 3 does is not its problem.
_KERAS2_ONLY = re.compile(
    r"\bkeras\.(?:layers\.(?:advanced_activations|convolutional|core|merge|recurrent"
    r"|normalization|embeddings|pooling|wrappers|noise|local|cudnn_recurrent)"
    r"|engine|legacy|utils\.(?:np_utils|generic_utils|vis_utils)|wrappers\.scikit_learn)\b"
    r"|\btensorflow\.python\.keras\b"
    r"|[(,]\s*(?:lr|nb_epoch|init|output_dim|border_mode|subsample|nb_filter)\s*=(?!=)"
    r"|\.(?:fit|predict|evaluate)_generator\("
    r"|\bset_session\(|\bcompat\.v1\b|\btf\.Session\("
)


def keras2_only(source: str) -> bool:
    """Whether `source` uses something only Keras 2 (or TensorFlow 1) has."""
    return _used(_KERAS2_ONLY, source)


# Imports of standalone Keras, and of the Keras TensorFlow bundles.
_STANDALONE_IMPORT = re.compile(r"^[ \t]*(?:import keras\b|from keras\b)", re.MULTILINE)
_TF_KERAS = re.compile(r"\btensorflow\.keras\b|\btf\.keras\b|from tensorflow import keras\b")
# What only Keras 3 has: its ops and config modules, and the `.weights.h5` name save_weights()
# requires.
_KERAS3_ONLY = re.compile(r"\bkeras\.(?:ops|config)\b|\.weights\.h5\b")


def tf_keras_defaults(source: str) -> bool:
    """Whether `source` runs under tf.keras or Keras 3, whose defaults differ from standalone
    Keras 2's (`Adadelta()` at 0.001, where Keras up to 2.3 had 1.0): it imports TensorFlow's
    Keras and never `keras` itself, or uses something only Keras 3 has. Code that imports
    `keras` alone may have been written for either."""
    if _KERAS3_ONLY.search(source) is not None:
        return True
    return _TF_KERAS.search(source) is not None and _STANDALONE_IMPORT.search(source) is None


def _used(pattern: re.Pattern[str], source: str) -> bool:
    """Whether `pattern` matches `source` outside a `def` line: a function's own parameter
    named like a Keras keyword (`def build(init="zeros")`) is not a call of Keras."""
    for found in pattern.finditer(source):
        line = source[source.rfind("\n", 0, found.start()) + 1 : found.start()]
        if not line.lstrip().startswith(("def ", "async def ")):
            return True
    return False


# What Keras 1 named and Keras 2 renamed (Keras 2.0 still took them, with a warning): a file
# written this way was written for Keras 1 or the first Keras 2 releases, whose backend
# cross-entropies took `(output, target)` until 2.0.7.
_KERAS1_API = re.compile(
    r"[(,]\s*(?:nb_epoch|border_mode|init|output_dim|subsample|nb_filter|nb_row|nb_col"
    r"|W_regularizer|b_regularizer|dim_ordering|samples_per_epoch|nb_val_samples)\s*=(?!=)"
    r"|\bConvolution[123]D\(|\bmerge\(|\bkeras\.backend\.common\b"
)


def keras1_api(source: str) -> bool:
    """Whether `source` uses names Keras 1 had and Keras 2 renamed."""
    return _used(_KERAS1_API, source)


# --- scikit-learn wrappers ------------------------------------------------------------------

# Wrappers that build their model by calling a function of the file, passing it the arguments
# they are given (`KerasClassifier(build_fn=create_model, lr=0.01)`) or that a search sets.
_SKLEARN_WRAPPER = re.compile(
    r"(?:^|\.)(?:wrappers\.scikit_learn|scikeras\.wrappers)\.Keras(?:Classifier|Regressor)$"
)
# A search that sets the wrapper's arguments from a grid or a distribution.
_PARAMETER_SEARCH = re.compile(
    r"\b(?:GridSearchCV|RandomizedSearchCV|BayesSearchCV|Halving(?:Grid|Random)SearchCV"
    r"|ParameterGrid|ParameterSampler)\b"
)


def is_sklearn_wrapper(qualified: str) -> bool:
    """Whether `qualified` names a scikit-learn wrapper of a Keras model."""
    return _SKLEARN_WRAPPER.search(qualified) is not None


def searches_parameters(source: str) -> bool:
    """Whether `source` runs a parameter search, which calls a wrapped build function with
    arguments of the search's choosing."""
    return _PARAMETER_SEARCH.search(source) is not None


# --- backend ---------------------------------------------------------------------------------

# A file that picks a backend other than TensorFlow: `os.environ["KERAS_BACKEND"] = "jax"`,
# `%env KERAS_BACKEND=torch`, `keras.config.set_backend("jax")`.
_OTHER_BACKEND = re.compile(
    r"KERAS_BACKEND\W{1,8}(?:jax|torch|numpy)\b|set_backend\(\s*[\"'](?:jax|torch|numpy)[\"']"
)


def other_backend(source: str) -> bool:
    """Whether `source` selects Keras's JAX, PyTorch or NumPy backend."""
    return _OTHER_BACKEND.search(source) is not None
