"""The plain description of a Keras model that the rules read.

The extractor (extract.py and the rooms it wires) builds these from source; rules never look at
raw syntax except to build a fix. Every spec keeps a `Located` handle to the node it came from,
so a rule can report on it or replace it. Nothing here imports the extractor's own values.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

import libcst as cst

from defib.engine.diagnostics import Range

if TYPE_CHECKING:
    from defib.engine.source import Chunk


def is_one_axis_shape(node: cst.CSTNode) -> bool:
    """Whether `node` writes out a shape of one axis, `(8,)` or `[n_features]`: each sample
    is one vector."""
    return (
        isinstance(node, (cst.Tuple, cst.List))
        and len(node.elements) == 1
        and isinstance(node.elements[0], cst.Element)
    )


@dataclass(frozen=True, eq=False)
class Located:
    """A syntax node and the top-level statement it lives in (which knows its position)."""

    node: cst.CSTNode
    chunk: Chunk

    def __repr__(self) -> str:
        return f"Located({type(self.node).__name__} in statement at line {self.chunk.first_line})"

    @property
    def key(self) -> tuple[int, int]:
        """Identity of the place in the file. Identical statements share one cached parse, so
        the node alone does not tell two of them apart; its statement's first line does."""
        return (id(self.node), self.chunk.first_line)

    @property
    def range(self) -> Range:
        return self.chunk.range_of(self.node)

    @property
    def line(self) -> int:
        return self.chunk.line_of(self.node)

    def code(self) -> str:
        """The node's source text exactly as written."""
        return self.chunk.text_of(self.node)


@dataclass(eq=False)
class ArgSpec:
    """One argument of a call: where it is written and what is known of its value.

    The value is resolved already (through constants, defaults and config dicts), so a rule
    reads plain Python here, never the extractor's own `Value`s.
    """

    name: str
    where: Located  # the argument's value expression (or the literal it resolved to)
    arg: cst.Arg | None = None  # the whole argument node, when written explicitly
    number: float | None = None  # the value when it is a known number (never a bool)
    # Where the value was typed, when that is not at the call: a constant, a parameter's
    # default, a config entry (`activation=act` alone does not show the "relu").
    written: Located | None = None
    # The parameter whose default the value is, in a function the file never calls: what a
    # caller elsewhere passes is not known.
    default_of: str | None = None
    flag: bool | None = None  # the value when it is a known bool (`mask_zero=True`)


# Layer classes that own a kernel and apply an activation of their own.
WEIGHT_LAYERS = frozenset(
    {
        "Dense",
        "Conv1D",
        "Conv2D",
        "Conv3D",
        "Conv1DTranspose",
        "Conv2DTranspose",
        "Conv3DTranspose",
        "SeparableConv1D",
        "SeparableConv2D",
        "DepthwiseConv2D",
        "LocallyConnected1D",
        "LocallyConnected2D",
        "EinsumDense",
    }
)
RECURRENT_LAYERS = frozenset({"LSTM", "GRU", "SimpleRNN", "ConvLSTM2D", "Bidirectional", "RNN"})
# Layers that only apply an activation; the activation they apply is in LayerSpec.activation.
ACTIVATION_LAYERS = frozenset(
    {"Activation", "Softmax", "ReLU", "LeakyReLU", "ELU", "PReLU", "ThresholdedReLU"}
)
NORMALIZATION_LAYERS = frozenset(
    {"BatchNormalization", "LayerNormalization", "GroupNormalization", "UnitNormalization"}
)
DROPOUT_LAYERS = frozenset(
    {"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "AlphaDropout"}
)
# Layers that only reshape or drop values: a model of them and linear Dense layers is linear.
SHAPE_ONLY_LAYERS = frozenset({"InputLayer", "Flatten", "Reshape", "Dropout"})
_RESHAPING_LAYERS = frozenset({"Flatten", "Reshape", "Permute"})
SCALING_LAYERS = frozenset({"Normalization", "Rescaling"})
MERGE_LAYERS = frozenset(
    {"Add", "Concatenate", "Average", "Maximum", "Multiply", "Subtract", "Dot"}
)


@dataclass(eq=False)
class LayerSpec:
    """One layer as written: its Keras class, resolved arguments and source location."""

    kind: str  # Keras class name, e.g. "Dense"
    where: Located  # the constructor call
    args: dict[str, ArgSpec] = field(default_factory=dict)
    units: int | None = None
    # Canonical activation name ("relu", "sigmoid", "linear", ...); None when unknown.
    activation: str | None = None
    activation_arg: ArgSpec | None = None
    kernel_initializer: str | None = None
    # The bias initialiser's canonical name: None where none is given (Keras's default is
    # zeros), "zeros" for `use_bias=False` too, "unknown" where one is given that is not known.
    bias_initializer: str | None = None
    # What the layer computes is not known (a layer class of the file, a call Defib cannot
    # follow): it may hold weights and apply any activation.
    opaque: bool = False
    # A layer class of the file that standardises or rescales its input: it has an adapt()
    # (statistics learnt from the data) or its call() divides.
    standardizes: bool = False
    # Values per sample the layer outputs, when its arguments fix them whatever its input:
    # a Reshape's target shape, multiplied out.
    values_per_sample: int | None = None
    # A model holding it had weights loaded or set, on a path that always runs: its weights
    # need not be the ones it was built with.
    weights_loaded: bool = False
    # A merge layer some of whose inputs were not followed back to the model's input (a value
    # Defib does not read, or one a function of unknown effect made): not every path into it
    # is among the model's input branches.
    merges_untraced: bool = False

    @property
    def scales_input(self) -> bool:
        """Whether the layer brings its input to a known scale (Rescaling, Normalization)."""
        return self.kind in SCALING_LAYERS or self.standardizes

    @property
    def has_weights(self) -> bool:
        return self.kind in WEIGHT_LAYERS or self.kind in RECURRENT_LAYERS

    def activates_last_axis(self) -> bool:
        """Whether the layer's activation works over the last axis (a `Softmax(axis=1)` over a
        sequence, as in attention pooling or listwise ranking, does not)."""
        axis = self.args.get("axis") if self.kind in ("Softmax", "Lambda") else None
        if axis is None:
            return True
        return axis.number == -1

    def activation_written(self) -> list[tuple[Located, str]]:
        """For a finding on the layer's activation: where its name was typed, as a related
        location, when the call passes it through a name, a default or a config entry."""
        arg = self.activation_arg
        if arg is None or arg.written is None or self.activation is None:
            return []
        return [(arg.written, f"activation '{self.activation}' set here")]

    def shared_in(self, model: ModelSpec) -> bool:
        """Whether other layers of `model` come from the same constructor call (a loop)."""
        return self._built_here(model) > 1

    def last_built_here(self, model: ModelSpec) -> str:
        """For a finding on `model`'s output layer: " (the last of the N layers this line
        builds)" when its constructor call also builds other layers of the model (a loop, or a
        helper called more than once), so the reader knows which one the line means; else ""."""
        count = self._built_here(model)
        return f" (the last of the {count} layers this line builds)" if count > 1 else ""

    def _built_here(self, model: ModelSpec) -> int:
        return sum(1 for other in model.layers if other.where.key == self.where.key)

    @property
    def is_activation_only(self) -> bool:
        # A Lambda holds no weights: it applies a function, a known activation
        # (`Lambda(tf.nn.softmax)`, or `tf.nn.softmax(x)` read as one) or an unknown one (None).
        return self.kind in ACTIVATION_LAYERS or self.kind == "Lambda"

    @property
    def line(self) -> int:
        return self.where.line


@dataclass(eq=False)
class Argmax:
    """`np.argmax(predictions, axis=1)` (or `tf.argmax`, `.argmax()`) of a model's predict():
    where, along which axis (None: of all values, as numpy's default), and whether of one
    sample's prediction (`predictions[0]`) rather than of all of them."""

    where: Located
    axis: int | None
    one_sample: bool


@dataclass(eq=False)
class Stage:
    """A weight layer together with the activation that really follows it.

    `Dense(10)` then `Activation("softmax")` is one stage whose activation is softmax and whose
    `activation_layer` is the Activation layer (where a fix must go).
    """

    layer: LayerSpec
    activation: str | None
    activation_layer: LayerSpec  # the layer that sets the activation (may be `layer` itself)
    after: list[LayerSpec] = field(default_factory=list)  # non-weight layers before the next stage
    activated_after: int = 0  # how many of `after` come before `activation_layer`

    @property
    def normalised_output(self) -> LayerSpec | None:
        """The normalisation layer the stage's activated output goes through, if any (not one
        between the weight layer and its activation: Dense, BatchNormalization, then ReLU)."""
        return next(
            (x for x in self.after[self.activated_after :] if x.kind in NORMALIZATION_LAYERS),
            None,
        )

    @property
    def reshaped(self) -> bool:
        """Whether a Flatten, Reshape or Permute comes after the stage's weight layer."""
        return any(layer.kind in _RESHAPING_LAYERS for layer in self.after)

    @property
    def units(self) -> int | None:
        """How many values each of the stage's outputs has along its last axis: the weight
        layer's units, unless a Flatten, Reshape or Permute comes after it (a `Dense(1)` over a
        sequence, flattened: one value per position), which makes it unknown."""
        return None if self.reshaped else self.layer.units

    @property
    def feeds_merge(self) -> bool:
        """Whether the stage's output is merged with another tensor (Add, Dot, ...) before any
        other weight layer: it closes a block (a residual branch, a learned transform)."""
        return any(layer.kind in MERGE_LAYERS for layer in self.after)


@dataclass(eq=False)
class OptimizerSpec:
    name: str  # canonical lower-case class name: "adam", "sgd", "rmsprop", ...
    where: Located
    learning_rate: float | None  # None when not known statically
    learning_rate_arg: ArgSpec | None  # where the rate is written (None: the default is used)
    uses_default_rate: bool = False
    momentum: float | None = None
    schedule: str | None = None  # schedule class name when the rate is a schedule
    from_string: bool = False
    clipped: bool = False  # clipnorm / clipvalue / global_clipnorm bound each step
    # Keras 2's `decay=`: the rate is divided by 1 + decay x the batches seen (Keras 3 ignores
    # it). Its value when known, with where it is written.
    decay: float | None = None
    decay_arg: ArgSpec | None = None


@dataclass(eq=False)
class LossSpec:
    name: str  # canonical: "categorical_crossentropy", "mse", ...
    where: Located
    from_logits: bool | None = None  # None when not given (Keras default False)
    from_logits_arg: ArgSpec | None = None
    is_call: bool = False  # a class instance such as CategoricalCrossentropy(...)
    axis: int | None = None  # the class axis when given (the default is the last one)
    # A TensorFlow function that takes logits by design, as written in messages
    # ("tf.nn.softmax_cross_entropy_with_logits"); None for a Keras loss.
    logits_function: str | None = None
    # Where the loss is only the default of a parameter of a function the file never calls.
    default: Default | None = None


@dataclass(frozen=True)
class Default:
    """A value a finding rests on that is only the default of a parameter of a function the
    file never calls: a caller elsewhere may pass another."""

    parameter: str
    value: str  # as written in messages: "1", "'softmax'"
    where: Located | None  # where the default is typed


def defaults_note(defaults: Sequence[Default]) -> str:
    """How a finding resting on defaults says so, to end its first clause."""
    if not defaults:
        return ""
    if len(defaults) == 1:
        kept = f"{defaults[0].parameter} keeps its default of {defaults[0].value}"
    else:
        names = " and ".join(d.parameter for d in defaults)
        kept = f"{names} keep their defaults ({' and '.join(d.value for d in defaults)})"
    return (
        f", when {kept} (this file never calls the function that builds the model, so a "
        "caller elsewhere may pass other values)"
    )


def defaults_related(defaults: Sequence[Default]) -> list[tuple[Located, str]]:
    """Each default a finding rests on, as a related location where it is typed."""
    return [
        (d.where, f"{d.parameter} defaults to {d.value} here")
        for d in defaults
        if d.where is not None
    ]


def argument_default(arg: ArgSpec | None) -> Default | None:
    """The argument, when its value is only such a default: shown as the default is typed."""
    if arg is None or arg.default_of is None:
        return None
    typed = (arg.written or arg.where).code()
    try:
        shown = repr(ast.literal_eval(typed))  # 'zeros' as the other defaults are shown
    except (ValueError, SyntaxError):
        shown = typed
    return Default(arg.default_of, shown, arg.written)


def unit_count_default(layer: LayerSpec) -> Default | None:
    """The layer's unit count, when it is only such a default."""
    units = layer.args.get("units") or layer.args.get("filters")
    if units is None or units.default_of is None or layer.units is None:
        return None
    return Default(units.default_of, str(layer.units), units.written)


# What a function of the file is to training: a loss, a Lambda layer's, or one they call.
TrainingRole = Literal["loss", "layer", "helper"]


@dataclass(eq=False)
class FunctionOfFile:
    """A function of the file that a rule reads line by line."""

    where: Located  # the `def` (or, for a training function, the `lambda`)

    def at(self, node: cst.CSTNode) -> Located:
        """A node inside the function, located."""
        return Located(node, self.where.chunk)


@dataclass(eq=False)
class TrainingFunction(FunctionOfFile):
    """A function of the file that runs inside every training step: a custom loss given to
    compile(), the function of a `Lambda` layer, or a function of the file one of them calls."""

    role: TrainingRole
    # The model a loss is the only loss of, given to its compile() (None for a loss among
    # several, one per output, and for the other roles).
    sole_loss_of: ModelSpec | None = None

    @property
    def output_activation(self) -> str | None:
        """The output activation of the model the function is the only loss of, if known."""
        stage = self.sole_loss_of.output_stage if self.sole_loss_of is not None else None
        return stage.activation if stage is not None else None

    @property
    def node(self) -> cst.FunctionDef | cst.Lambda:
        node = self.where.node
        assert isinstance(node, (cst.FunctionDef, cst.Lambda))
        return node


# How a function of the file makes the batches fit() trains on: "generator", a generator
# function whose generator fit() reads (each pass of the loop around its `yield` makes a batch);
# "sequence", the `__getitem__` of a Sequence fit() reads (one call a batch); "helper", a
# function of the file one of them calls.
BatchRole = Literal["generator", "sequence", "helper"]


@dataclass(eq=False)
class BatchFunction(FunctionOfFile):
    """A function of the file that runs for every training batch it makes, with what the names
    it reads from outside its body hold (the module's imports and number constants)."""

    role: BatchRole
    imports: dict[str, str] = field(default_factory=dict)  # `np` -> "numpy"
    constants: dict[str, float] = field(default_factory=dict)  # `SEED` -> 42.0
    # The functions of the file it calls, by the name it calls them ("augment",
    # "self.augment"); a helper's own calls are not followed.
    calls: dict[str, BatchFunction] = field(default_factory=dict)

    @property
    def node(self) -> cst.FunctionDef:
        node = self.where.node
        assert isinstance(node, cst.FunctionDef)
        return node


@dataclass(eq=False)
class CompileSpec:
    where: Located
    optimizer: OptimizerSpec | None
    loss: LossSpec | None
    metrics: list[str] = field(default_factory=list)


# "file": columns read from a data file (pd.read_csv, np.loadtxt), whose scale is not known.
DataSource = Literal["literal", "random", "dataset", "file", "unknown"]
# What an array is as training labels:
# "class_ids": one integer class index per sample (shape (n,) or (n, 1)), as load_data() gives;
# "one_hot": one column per class, a single 1 per row (to_categorical, get_dummies);
# "binary": 0/1 values whose columns are not known (a multi-label target, say);
# "multi_hot": one 0/1 column per class, any number of 1s per row (MultiLabelBinarizer);
# "continuous": real values (a regression target); "unknown": not known, never guessed.
LabelFormat = Literal["class_ids", "one_hot", "multi_hot", "binary", "continuous", "unknown"]


@dataclass(eq=False)
class DataSpec:
    """What is known of an array passed to fit() without running anything."""

    source: DataSource
    where: Located | None = None
    scaled: bool = False  # some scaling or standardisation was applied on the way
    # An array-wide value was subtracted (`x - x.mean(axis=0)`): centred, its scale unchanged.
    centred: bool = False
    # Arithmetic or an assignment into it changed its values (`y - 1`, `y[y == 2] = 0`): a
    # label column's codes are no longer those of the file it was read from.
    recoded: bool = False
    # Class ids divided by a number larger than every id (`y_train / 255`, as pixels are):
    # that number. Every value is below 1, so a cast to integers (to_categorical, a sparse
    # loss) makes each label class 0.
    ids_divided_by: float | None = None
    # For literal arrays: the largest absolute value per feature (last axis).
    feature_max_abs: list[float] | None = None
    # For random or generated data: an estimate of the magnitude of the values.
    magnitude: float | None = None
    dataset: str | None = None  # "mnist", "cifar10", ... for keras.datasets
    is_image_dataset: bool = False
    origin: Located | None = None  # where the data was created (np.array(...), load_data())
    # For data read from a file: the path the read call was given, when its value is known
    # though not typed in the call (`path = "data/iris.csv"`, then `read_csv(path)`).
    path: str | None = None
    # A tf.data pipeline or a generator of batches rather than an array: it cannot be divided.
    pipeline: bool = False
    # What is known of the array as labels (read for fit()'s y).
    label_format: LabelFormat = "unknown"
    classes: int | None = None  # how many classes, when known (the one-hot width, say)
    value_range: tuple[float, float] | None = None  # smallest and largest value, when known
    # The smallest and largest value of an array the code draws or spaces itself (a uniform
    # draw, `linspace`), followed through arithmetic with numbers: `-50 + rand(n) * 100`
    # spans [-50, 50], so its largest value is 50, where adding magnitudes would say 150.
    span: tuple[float, float] | None = None
    length: int | None = None  # how many items, when known (np.unique of known labels)
    # Class ids that start at 1, their count unknown: a Tokenizer's word indices (0 is kept for
    # padding), as `Tokenizer().texts_to_sequences(label_words)` gives them.
    one_based: bool = False
    # How many columns a 2-D array has, when its code says so (`y.reshape(-1, 1)`).
    columns: int | None = None
    rows: int | None = None  # how many samples, when known (a Keras data set, a random array)
    # A pipeline or generator of (features, labels) batches: what is known of its labels
    # (flow_from_directory's class_mode, image_dataset_from_directory's label_mode, ...).
    carried_labels: DataSpec | None = None
    # Such a pipeline whose labels are its own inputs (`class_mode="input"`): an autoencoder's.
    reconstructs: bool = False
    # Where the array was divided by its own sums or norms along an axis with no floor
    # (`x / x.sum(axis=1, keepdims=True)`): any row of zeros became NaN.
    divided_by_sums: Located | None = None
    # Rows known to come in no order of label: drawn at random, a Keras data set (published
    # shuffled), a part of a train_test_split; for a tf.data pipeline, one that shuffles.
    shuffled: bool = False
    # A tf.data pipeline built from arrays in memory (`Dataset.from_tensor_slices`): where it
    # was built. Its elements come in the arrays' order unless something shuffles them.
    slices: Located | None = None
    # Such a pipeline of one array alone (`from_tensor_slices(images)`): no labels ride along
    # to be ordered by (a GAN's real samples), until something zips or maps some in.
    unlabelled: bool = False
    # Sequences padded at their end (`pad_sequences(..., padding="post")`): where, to how many
    # steps when the call says (`maxlen`), and whether with 0 (its default `value`).
    padded_at_end: Located | None = None
    padded_length: int | None = None
    padded_with_zero: bool = False
    # Word or token ids, integers that index a vocabulary rather than measure anything: the
    # sequences of `keras.datasets.imdb` / `reuters`, `Tokenizer.texts_to_sequences`, and
    # those padded by `pad_sequences`.
    token_ids: bool = False
    # Sequences of different lengths, as Keras's `imdb` and `reuters` load them: an array of
    # Python lists, which fit() cannot turn into a tensor until they are padded.
    ragged: bool = False
    # For an array written out in the code (up to 10,000 numbers, one or two axes): its rows,
    # so that a slice of them (`x[:10]`) is known as exactly as the whole.
    written: tuple[tuple[float, ...], ...] | None = None

    def largest_value(self) -> float | None:
        """The largest absolute value known of the array: from its range, its features' largest
        values, or an estimate of its magnitude; None when nothing says."""
        if self.value_range is not None:
            return max(abs(self.value_range[0]), abs(self.value_range[1]))
        if self.feature_max_abs:
            return max(self.feature_max_abs)
        return self.magnitude

    def without_labels(self) -> DataSpec:
        """The same array with nothing known of it as labels (a column picked out of it)."""
        return replace(
            self,
            label_format="unknown",
            classes=None,
            value_range=None,
            length=None,
            carried_labels=None,
            one_based=False,
        )

    def some_samples(self) -> DataSpec:
        """The array after a subscript: how many samples it holds is no longer known."""
        return replace(self, rows=None) if self.rows is not None else self

    def rows_sliced(self, start: int | None, stop: int | None, step: int | None) -> DataSpec:
        """The rows `[start:stop:step]` of an array written out in the code. Its largest
        values, known for the whole, may lie in the rows left out (`x[:10]` of an exercise
        whose last rows are in the tens of thousands): they are read again from the rows kept
        where those are known, and are no longer known where not; nor, for labels, which
        classes remain."""
        kept = self.some_rows().some_samples()
        written = self.written if self._written_still_holds() else None
        rows = written[start:stop:step] if written is not None else ()
        if not rows or len({len(row) for row in rows}) != 1:
            return replace(
                kept,
                magnitude=None,
                feature_max_abs=None,
                span=None,
                value_range=None,
                written=None,
            )
        values = [v for row in rows for v in row]
        return replace(
            kept,
            magnitude=None,
            span=None,
            feature_max_abs=[max(abs(row[i]) for row in rows) for i in range(len(rows[0]))],
            value_range=(min(values), max(values)) if self.value_range is not None else None,
            written=rows,
        )

    def _written_still_holds(self) -> bool:
        """Whether the rows written out are still this array's values: what is known of its
        largest values is what they give (arithmetic since, `x / 255`, changes that)."""
        written = self.written
        if not written or len({len(row) for row in written}) != 1:
            return False
        maxima = [max(abs(row[i]) for row in written) for i in range(len(written[0]))]
        values = [v for row in written for v in row]
        return self.feature_max_abs == maxima and self.value_range in (
            None,
            (min(values), max(values)),
        )

    def some_rows(self) -> DataSpec:
        """The labels of some of the rows (`y[mask]`, a train/test split): one-hot rows keep
        their width, but class ids may no longer hold every class, so their count is lost."""
        if self.label_format == "one_hot":
            return replace(self, length=None)
        return replace(self, classes=None, value_range=None, length=None)

    def rows_keeping(self, values: frozenset[float]) -> DataSpec:
        """The labels of the rows a mask such as `(y == 1) | (y == 5)` keeps: class ids that
        hold only the kept values the labels have (known labels hold every class)."""
        rows = self.some_rows()
        if self.label_format != "class_ids" or self.value_range is None:
            return rows
        low, high = self.value_range
        kept = sorted(v for v in values if low <= v <= high and float(v).is_integer())
        if not kept:
            return rows
        return replace(rows, classes=len(kept), value_range=(kept[0], kept[-1]))

    @property
    def knows_labels(self) -> bool:
        """Whether anything is known of the array as labels."""
        known = (self.classes, self.value_range, self.length, self.carried_labels)
        return self.label_format != "unknown" or any(v is not None for v in known)

    def describe_labels(self) -> str:
        """The labels in a few words, with where they come from when it is a data set."""
        source = f" of {self.dataset}" if self.dataset else ""
        if self.label_format == "class_ids":
            ids = ""
            if self.value_range is not None:
                low, high = self.value_range
                between = " and " if self.classes == 2 and high - low > 1 else "-"
                ids = f" {low:g}{between}{high:g}"
            return f"the labels{source} are integer class ids{ids}, one per sample"
        if self.label_format == "one_hot":
            count = f" of {self.classes} classes" if self.classes is not None else ""
            return f"the labels{source} are one-hot{count}"
        if self.label_format == "multi_hot":
            return f"the labels{source} are multi-hot, any number of classes per sample"
        return f"the labels{source} are {self.label_format.replace('_', ' ')}"

    def binary_seen(self) -> bool | None:
        """As labels: True when known to be one column of 0s and 1s; False when known to be
        anything else (more classes, one-hot or multi-hot columns, class ids whose count is not
        known, continuous values); None when nothing is known of them."""
        if self.label_format == "binary":
            return self.columns in (None, 1)
        if self.label_format == "class_ids":
            largest = self.largest_class_id
            return largest is not None and largest <= 1
        if self.label_format == "unknown":
            return None
        return False

    @property
    def largest_class_id(self) -> int | None:
        """The largest class index the labels hold, when known (class ids or one-hot)."""
        if self.label_format == "class_ids" and self.value_range is not None:
            return int(self.value_range[1])
        if self.label_format in ("class_ids", "one_hot") and self.classes is not None:
            return self.classes - 1
        return None


@dataclass(eq=False)
class FitSpec:
    where: Located
    x: DataSpec | None
    y: DataSpec | None
    x_arg: ArgSpec | None = None
    y_arg: ArgSpec | None = None
    # The loss compiled when this fit() ran: a later compile() (a notebook that recompiles
    # with other labels in mind, and never fits again) does not train on these labels.
    loss: LossSpec | None = None
    # The compile() in force when this fit() ran (its optimizer is the one that trained).
    compiled: CompileSpec | None = None
    epochs: int | None = None
    batch_size: int | None = None  # as given (Keras's default is 32)
    validation_split: float | None = None
    steps_per_epoch: int | None = None
    # Called in a loop, or train_on_batch: how many times it runs is not known.
    repeated: bool = False
    # Its targets are the model's own predict() output with entries written over (Q-learning's
    # `target = model.predict(state); target[0][action] = reward + ...`): values, not classes.
    bootstrapped: bool = False
    # A LearningRateScheduler among its callbacks sets the rate from the first epoch on: the
    # optimizer's own rate is not the one trained with.
    rate_scheduled: bool = False
    # validation_data=(x_val, y_val) written as a tuple: x_val's data and where it is written.
    validation_x: DataSpec | None = None
    validation_x_where: Located | None = None
    # Each input's data when x is a list or dict of arrays (a model with several inputs).
    x_inputs: list[DataSpec] = field(default_factory=list)
    # x is a tf.data pipeline built from arrays in memory (where: the from_tensor_slices call)
    # that nothing shuffles: no shuffle() in its chain, its arrays not known to be in random
    # order, and nothing in the file that shuffles rows. fit() never shuffles a Dataset.
    unshuffled_slices: Located | None = None

    @property
    def steps(self) -> tuple[int, int] | None:
        """(training steps per epoch, epochs) when both are known: the batches of an array
        whose number of samples is known, or steps_per_epoch; epochs default to Keras's 1.
        Unknown for a fit() in a loop or train_on_batch, which run any number of times."""
        if self.repeated:
            return None
        epochs = self.epochs if self.epochs is not None else 1
        if self.steps_per_epoch is not None:
            return (self.steps_per_epoch, epochs)
        if self.x is None or self.x.rows is None or self.x.pipeline:
            return None
        batch = self.batch_size if self.batch_size is not None else 32
        if batch < 1:
            return None
        samples = self.x.rows * (1.0 - (self.validation_split or 0.0))
        return (max(1, -(-int(samples) // batch)), epochs)


@dataclass(eq=False)
class InputBranch:
    """A path from a model input that joins the model's listed layers at a merge layer
    (`Concatenate([inputs, hidden])`, a wide-and-deep model's wide part): its own layers from
    the input to the merge, in order, and the merge layer."""

    layers: list[LayerSpec]
    merge: LayerSpec
    where: Located  # the call that applies the merge layer to the branch


ModelStyle = Literal["sequential", "functional", "subclass"]


@dataclass(eq=False)
class OutputView:
    """Another output of a functional model with several, beside the one traced: its path
    from the input, its place among the outputs, and each compile() and fit() of the model as
    this output meets them (its own item of a list or dict of losses and of labels)."""

    slot: tuple[int, int] | str
    layers: list[LayerSpec]
    name: str | None = None  # the `name=` written on its output layer, if any
    has_residual: bool = False
    input_preprocessed: bool = False
    input_branches: list[InputBranch] = field(default_factory=list)
    input_traced: bool = True
    # Trained to give back one of the model's inputs (`fit([a, b], [labels, a])`).
    reconstructs: bool = False
    # The model's compile() and fit() specs, by id, each as this output meets it.
    compiles: dict[int, CompileSpec] = field(default_factory=dict)
    fits: dict[int, FitSpec] = field(default_factory=dict)


def _in_definition(where: Located) -> bool:
    """Whether `where` is in a function or class rather than on the file's top level."""
    return any(isinstance(s, (cst.FunctionDef, cst.ClassDef)) for s in where.chunk.statements)


@dataclass(eq=False)
class ModelSpec:
    """A Keras model found in the source."""

    name: str | None  # the variable or class name
    style: ModelStyle
    where: Located  # the Sequential(...)/Model(...) call or the class definition
    layers: list[LayerSpec] = field(default_factory=list)
    compile: CompileSpec | None = None
    fit: FitSpec | None = None  # the first fit()
    last_fit: FitSpec | None = None
    # Layers that read their input scaled (Normalization / Rescaling) or residual merges.
    has_residual: bool = False
    input_is_model_input: bool = False  # the model's input is also its training target
    used_as_layer: bool = False  # called on a tensor or added to another model
    # The output traced is one of several (`Model(inp, [classes, boxes])`): its index in the
    # list of outputs with their count, or its key in a dict of outputs. compile()'s list or
    # dict of losses and fit()'s list or dict of labels are paired with it by that place.
    output_slot: tuple[int, int] | str | None = None
    input_preprocessed: bool = False  # its input goes through preprocess_input or the like
    # False when the layers were followed back to something not understood rather than to
    # the model's input: the first layers listed may not be the first the input meets.
    input_traced: bool = True
    # Built by .add() on a value not understood (`self.model.add(...)` in a method whose class
    # made the model elsewhere): its first layers were made elsewhere, and so may its last be.
    extends_unknown: bool = False
    # Its last layer was added in a branch whose condition is not known, inside a loop over
    # items not known (layers made from a configuration's list by their type), or code still
    # to write (an exercise's `[...]`) follows it: which layer ends the model is not known.
    last_added_by_guess: bool = False
    # Other paths from an input merged into `layers` (a functional model's side branches).
    input_branches: list[InputBranch] = field(default_factory=list)
    # The model's other outputs, when it has several (`Model(inp, [classes, boxes])`).
    other_outputs: list[OutputView] = field(default_factory=list)
    # The first predict() / predict_on_batch() of the model.
    predicted: Located | None = None
    # `np.argmax(...)` of what predict() returned, taken along the class axis: which class
    # each prediction picks.
    argmaxes: list[Argmax] = field(default_factory=list)
    # Built from an `Input(shape=(8,))`: one vector per sample (see `reads_vectors`).
    one_axis_input: bool = False
    # The arrays given to evaluate() or predict() after a fit(), with where each is written:
    # held-out rows the trained model is judged or used on.
    judged_on: list[tuple[DataSpec, Located]] = field(default_factory=list)
    # Its weights may change in ways the engine does not follow: it is passed to code the
    # engine does not read (a library's training helper), its weights are set or loaded, or
    # its layers or variables are reached (`.layers`, `.trainable_variables`). Or the file was
    # too big to read to its end.
    handled_elsewhere: bool = False
    # Some of its layers are also layers of another model that is trained or compiled (one it
    # holds as a block, say), counting every build of a function read more than once.
    shares_trained_layers: bool = False
    # Some of its layers are trained by another model's fit() (an encoder cut from the
    # autoencoder that trains it).
    shares_fitted_layers: bool = False
    # Where every one of its layers was last set `trainable = False` (the model itself, or a
    # loop over all of `model.layers`), while nothing made any of them trainable again.
    frozen: Located | None = None
    # compile() ran after that freeze: Keras compiles the trainable state it finds (Keras 2
    # keeps it until the next compile, so a model frozen after compile() still trains).
    frozen_compiled: bool = False
    # A compile() and then a fit() of the model while it was so frozen: (the freeze, the fit).
    trained_frozen: tuple[Located, Located] | None = None
    # A subclassed model with a train_step() of its own: what a batch holds (a dict of source
    # and target sequences, pairs for a contrastive loss) is its code's to read.
    own_train_step: bool = False
    # A subclassed model whose own train_step() computes its loss without the one given to
    # compile(): that compiled loss is not what it trains with.
    own_loss: bool = False
    # A compile(), then that freeze, then a fit() or train_on_batch() with no compile() in
    # between (Keras 2 trained what compile() saw; Keras 3 trains nothing): (the freeze, the
    # training call).
    trained_frozen_after_compile: tuple[Located, Located] | None = None
    # A load_weights() / set_weights() that runs only under a condition the engine cannot
    # decide (`if weights_path:`).
    weights_loaded_if: Located | None = None
    # Its `.output` tensor was taken (`Model(inp, head(inp).output)`): layers may follow it.
    output_taken: bool = False
    # The first load_weights() or set_weights() of it or of its layers: weights made elsewhere.
    weights_set: Located | None = None
    # Handed to code the engine does not read (a library's helper), which may train it.
    given_away: bool = False
    # ...and so was a LearningRateScheduler that sets the rate: that code may train it with
    # the scheduler's rates rather than its optimizer's.
    rate_scheduled_elsewhere: bool = False

    @property
    def line(self) -> int:
        return self.where.line

    @property
    def range(self) -> Range:
        return self.where.range

    @property
    def never_trained(self) -> bool:
        """Built at the top level of the file, then neither compiled, fitted nor used as a
        layer: a model made to be looked at (`summary()`, a plot, a test of a block's shapes).
        A model built in a function may be trained wherever the function is called."""
        if self.compile is not None or self.fit is not None or self.used_as_layer:
            return False
        return not _in_definition(self.where)

    @property
    def output_continued(self) -> bool:
        """Its last layer is not the output of what is trained: it is a block of another model
        (called on a tensor, added to one), or a trunk whose `.output` tensor was taken to build
        one while it is never compiled or trained itself."""
        trunk = self.output_taken and self.compile is None and self.fit is None
        return self.used_as_layer or trunk

    @property
    def compile_unused(self) -> bool:
        """Compiled, but trained only through another model: as a block of it (a GAN's
        generator compiled out of habit and trained through the combined model), or as a part
        cut from it (an encoder compiled and used to predict, whose layers the autoencoder's
        fit() trains). Keras never trains with its own loss or optimizer."""
        return (
            self.compile is not None
            and self.fit is None
            and ((self.used_as_layer and self.shares_trained_layers) or self.shares_fitted_layers)
            and not self.given_away
        )

    @property
    def trained_compile(self) -> CompileSpec | None:
        """The compile() in force at the last fit(): a compile() after it that no fit() follows
        (to apply `trainable = False` before saving, say) is one training never meets."""
        return self.last_fit.compiled if self.last_fit is not None else None

    @property
    def compile_after_training(self) -> bool:
        """Compiled again after its last fit() with nothing training it since: what training
        met is `trained_compile`, not the compile() that stands last in the file."""
        return (
            self.fit is not None
            and self.trained_compile is not None
            and self.compile is not self.trained_compile
        )

    def fit_of_compile(self) -> FitSpec | None:
        """The fit() that trained with the compile() in force: the first one, or the last when
        the model was compiled again in between (a head trained, then the base fine-tuned with
        a smaller rate); None when no fit() ran with it."""
        for fit in (self.fit, self.last_fit):
            if fit is not None and fit.compiled is self.compile:
                return fit
        return None

    @property
    def inference_only(self) -> bool:
        """Its weights are loaded or copied in, and nothing trains it: no fit() or
        train_on_batch(), not a block of a model that is trained, not handed to code the engine
        does not read. A pretrained model run to predict meets no risk of training. Weights
        loaded by a function count when the file's own code predicts with its model (a
        function that loads them may otherwise be called by a training script)."""
        return (
            self.weights_set is not None
            and (not _in_definition(self.weights_set) or self.predicted is not None)
            and self.fit is None
            and not self.used_as_layer
            and not self.shares_trained_layers
            and not self.given_away
        )

    def output_views(self) -> list[ModelSpec]:
        """The model as each of its other outputs sees it: that output's path, and its own
        loss and labels in each compile() and fit(), for the rules that judge an output. A
        compile() or fit() that says nothing of an output gives it no loss or no labels."""
        views: list[ModelSpec] = []
        for other in self.other_outputs:

            def compiled(spec: CompileSpec | None, view: OutputView = other) -> CompileSpec | None:
                if spec is None:
                    return None
                return view.compiles.get(id(spec)) or replace(spec, loss=None)

            def fitted(spec: FitSpec | None, view: OutputView = other) -> FitSpec | None:
                if spec is None:
                    return None
                return view.fits.get(id(spec)) or replace(
                    spec, y=None, y_arg=None, loss=None, compiled=compiled(spec.compiled, view)
                )

            views.append(
                replace(
                    self,
                    layers=other.layers,
                    has_residual=other.has_residual,
                    input_preprocessed=other.input_preprocessed,
                    input_branches=other.input_branches,
                    input_traced=other.input_traced,
                    output_slot=other.slot,
                    input_is_model_input=other.reconstructs,
                    compile=compiled(self.compile),
                    fit=fitted(self.fit),
                    last_fit=fitted(self.last_fit),
                    other_outputs=[],
                )
            )
        return views

    def stages(self) -> list[Stage]:
        """Weight layers paired with the activation that follows each of them. An opaque layer
        is a stage of its own whose activation is unknown (None)."""
        stages: list[Stage] = []
        for layer in self.layers:
            if layer.has_weights or layer.opaque:
                stages.append(Stage(layer, None if layer.opaque else layer.activation, layer))
            elif layer.is_activation_only and stages and layer.activation != "linear":
                # The last activation applied decides what the stage outputs; a linear one is
                # the identity (mixed precision's float32 cast), which changes nothing.
                stages[-1].activation = layer.activation
                stages[-1].activation_layer = layer
                stages[-1].activated_after = len(stages[-1].after)
            elif stages:
                stages[-1].after.append(layer)
        return stages

    @property
    def output_known(self) -> bool:
        """Whether its last layer is its output: not for layers added to a model made
        elsewhere that is neither compiled nor fitted where they are added, since whoever
        made it may add more after (a base class's __init__ adding the softmax head once its
        subclass's method has added the hidden layers). Nor when the last layer was added as
        a guess, in a loop over a configuration's layers, or before an exercise's blank."""
        if self.last_added_by_guess:
            return False
        return not self.extends_unknown or self.compile is not None or self.fit is not None

    @property
    def output_stage(self) -> Stage | None:
        stages = self.stages()
        return stages[-1] if stages and self.output_known else None

    def reads_vectors(self) -> bool:
        """Whether each sample the model reads is one vector: it is built from an
        `Input(shape=(8,))`, or its first layer is given `input_dim=8` or `input_shape=(8,)`."""
        if self.one_axis_input:
            return True
        first = self.layers[0] if self.layers else None
        if first is None:
            return False
        shape = first.args.get("input_shape")
        return "input_dim" in first.args or (
            shape is not None and is_one_axis_shape(shape.where.node)
        )

    def first_layer_past(self, passed: frozenset[str], wanted: frozenset[str]) -> LayerSpec | None:
        """The first layer the input meets whose kind is not in `passed` (layers that hand it
        on unchanged in meaning), when its kind is one of `wanted`; None when it is another,
        or when what the input meets first is not known (a block not read, a preprocessing
        step, side branches, layers not followed back to the input)."""
        if not self.input_traced or self.input_branches or self.input_preprocessed:
            return None
        for layer in self.layers:
            if layer.kind not in passed or layer.opaque:
                return layer if layer.kind in wanted and not layer.opaque else None
        return None

    def linear_units(self) -> int | None:
        """The output units of a model linear from input to output (Dense layers with no
        activation, and layers that only reshape or drop values), or None."""
        if not self.layers or not self.input_traced or self.input_preprocessed:
            return None
        if self.has_residual or self.input_is_model_input:
            return None
        units = None
        for layer in self.layers:
            if layer.opaque:
                return None
            if layer.kind == "Dense":
                if layer.activation != "linear" or layer.units is None:
                    return None
                units = layer.units
            elif layer.kind == "Activation" and layer.activation == "linear":
                continue  # `Activation("linear")`, as Keras 1 code writes after each layer
            elif layer.kind not in SHAPE_ONLY_LAYERS:
                return None
        return units

    def labels_binary(self) -> bool | None:
        """Whether the labels given to fit() are one column of 0s and 1s (as
        `DataSpec.binary_seen` reads them); None when no fit() or its labels are known, or they
        come through a pipeline."""
        labels = self.fit.y if self.fit is not None else None
        if labels is None or labels.pipeline:
            return None
        return labels.binary_seen()

    def fitted_labels(self) -> tuple[Stage, LossSpec, DataSpec] | None:
        """What a labels rule compares: the output stage, the loss compiled when fit() ran (a
        later compile does not train on these labels) and fit()'s labels as an array (not a
        pipeline's). None when any of them is not known."""
        stage, fit = self.output_stage, self.fit
        if stage is None or fit is None or fit.loss is None or fit.y is None or fit.y.pipeline:
            return None
        return stage, fit.loss, fit.y
