"""Keras model building: what each Keras call the interpreter meets adds to a `ModelSpec`.

Layers, Sequential and functional models, subclassed models, optimizers, losses, compile()
and fit(): their arguments are bound to Keras's own parameter names (positional ones by
signature, Keras 2 spellings renamed) and read into the plain specs of model.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import libcst as cst

from defib.engine import keras_names as kn
from defib.engine.attributes import near_miss
from defib.engine.data_scale import DataCalls, data_of, shuffles_rows, standardizes_input
from defib.engine.interpreter import (
    Interpreter,
    Library,
    class_methods,
    method_of,
    positional_arguments,
)
from defib.engine.model import (
    MERGE_LAYERS,
    RECURRENT_LAYERS,
    WEIGHT_LAYERS,
    ArgSpec,
    BatchFunction,
    BatchRole,
    CompileSpec,
    DataSpec,
    Default,
    FitSpec,
    InputBranch,
    LayerSpec,
    Located,
    LossSpec,
    ModelSpec,
    OptimizerSpec,
    OutputView,
    TrainingFunction,
    TrainingRole,
    is_one_axis_shape,
)
from defib.engine.source import dotted_name, walk
from defib.engine.values import (
    UNKNOWN,
    BoundArgument,
    ClassValue,
    Const,
    DataValue,
    DictValue,
    FunctionValue,
    GeneratorValue,
    LayerValue,
    ListValue,
    LossValue,
    ModelLayers,
    ModelValue,
    ObjectValue,
    OptimizerValue,
    Prediction,
    RateSchedulerValue,
    Ref,
    ScheduleValue,
    Scope,
    TensorValue,
    Value,
    number,
    origin_of,
    python_value,
    string,
    written_locations,
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
    "Lambda": ["function"],
    "Reshape": ["target_shape"],
}
# Keras 0 took a Dense layer's input size first: `Dense(4, 10, init="uniform")`; from Keras 1 on,
# the second positional argument is an initialiser or an activation, never a size.
KERAS0_DENSE_POSITIONAL = ["input_dim", "units", "kernel_initializer", "activation"]
# Model methods that neither train the model nor change its weights.
_MODEL_LOOKS = frozenset(
    {"summary", "evaluate", "save", "save_weights", "to_json", "count_params", "get_config"}
)
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
# Keras 2.0-2.2 spelled the base `keras.engine.Layer` or `keras.engine.topology.Layer`.
_LAYER_BASES = (
    "layers.Layer",
    "Layer",
    "engine.base_layer.Layer",
    "engine.Layer",
    "engine.topology.Layer",
)


class KerasCalls(Library):
    """Builds a `ModelSpec` for every model the Keras calls the interpreter meets put together:
    Sequential (and .add), functional, subclassed; with its compile() and fit()."""

    builds = True

    def __init__(self, interpreter: Interpreter, data: DataCalls) -> None:
        self.interpreter = interpreter
        self.data = data
        self.models: list[ModelSpec] = []
        self.class_models: dict[tuple[int, int], ModelSpec] = {}
        # Values stored on a Keras model or layer (`self.block = ...`): Keras tracks the models
        # among them as its sub-layers, so they are blocks, not models of their own.
        self.owned: list[Value] = []
        # Layers made, and layers or models applied to a symbolic tensor: see progress(). A model
        # run on a variable (a training loop's step) builds nothing.
        self.made = 0
        # fit() calls on a receiver not understood (a model loaded or built elsewhere, a
        # Hugging Face model) whose data is a tf.data pipeline built from arrays in memory.
        self.unknown_model_fits: list[FitSpec] = []
        # A LearningRateScheduler that sets the rate was handed to code the engine does not
        # read (a training helper of another module), which may attach it to any fit().
        self.scheduler_given_away = False
        # The layer `model.layers.pop()` took off each model's list, until `model.outputs` is
        # pointed past it (keyed by the model spec's id).
        self.popped: dict[int, LayerSpec] = {}
        self.file_shuffles: bool | None = None  # read from the syntax when first needed
        # Functions of the file that run in training (custom losses, Lambda layers' functions).
        self.training_functions: dict[
            tuple[int, int], tuple[FunctionValue, TrainingRole, ModelSpec | None]
        ] = {}
        # Functions of the file that make the batches fit() trains on (generators, Sequences).
        self.batch_sources: dict[tuple[int, int], tuple[FunctionValue, BatchRole]] = {}

    def _runs_in_training(
        self, value: Value, role: TrainingRole, model: ModelSpec | None = None
    ) -> None:
        """Note the functions of the file in `value` (a function, or a list or dict of them, as
        compile() takes one loss per output) as run in every training step; a loss with the
        model it trains."""
        items: list[Value] = [value]
        if isinstance(value, (ListValue, DictValue)):
            # One loss per output: which output each trains is not followed.
            items = list(value.items) if isinstance(value, ListValue) else [*value.items.values()]
            model = None
        for item in items:
            if isinstance(item, ObjectValue) and item.cls is not None:
                # An instance of the file's own Loss class: its call() runs in every step.
                call = method_of(item.cls, "call")
                if call is None:
                    continue
                item = call
            if isinstance(item, FunctionValue):
                self.training_functions.setdefault(item.where.key, (item, role, model))

    def used_in_training(self) -> list[TrainingFunction]:
        """The functions noted as run in training, and the functions of the file they call by
        name (one level down: a loss's helper that decodes the predictions)."""
        found = dict(self.training_functions)
        for function, _, _ in list(found.values()):
            for call in _called_names(function.node):
                callee = function.scope.lookup(call)
                if isinstance(callee, FunctionValue):
                    found.setdefault(callee.where.key, (callee, "helper", None))
        return [
            TrainingFunction(function.where, role, model)
            for function, role, model in found.values()
        ]

    def _feeds_training(self, value: Value) -> None:
        """Note the function of the file that makes the batches of `value`, a training input
        given to fit(): a generator function's generator, or a Sequence's `__getitem__`."""
        if isinstance(value, GeneratorValue):
            function = value.function
            self.batch_sources.setdefault(function.where.key, (function, "generator"))
        elif isinstance(value, ObjectValue) and value.cls is not None:
            getitem = method_of(value.cls, "__getitem__")
            if getitem is not None:
                self.batch_sources.setdefault(getitem.where.key, (getitem, "sequence"))

    def _peek_training_input(self, node: cst.Call, scope: Scope) -> None:
        """fit() on a model not understood (loaded, or built in another module): its training
        input when that is, without reading the call, a generator or Sequence of the file (a
        name bound to one, or a generator function or class of the file called in place)."""
        for index, arg in enumerate(node.args):
            keyword = arg.keyword.value if arg.keyword is not None else None
            if arg.star or not (keyword in ("x", "generator") or (keyword is None and index == 0)):
                continue
            expression = arg.value
            if isinstance(expression, cst.Name):
                self._feeds_training(scope.lookup(expression.value))
            elif isinstance(expression, cst.Call) and isinstance(expression.func, cst.Name):
                callee = scope.lookup(expression.func.value)
                if isinstance(callee, FunctionValue) and self.interpreter.is_generator(callee):
                    self._feeds_training(GeneratorValue(callee))
                elif isinstance(callee, ClassValue) and callee.keras_base is None:
                    self._feeds_training(ObjectValue(callee))

    def used_in_batches(self) -> list[BatchFunction]:
        """The functions noted as making training batches, each with the functions of the
        file it calls (one level down: an augmentation helper called for every image)."""
        functions = []
        for function, role in self.batch_sources.values():
            calls = {
                name: _batch_function(callee, "helper", {})
                for name, callee in _called_functions(function).items()
            }
            functions.append(_batch_function(function, role, calls))
        return functions

    def build_uninstantiated_models(self) -> None:
        """Build the Keras model classes of the file that nobody instantiated."""
        for cls in self.interpreter.classes:
            if cls.keras_base == "model" and cls.where.key not in self.class_models:
                self._build_subclass(cls, [], {})

    def found_models(self) -> list[ModelSpec]:
        """The models built so far, one per place in the file, in order."""
        for value in self.owned:
            for spec in _models_in(value):
                spec.used_as_layer = True
        # Which models compiled or trained hold each layer: a compile() says the model is meant
        # to train, even where the file's reading never reaches its fit() (a debugging cell).
        holders: dict[int, list[ModelSpec]] = {}
        for spec in self.models:
            if spec.fit is not None or spec.compile is not None:
                for layer in spec.layers:
                    holders.setdefault(id(layer), []).append(spec)
        for spec in self.models:
            others = [
                other
                for layer in spec.layers
                for other in holders.get(id(layer), [])
                if other is not spec
            ]
            spec.shares_trained_layers = bool(others)
            spec.shares_fitted_layers = any(other.fit is not None for other in others)
            spec.rate_scheduled_elsewhere = spec.given_away and self.scheduler_given_away
        return _fullest_models(self.models)

    # --- what Keras adds to the interpreter ---------------------------------------------------

    def exports(self, qualified: str) -> bool:
        path = kn.keras_path(qualified)
        return path is not None and bool(
            kn.layer_class(path)
            or kn.is_input(path)
            or kn.is_model_base(path)
            or kn.optimizer_name(path)
        )

    def progress(self) -> object:
        return (
            self.made,
            tuple((len(m.layers), id(m.compile), id(m.fit)) for m in self.models),
        )

    def base_kind(self, bases: Sequence[Value]) -> str | None:
        kind: str | None = None
        for value in bases:
            if isinstance(value, Ref):
                path = kn.keras_path(value.qualified)
                if path is not None and kn.is_model_base(path):
                    kind = "model"
                elif path is not None and path in _LAYER_BASES:
                    kind = kind or "layer"
            elif isinstance(value, ClassValue) and value.keras_base:
                kind = value.keras_base
        return kind

    def call_ref(self, ref: Ref, node: cst.Call, scope: Scope) -> Value | None:
        if (activation := kn.activation_from_path(ref.qualified)) is not None:
            return self._activation_call(activation, node, scope)
        if ref.qualified == "tensorflow_hub.KerasLayer":
            # A TF Hub model as a layer: what it computes is not known, but TF Hub's image
            # models take pixels in [0, 1] (rules read it by its kind).
            self.interpreter.call_arguments(node, scope)
            return LayerValue(LayerSpec(kn.HUB_LAYER, self.interpreter.loc(node), opaque=True))
        if (on_logits := kn.logits_function(ref.qualified)) is not None:
            canonical, written, params = on_logits
            bound = self.interpreter.bind(node, scope, params)
            if "logits" in bound:
                where = self.interpreter.loc(node)
                applied = LossSpec(canonical, where, True, logits_function=written)
                self._loss_applied(applied, bound["logits"].value, node)
            return UNKNOWN
        if kn.keeps_values(ref.qualified):
            if output := self._model_output(node, scope):
                # `tf.reshape(model(x), ...)` in a training loop: still the model's output. The
                # other arguments (a shape, a type) are not read.
                return output
            if (tensor := self._tensor_argument(node, scope)) is not None:
                # `tf.reshape(embedded, [-1, dim])` in a model's call(): the same values on
                # the same path from the input, in another shape.
                reshaped = ref.qualified.rpartition(".")[2] not in ("cast", "identity")
                return self._kept(tensor, reshaped, node)
        if kn.is_sklearn_wrapper(ref.qualified):
            self._read_wrapped_build(node, scope)
            return None
        path = kn.keras_path(ref.qualified)
        if path is None:
            return None
        if (application := kn.application(path)) is not None:
            # A pretrained model used as a layer: what it computes is not known, but which
            # pixel scale its preprocessing wants is (rules read it by its kind).
            self.interpreter.call_arguments(node, scope)
            return LayerValue(LayerSpec(application, self.interpreter.loc(node), opaque=True))
        if kn.is_input(path):
            self.interpreter.call_arguments(node, scope)
            return TensorValue([], one_axis=_one_axis_shape(node))
        if (kind := kn.layer_class(path)) is not None:
            if kind == "TimeDistributed":
                # The wrapped layer, applied at every time step: its weights, units and
                # activation are the wrapper's.
                inner = self.interpreter.positional(node, scope)[:1]
                if inner and isinstance(inner[0], LayerValue):
                    return inner[0]
                return LayerValue(LayerSpec(kind, self.interpreter.loc(node), opaque=True))
            return LayerValue(self._layer(kind, node, scope))
        if (merge := kn.merge_function(path)) is not None:
            # Applied at once to its list of tensors: a merge layer made and called in one go.
            return self._apply_layer(LayerSpec(merge, self.interpreter.loc(node)), node, scope)
        if kn.is_sequential(path):
            return self._sequential(node, scope)
        if kn.is_functional_model(path):
            return self._functional(node, scope)
        if (name := kn.optimizer_name(path)) is not None:
            return OptimizerValue(self._optimizer(name, node, scope))
        if path.endswith("callbacks.LearningRateScheduler"):
            bound = self.interpreter.bind(node, scope, ["schedule"])
            function = bound["schedule"].value if "schedule" in bound else UNKNOWN
            return RateSchedulerValue(not _takes_the_rate(function))
        if (schedule := kn.schedule_name(path)) is not None:
            bound = self.interpreter.bind(node, scope, ["initial_learning_rate"])
            initial = (
                bound["initial_learning_rate"].value
                if "initial_learning_rate" in bound
                else UNKNOWN
            )
            if "warmup_target" in bound:
                # CosineDecay(0.0, ..., warmup_target=1e-3) warms up from 0 to its target and
                # decays from there: the target is the rate it trains at.
                initial = bound["warmup_target"].value
            return ScheduleValue(schedule, initial, self.interpreter.loc(node))
        if (loss := kn.loss_name(path)) is not None:
            canonical, is_class = loss
            if is_class:
                bound = self.interpreter.bind(node, scope, [])
                logits = bound.get("from_logits")
                from_logits = python_value(logits.value) if logits is not None else None
                axis = number(bound["axis"].value) if "axis" in bound else None
                return LossValue(
                    LossSpec(
                        canonical,
                        self.interpreter.loc(node),
                        from_logits if isinstance(from_logits, bool) else None,
                        logits.spec() if logits is not None else None,
                        is_call=True,
                        axis=int(axis) if axis is not None else None,
                    )
                )
            self.interpreter.call_arguments(node, scope)
            return UNKNOWN
        if (initializer := kn.initializer_name(path)) is not None:
            if initializer == "constant":
                value = self.interpreter.bind(node, scope, ["value"]).get("value")
                given = number(value.value) if value is not None else 0.0  # its default
                if given is None:
                    # A matrix (`Constant([[1, 2, 3], [2, 3, 4]])`) or a value not known: each
                    # unit may start with weights of its own.
                    return UNKNOWN
                if given == 0:
                    initializer = "zeros"  # `Constant()`, `Constant(0)`, `Constant(value=0.0)`
            else:
                self.interpreter.call_arguments(node, scope)
            return Const(initializer, self.interpreter.loc(node))
        return None

    def call_method(self, owner: Value, method: str, node: cst.Call, scope: Scope) -> Value | None:
        if isinstance(owner, ModelValue):
            return self._model_method(owner.spec, method, node, scope)
        if owner is UNKNOWN and method == "add":
            return self._add_to_unknown(node, scope)
        if owner is UNKNOWN and method in ("fit", "fit_generator"):
            self._peek_training_input(node, scope)
            if method == "fit":
                return self._fit_unknown_model(node, scope)
            return None  # the call is read as any call of something unknown
        if isinstance(owner, LayerValue) and method == "__call__":
            return self._apply_layer(owner.spec, node, scope)
        if isinstance(owner, ModelLayers) and owner.every and method == "pop" and not node.args:
            # `model.layers.pop()`, Keras 1 and 2.0's way to take a pretrained classifier off:
            # the layer leaves the graph only once `model.outputs` is pointed at the layer
            # before it. Without that, the next add() still follows the old output (and from
            # Keras 2.2, `.layers` is a copy): the layer stays.
            if owner.spec.layers:
                self.popped[id(owner.spec)] = owner.spec.layers[-1]
            return UNKNOWN
        if isinstance(owner, ModelLayers) and method == "set_weights":
            # `for layer in model.layers: layer.set_weights(...)`: weights copied in.
            owner.spec.weights_set = owner.spec.weights_set or self.interpreter.loc(node)
            _weights_loaded(owner.spec)
            return Const(None)
        return None

    def call_value(self, callee: Value, node: cst.Call, scope: Scope) -> Value | None:
        if isinstance(callee, LayerValue):
            return self._apply_layer(callee.spec, node, scope)
        if isinstance(callee, ModelValue):
            callee.spec.used_as_layer = True
            inputs = self.interpreter.positional(node, scope)
            if inputs and isinstance(inputs[0], DataValue):
                output = self.data.through_layers(inputs[0], callee.spec.layers)
                return DataValue(output.spec, output_of=callee.spec)
            tensor = _longest_tensor(inputs[:1])
            if inputs and isinstance(inputs[0], TensorValue):
                self.made += 1  # the graph grows (not a model run on a variable in a loop)
            return TensorValue(
                [*tensor.layers, *_block_layers(callee.spec, self.interpreter.loc(node))],
                from_input=tensor.from_input,
                output_of=callee.spec,
            )
        if isinstance(callee, LossValue):
            args = self.interpreter.positional(node, scope)
            if len(args) > 1:
                self._loss_applied(callee.spec, args[1], node)
            return UNKNOWN
        return None

    def _loss_applied(self, loss: LossSpec, predicted: Value, node: cst.Call) -> None:
        """`loss_fn(y, model(x))` in a training loop written by hand (or TensorFlow's
        `tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=model(x))`): for a model
        never compiled, that loss is the loss it trains with (the rules compare it with the
        output layer as they would a compiled one)."""
        if not isinstance(predicted, (TensorValue, DataValue)) or predicted.output_of is None:
            return
        model = predicted.output_of
        if model.compile is None:
            model.compile = CompileSpec(self.interpreter.loc(node), None, loss)

    def _model_output(self, node: cst.Call, scope: Scope) -> TensorValue | DataValue | None:
        """The model output that `node`'s first argument is, when it is one: a name bound to
        it, or itself a call that keeps its values (`tf.reshape(tf.cast(y_pred, ...), ...)`).
        Read without evaluating anything, so nothing is read twice."""
        argument = _first_positional(node)
        if isinstance(argument, cst.Name):
            value = scope.lookup(argument.value)
            if isinstance(value, (TensorValue, DataValue)) and value.output_of is not None:
                return value
            return None
        if isinstance(argument, cst.Call) and (name := dotted_name(argument.func)):
            head, *rest = name.split(".")
            callee = scope.lookup(head)
            if isinstance(callee, Ref) and kn.keeps_values(".".join([callee.qualified, *rest])):
                return self._model_output(argument, scope)
        return None

    def _tensor_argument(self, node: cst.Call, scope: Scope) -> TensorValue | None:
        """The symbolic tensor `node`'s first argument names (`tf.reshape(x, ...)`), read
        without evaluating anything, as `_model_output` reads a model output."""
        argument = _first_positional(node)
        if not isinstance(argument, cst.Name):
            return None
        value = scope.lookup(argument.value)
        return value if isinstance(value, TensorValue) and value.output_of is None else None

    def _kept(self, tensor: TensorValue, reshaped: bool, node: cst.CSTNode) -> TensorValue:
        """`tensor` through something that keeps its values (`tf.reshape`, `tf.cast`, a
        slice): a `Reshape` on its path where the shape changes (`reshaped`), so that its
        units are not taken for the last axis's."""
        layers = list(tensor.layers)
        if reshaped:
            layers.append(LayerSpec("Reshape", self.interpreter.loc(node)))
        return TensorValue(
            layers,
            tensor.residual,
            tensor.preprocessed,
            tensor.from_input,
            tensor.branches,
            one_axis=tensor.one_axis and not reshaped,
        )

    def call_unknown(self, args: Sequence[Value], node: cst.Call) -> Value | None:
        if args and isinstance(args[0], TensorValue):
            # Something unknown applied to a tensor (a pretrained base model, a helper from
            # another module): the result still derives from the model's input, which that
            # call may well rescale (EfficientNet does), so scaling is not questioned; and
            # what it computes, activation included, is not known.
            tensor = args[0]
            self.made += 1
            chain = [*tensor.layers, self._opaque(node)]
            return TensorValue(chain, tensor.residual, True, tensor.from_input)
        return None

    def attribute(self, base: Value, attr: str) -> Value | None:
        if isinstance(base, ModelValue) and attr != "name":
            # `.layers`, `.trainable_variables`, `.input`: what is done with them is not
            # followed, but for which layers are frozen.
            base.spec.handled_elsewhere = True
            base.spec.output_taken = base.spec.output_taken or attr in ("output", "outputs")
            if attr == "layers":
                return ModelLayers(base.spec, every=True)
        return None

    def loop_items(self, iterable: Value) -> list[Value] | None:
        if isinstance(iterable, ModelLayers):
            return [iterable]  # one pass, for each of those layers
        return None

    def subscript(self, base: Value, node: cst.Subscript) -> Value | None:
        if isinstance(base, ModelLayers):
            return ModelLayers(base.spec, every=False)  # a slice or one layer: some of them
        if isinstance(base, TensorValue) and base.output_of is None:
            # `inputs[:, 0]` (a column of ids for an Embedding), `x[:, -1]` (a recurrent
            # layer's last step): some of the same values, on the same path from the input.
            return self._kept(base, True, node)
        return None

    def set_value_attribute(self, owner: Value, name: str, value: Value, where: Located) -> None:
        """`model.trainable = False`, or `layer.trainable = False` in a loop over all of
        `model.layers`, freezes the whole model; making anything trainable again (a slice of
        the layers, a layer found some other way) undoes what is known of every freeze. And
        `model.outputs = ...` completes a `model.layers.pop()`."""
        if name == "outputs" and isinstance(owner, ModelValue):
            # `model.outputs = [model.layers[-1].output]` after `model.layers.pop()`.
            popped = self.popped.pop(id(owner.spec), None)
            layers = owner.spec.layers
            if popped is not None and layers and layers[-1] is popped:
                self._take_off_last_layer(owner.spec)
            return
        if name != "trainable":
            return
        spec = owner.spec if isinstance(owner, (ModelValue, ModelLayers)) else None
        every = isinstance(owner, ModelValue) or (isinstance(owner, ModelLayers) and owner.every)
        frozen = isinstance(value, Const) and value.value is False
        if frozen and spec is not None and every and not self.interpreter.guessing:
            spec.frozen, spec.frozen_compiled = where, False
        elif not frozen:
            for model in [spec] if spec is not None else self.models:
                model.frozen = None

    def _read_wrapped_build(self, node: cst.Call, scope: Scope) -> None:
        """Read the build function a scikit-learn wrapper is given as the wrapper calls it: with
        the wrapper's arguments that it names (`lr=0.01`, or scikeras's `model__lr=0.01`), and
        its other parameters at their defaults, unless the file runs a parameter search (a
        grid search sets them: a default of 0 may never be used)."""
        args, kwargs = self.interpreter.call_arguments(node, scope)
        build = kwargs.get("build_fn", kwargs.get("model", args[0] if args else None))
        if not isinstance(build, FunctionValue) or isinstance(build.node, cst.Lambda):
            return
        params = build.node.params
        names = {
            p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)
        }
        given = {
            name.removeprefix("model__"): value
            for name, value in kwargs.items()
            if name.removeprefix("model__") in names
        }
        searched = any(kn.searches_parameters(chunk.code) for chunk in self.interpreter.chunks)
        self.interpreter.call_function(build, [], given, None, defaults_known=not searched)

    def code_left_out(self, scope: Scope) -> None:
        """A model being built when code is left out (`model.add(Dense(128))`, then an
        exercise's `[...]`): its last layer so far may not be its output."""
        for value in scope.names.values():
            if isinstance(value, ModelValue) and value.spec.compile is None:
                value.spec.last_added_by_guess = True

    def given_away(self, values: Sequence[Value]) -> None:
        """The models among `values`, and in the lists and dicts they hold (which may hold
        themselves: `a.append(a)`), may be trained or changed by code the engine does not
        read."""
        pending: list[Value] = [
            v
            for v in values
            if isinstance(v, (ModelValue, ListValue, DictValue, RateSchedulerValue))
        ]
        seen: set[int] = set()
        while pending:
            value = pending.pop()
            if id(value) in seen:
                continue
            seen.add(id(value))
            if isinstance(value, ModelValue):
                value.spec.handled_elsewhere = True
                value.spec.given_away = True
            elif isinstance(value, RateSchedulerValue) and value.replaces_rate:
                self.scheduler_given_away = True
            elif isinstance(value, ListValue):
                pending.extend(value.items)
            elif isinstance(value, DictValue):
                pending.extend(value.items.values())

    def set_attribute(self, owner: ObjectValue, name: str, value: Value) -> None:
        if owner.cls is not None and owner.cls.keras_base is not None:
            self.owned.append(value)

    def instantiate(
        self, cls: ClassValue, args: list[Value], kwargs: dict[str, Value]
    ) -> Value | None:
        if cls.keras_base == "model":
            spec = self.class_models.get(cls.where.key) or self._build_subclass(cls, args, kwargs)
            return ModelValue(spec)
        if cls.keras_base == "layer":
            return LayerValue(
                LayerSpec(
                    cls.node.name.value,
                    cls.where,
                    opaque=True,
                    standardizes=standardizes_input(cls.node),
                )
            )
        return None

    # --- models -------------------------------------------------------------------------------

    def _model_method(self, spec: ModelSpec, method: str, node: cst.Call, scope: Scope) -> Value:
        if method == "add":
            spec.frozen = None  # the layer added after a freeze is trainable
            values = self.interpreter.positional(node, scope)[:1]
            wheres = [Located(arg.value, self.interpreter.chunk) for arg in node.args[:1]]
            self._add_layers(spec, values, wheres)
            spec.last_added_by_guess = bool(
                self.interpreter.guessing and self.interpreter.uncounted_loops
            )
            return Const(None)
        if method == "pop" and not node.args:
            # Sequential.pop(): the last layer taken off.
            if (popped := self._take_off_last_layer(spec)) is not None:
                return LayerValue(popped)
            spec.handled_elsewhere = True
            return UNKNOWN
        if method == "compile":
            spec.compile, loss = self._compile(node, scope, _output_name(spec), spec)
            if spec.own_loss:
                spec.compile.loss = None  # its train_step computes a loss of its own
            for other in spec.other_outputs:
                own = None
                if loss is not None and not spec.own_loss:
                    own = _loss_of(loss, other.name, other.slot)
                other.compiles[id(spec.compile)] = replace(spec.compile, loss=own)
            spec.frozen_compiled = spec.frozen is not None
            return Const(None)
        if method in ("fit", "fit_generator", "train_on_batch"):
            if spec.frozen is not None and spec.frozen_compiled and spec.trained_frozen is None:
                spec.trained_frozen = (spec.frozen, self.interpreter.loc(node))
            if (
                spec.frozen is not None
                and not spec.frozen_compiled
                and spec.compile is not None
                and spec.trained_frozen_after_compile is None
            ):
                spec.trained_frozen_after_compile = (spec.frozen, self.interpreter.loc(node))
            fit, labels, inputs = self._fit(node, scope, spec)
            fit.loss = spec.compile.loss if spec.compile is not None else None
            fit.compiled = spec.compile
            fit.repeated = method == "train_on_batch" or self.interpreter.looping > 0
            for other in spec.other_outputs:
                other.fits[id(fit)] = _view_fit(fit, labels, inputs, other)
            if spec.fit is None:
                spec.fit = fit
            spec.last_fit = fit
            return UNKNOWN
        args, kwargs = self.interpreter.call_arguments(node, scope)
        if method in ("evaluate", "predict", "predict_on_batch") and spec.fit is not None:
            given = args[0] if args else kwargs.get("x")
            written = next(
                (
                    arg.value
                    for arg in node.args
                    if (arg.keyword is None and not arg.star)
                    or (arg.keyword is not None and arg.keyword.value == "x")
                ),
                None,
            )
            if isinstance(given, DataValue) and written is not None:
                spec.judged_on.append((given.spec, Located(written, self.interpreter.chunk)))
        if method in ("predict", "predict_on_batch"):
            spec.predicted = spec.predicted or self.interpreter.loc(node)
        elif method in ("load_weights", "set_weights"):
            spec.weights_set = spec.weights_set or self.interpreter.loc(node)
            if self.interpreter.guessing:
                spec.weights_loaded_if = spec.weights_loaded_if or self.interpreter.loc(node)
            else:
                spec.handled_elsewhere = True
                _weights_loaded(spec)
        elif method not in _MODEL_LOOKS:
            spec.handled_elsewhere = True
        self.given_away([*args, *kwargs.values()])
        if method in ("predict", "predict_on_batch") and spec.fit is None:
            # The file runs the model on the array as it is (an untrained feature extractor,
            # say): that array is not one a fit() still to be written would take.
            self.data.pass_on(args[0] if args else kwargs.get("x", UNKNOWN))
        if method in ("predict", "predict_on_batch"):
            where = self.interpreter.loc(node)
            return DataValue(DataSpec("unknown", where), prediction=Prediction(spec))
        return UNKNOWN

    def _take_off_last_layer(self, spec: ModelSpec) -> LayerSpec | None:
        """Take the last layer off a Sequential model, when the statement surely runs (not a
        branch read as a guess); None when nothing was taken off."""
        if spec.style == "sequential" and spec.layers and not self.interpreter.guessing:
            return spec.layers.pop()
        return None

    def _add_to_unknown(self, node: cst.Call, scope: Scope) -> Value:
        """`base.add(Dense(...))` on a value not understood (a loaded or copied model, a
        helper's from another module): a Keras layer with weights added to it makes it a
        Sequential model whose first layers are not known. The receiver is bound to that model,
        so its compile() and fit() are read. Anything else `.add()` receives (a set's item, or a
        lone `model.add(Dropout(0.5))` shown as a snippet) changes nothing."""
        values = self.interpreter.positional(node, scope)
        receiver = node.func.value if isinstance(node.func, cst.Attribute) else None
        if (
            receiver is None
            or len(node.args) != 1
            or not values
            or not isinstance(values[0], LayerValue)
            or not values[0].spec.has_weights
            or not isinstance(receiver, (cst.Name, cst.Attribute))
        ):
            return UNKNOWN
        spec = ModelSpec(
            None,
            "sequential",
            self.interpreter.loc(node),
            input_traced=False,
            extends_unknown=True,
        )
        spec.layers.append(LayerSpec("?", self.interpreter.loc(receiver), opaque=True))
        spec.layers.append(values[0].spec)
        self.models.append(spec)
        self.interpreter.assign(receiver, ModelValue(spec), scope)
        return Const(None)

    def _add_layers(
        self, spec: ModelSpec, values: Sequence[Value], wheres: Sequence[Located]
    ) -> None:
        """Append what Sequential(...) or .add() received: layers, sub-models' layers, and an
        opaque layer for anything not understood (a pretrained model, a helper's head)."""
        for value, where in zip(values, wheres, strict=False):
            if isinstance(value, TensorValue) and not spec.layers:
                spec.one_axis_input = value.one_axis  # `keras.Input((8,))` first
            elif isinstance(value, LayerValue):
                spec.layers.append(value.spec)
            elif isinstance(value, ModelValue):
                value.spec.used_as_layer = True
                spec.layers.extend(_block_layers(value.spec, where))
            elif value is UNKNOWN or isinstance(value, (ObjectValue, ModelLayers)):
                # A layer taken from a model (`model.layers[-1]`, the output layer put back
                # after a new hidden one) is one whose kind is not followed.
                spec.layers.append(LayerSpec("?", where, opaque=True))

    def _opaque(self, node: cst.CSTNode) -> LayerSpec:
        return LayerSpec("?", self.interpreter.loc(node), opaque=True)

    def _activation_call(self, activation: str, node: cst.Call, scope: Scope) -> Value:
        """`tf.nn.softmax(x)` on a tensor applies an activation, as `Lambda(tf.nn.softmax)`."""
        args = self.interpreter.bind(node, scope, ["x", "axis"])
        # The tensor's parameter is `x` in Keras, `logits` or `features` in tf.nn.
        tensor = next((args[n].value for n in ("x", "logits", "features") if n in args), UNKNOWN)
        if not isinstance(tensor, TensorValue):
            return UNKNOWN
        layer = LayerSpec(
            "Lambda",
            self.interpreter.loc(node),
            {name: arg.spec() for name, arg in args.items() if name == "axis"},
            activation=activation,
        )
        return TensorValue(
            [*tensor.layers, layer],
            tensor.residual,
            tensor.preprocessed,
            tensor.from_input,
            tensor.branches,
        )

    def _apply_layer(self, layer: LayerSpec, node: cst.Call, scope: Scope) -> Value:
        inputs = self.interpreter.positional(node, scope)[:1]
        if inputs and isinstance(inputs[0], DataValue):
            return self.data.through_layers(inputs[0], [layer])
        if inputs and isinstance(inputs[0], ListValue):
            inputs = list(inputs[0].items)
        longest = _longest_tensor(inputs)
        tensors = [t for t in inputs if isinstance(t, TensorValue)]
        if tensors:
            self.made += 1  # the graph grows (not a layer run on a variable in a loop)
        residual = any(t.residual for t in tensors) or (
            layer.kind in ("Add", "Concatenate", "Average") and len(tensors) > 1
        )
        preprocessed = any(t.preprocessed for t in tensors)
        # Once each: tensors merged again and again (a DenseNet) share their branches.
        branches = list({id(b): b for t in tensors for b in t.branches}.values())
        if layer.kind in MERGE_LAYERS:
            # The other inputs of a merge are paths of their own from the model's input.
            followed = [t for t in tensors if t.from_input and not t.preprocessed]
            branches += [
                InputBranch(list(t.layers), layer, self.interpreter.loc(node))
                for t in followed
                if t is not longest
            ]
            if len(followed) < len(inputs):
                layer.merges_untraced = True
        return TensorValue(
            [*longest.layers, layer], residual, preprocessed, longest.from_input, branches
        )

    def _layer(self, kind: str, node: cst.Call, scope: Scope) -> LayerSpec:
        self.made += 1
        renames = KERAS2_RENAMES if kind in WEIGHT_LAYERS or kind.startswith("Dropout") else {}
        positional = LAYER_POSITIONAL.get(kind, [])
        if kind == "Dense" and _second_positional_is_a_size(node, scope):
            positional = KERAS0_DENSE_POSITIONAL
        args = self.interpreter.bind(node, scope, positional, renames)
        spec = LayerSpec(
            kind, self.interpreter.loc(node), {name: arg.spec() for name, arg in args.items()}
        )
        units = args.get("units") or args.get("filters")
        if units is not None and (count := number(units.value)) is not None:
            spec.units = int(count)
        activation_arg = args.get("activation")
        spec.activation_arg = spec.args.get("activation")
        if kind in kn.ACTIVATION_LAYER_NAMES:
            spec.activation = kn.ACTIVATION_LAYER_NAMES[kind]
        elif kind == "Lambda":
            function = args.get("function")
            spec.activation = _activation_of(function.value) if function is not None else None
            if function is not None:
                self._runs_in_training(function.value, "layer")
        elif activation_arg is not None:
            spec.activation = _activation_of(activation_arg.value)
            if isinstance(activation_arg.value, FunctionValue):
                # An activation function of the file: it runs in every training step.
                self._runs_in_training(activation_arg.value, "layer")
        elif any(near_miss(name, "activation") for name in args):
            # `Dense(1, ctivation="sigmoid")`: Keras refuses the call, and whatever the author
            # meant, the layer is not the linear one its default would make.
            spec.activation = None
        elif kind in WEIGHT_LAYERS:
            spec.activation = "linear"
        elif kind in RECURRENT_LAYERS:
            spec.activation = "tanh"
        spec.kernel_initializer = _initializer(args.get("kernel_initializer"))
        use_bias = args.get("use_bias")
        if (
            use_bias is not None
            and isinstance(use_bias.value, Const)
            and use_bias.value.value is False
        ):
            spec.bias_initializer = "zeros"  # no bias: as good as a bias of zeros that stays
        elif "bias_initializer" in args:
            spec.bias_initializer = _initializer(args["bias_initializer"]) or "unknown"
        target = args.get("target_shape")
        if kind == "Reshape" and target is not None:
            spec.values_per_sample = _product(target.value)
        if (
            ("activation" in args or "units" in args)
            and not spec.has_weights
            and not spec.is_activation_only
        ):
            # A layer class with weights or an activation of its own that Defib does not know
            # (Keras 1's `MaxoutDense`, `Highway`, a newer Keras's): what it computes is not
            # known, rather than passed over as if it were a Dropout.
            spec.opaque = True
        return spec

    def _sequential(self, node: cst.Call, scope: Scope) -> Value:
        bound = self.interpreter.bind(node, scope, ["layers", "name"])
        spec = ModelSpec(None, "sequential", self.interpreter.loc(node))
        layers = bound.get("layers")
        if layers is not None and isinstance(layers.value, ListValue):
            items = layers.value.items
            # Each item where it is written, so an opaque one can be pointed at.
            wheres = written_locations(layers.value) or [layers.where] * len(items)
            self._add_layers(spec, items, wheres)
        self.models.append(spec)
        return ModelValue(spec)

    def _functional(self, node: cst.Call, scope: Scope) -> Value:
        bound = self.interpreter.bind(
            node, scope, ["inputs", "outputs", "name"], {"input": "inputs", "output": "outputs"}
        )
        spec = ModelSpec(None, "functional", self.interpreter.loc(node))
        inputs = bound.get("inputs")
        given = inputs.value if inputs is not None else UNKNOWN
        if isinstance(given, ListValue) and len(given.items) == 1:
            given = given.items[0]
        spec.one_axis_input = isinstance(given, TensorValue) and given.one_axis
        outputs = bound.get("outputs")
        value = outputs.value if outputs is not None else UNKNOWN
        # Each output traced, by its place: its index among a list's items, or its key.
        traced: list[tuple[tuple[int, int] | str | None, TensorValue]] = []
        if isinstance(value, ListValue):
            items = value.items
            traced = [
                ((i, len(items)) if len(items) > 1 else None, v)
                for i, v in enumerate(items)
                if isinstance(v, TensorValue)
            ]
        elif isinstance(value, DictValue):
            traced = [
                (k if isinstance(k, str) else None, v)
                for k, v in value.items.items()
                if isinstance(v, TensorValue)
            ]
        if isinstance(value, (ListValue, DictValue)):
            spec.output_slot, value = traced[0] if traced else (None, UNKNOWN)
            spec.other_outputs = [
                OutputView(
                    slot,
                    list(tensor.layers),
                    _output_name(ModelSpec(None, "functional", spec.where, list(tensor.layers))),
                    tensor.residual,
                    tensor.preprocessed,
                    list(tensor.branches),
                    tensor.from_input,
                )
                for slot, tensor in traced[1:]
                if slot is not None
            ]
        if isinstance(value, TensorValue):
            spec.layers = list(value.layers)
            spec.has_residual = value.residual
            spec.input_preprocessed = value.preprocessed
            spec.input_branches = list(value.branches)
        spec.input_traced = isinstance(value, TensorValue) and value.from_input
        self.models.append(spec)
        return ModelValue(spec)

    def _optimizer(self, name: str, node: cst.Call, scope: Scope) -> OptimizerSpec:
        bound = self.interpreter.bind(node, scope, OPTIMIZER_POSITIONAL, {"lr": "learning_rate"})
        spec = OptimizerSpec(name, self.interpreter.loc(node), None, None)
        rate = bound.get("learning_rate")
        if rate is None:
            spec.learning_rate = kn.OPTIMIZER_DEFAULT_RATES[name]
            spec.uses_default_rate = True
        else:
            value = rate.value
            if isinstance(value, ScheduleValue):
                spec.schedule = value.name
                value = value.initial
            spec.learning_rate = number(value)
            spec.learning_rate_arg = ArgSpec(
                rate.name, origin_of(value) or rate.where, rate.arg, number(value)
            )
        momentum = bound.get("momentum")
        if momentum is not None:
            spec.momentum = number(momentum.value)
        decay = bound.get("decay")
        if decay is not None and (factor := number(decay.value)) is not None:
            spec.decay = factor
            spec.decay_arg = ArgSpec(
                decay.name, origin_of(decay.value) or decay.where, decay.arg, factor
            )
        spec.clipped = any(
            key in bound and python_value(bound[key].value) is not None
            for key in ("clipnorm", "clipvalue", "global_clipnorm")
        )
        return spec

    def _compile(
        self, node: cst.Call, scope: Scope, output: str | None, model: ModelSpec
    ) -> tuple[CompileSpec, BoundArgument | None]:
        """The compile() call, and its `loss` argument as given (for the other outputs)."""
        bound = self.interpreter.bind(node, scope, COMPILE_POSITIONAL)
        compile_spec = CompileSpec(self.interpreter.loc(node), None, None)
        optimizer = bound.get("optimizer")
        if optimizer is not None:
            value = optimizer.value
            if isinstance(value, OptimizerValue):
                compile_spec.optimizer = value.spec
            elif (text := string(value)) is not None and (name := kn.optimizer_from_string(text)):
                compile_spec.optimizer = OptimizerSpec(
                    name,
                    optimizer.where,
                    kn.OPTIMIZER_DEFAULT_RATES[name],
                    None,
                    uses_default_rate=True,
                    from_string=True,
                )
        loss = bound.get("loss")
        if loss is not None:
            compile_spec.loss = _loss_of(loss, output, model.output_slot)
            self._runs_in_training(loss.value, "loss", model)
        metrics = bound.get("metrics")
        if metrics is not None:
            compile_spec.metrics = _metric_names(metrics.value)
        return compile_spec, loss

    def _fit(
        self, node: cst.Call, scope: Scope, model: ModelSpec
    ) -> tuple[FitSpec, BoundArgument | None, BoundArgument | None]:
        """The fit() call, and its labels and inputs as given (for the other outputs)."""
        bound = self.interpreter.bind(node, scope, FIT_POSITIONAL, {"nb_epoch": "epochs"})
        fit = FitSpec(self.interpreter.loc(node), None, None)
        x, y = bound.get("x"), bound.get("y")
        labels = y
        if y is not None and (model.output_slot is not None or isinstance(y.value, DictValue)):
            # The labels of the output traced, from a list or dict of every output's (a dict
            # of one output's, keyed by its layer's name, too).
            value, where = _slot_item(y.value, y.where, _output_name(model), model.output_slot)
            y = BoundArgument(y.name, value, where, y.arg)
        source = x if x is not None else bound.get("generator")  # fit_generator(generator=...)
        if source is not None:
            self._feeds_training(source.value)
        if x is not None:
            fit.x = data_of(x)
            fit.x_arg = x.spec()
            self.data.pass_on(x.value)
            inputs = x.value.items if isinstance(x.value, ListValue) else []
            if isinstance(x.value, DictValue):
                inputs = list(x.value.items.values())
            fit.x_inputs = [item.spec for item in inputs if isinstance(item, DataValue)]
            fit.unshuffled_slices = self._unshuffled_slices(fit.x)
        if y is not None:
            fit.y = data_of(y)
            fit.y_arg = y.spec()
            predicted = y.value.prediction if isinstance(y.value, DataValue) else None
            fit.bootstrapped = predicted is not None and predicted.model is model
        elif x is not None and isinstance(x.value, DataValue):
            # A pipeline or generator of (features, labels): the labels it carries.
            fit.y = x.value.spec.carried_labels
            model.input_is_model_input = model.input_is_model_input or x.value.spec.reconstructs
        if x is not None and y is not None and x.value is not UNKNOWN:
            same = x.value is y.value or (
                isinstance(x.value, DataValue)
                and isinstance(y.value, DataValue)
                and x.value.spec is y.value.spec
            )
            if same or (
                isinstance(x.arg, cst.Arg)
                and isinstance(y.arg, cst.Arg)
                and self.interpreter.chunk.module.code_for_node(x.arg.value)
                == self.interpreter.chunk.module.code_for_node(y.arg.value)
            ):
                model.input_is_model_input = True
        epochs = bound.get("epochs")
        if epochs is not None and (count := number(epochs.value)) is not None:
            fit.epochs = int(count)
        for name in ("batch_size", "steps_per_epoch"):
            given = bound.get(name)
            if given is not None and (count := number(given.value)) is not None:
                setattr(fit, name, int(count))
        split = bound.get("validation_split")
        if split is not None and (fraction := number(split.value)) is not None:
            fit.validation_split = fraction
        callbacks = bound.get("callbacks")
        if callbacks is not None and isinstance(callbacks.value, ListValue):
            fit.rate_scheduled = any(
                isinstance(item, RateSchedulerValue) and item.replaces_rate
                for item in callbacks.value.items
            )
        validation = bound.get("validation_data")
        if (
            validation is not None
            and isinstance(validation.where.node, (cst.Tuple, cst.List))
            and isinstance(validation.value, ListValue)
            and validation.value.items
            and isinstance(validation.value.items[0], DataValue)
        ):
            fit.validation_x = validation.value.items[0].spec
            fit.validation_x_where = Located(
                validation.where.node.elements[0].value, self.interpreter.chunk
            )
        return fit, labels, x

    def _unshuffled_slices(self, data: DataSpec | None) -> Located | None:
        """Where fit()'s data was built, when it is a tf.data pipeline of arrays in memory that
        nothing shuffles (fit() shuffles arrays, never a Dataset): no shuffle() in its chain,
        arrays not known to be in random order, and no shuffling anywhere in the file (arrays
        shuffled on the way are not always followed)."""
        if data is None or not data.pipeline or data.shuffled or data.slices is None:
            return None
        if data.unlabelled:
            return None  # no labels to come in order of (a GAN's samples, an autoencoder's)
        if self.file_shuffles is None:
            self.file_shuffles = shuffles_rows([chunk.module for chunk in self.interpreter.chunks])
        return None if self.file_shuffles else data.slices

    def _fit_unknown_model(self, node: cst.Call, scope: Scope) -> Value:
        """`model.fit(dataset)` on a model not understood: only what its data says is kept,
        when it is a tf.data pipeline of arrays in memory (no sklearn estimator takes one)."""
        bound = self.interpreter.bind(node, scope, FIT_POSITIONAL)
        x = bound.get("x")
        if x is None or not isinstance(x.value, DataValue) or x.value.spec.slices is None:
            return UNKNOWN
        fit = FitSpec(self.interpreter.loc(node), x.value.spec, x.value.spec.carried_labels)
        fit.x_arg = x.spec()
        fit.unshuffled_slices = self._unshuffled_slices(fit.x)
        fit.repeated = self.interpreter.looping > 0
        self.unknown_model_fits.append(fit)
        return UNKNOWN

    def _build_subclass(
        self, cls: ClassValue, args: list[Value], kwargs: dict[str, Value]
    ) -> ModelSpec:
        spec = ModelSpec(cls.node.name.value, "subclass", cls.where)
        self.class_models[cls.where.key] = spec
        self.models.append(spec)
        instance = ObjectValue(cls)
        methods = {m.name.value: m for m in class_methods(cls.node)}
        with self.interpreter.in_chunk(cls.where.chunk):
            if "__init__" in methods:
                init = FunctionValue(
                    methods["__init__"], Located(methods["__init__"], cls.where.chunk), cls.scope
                )
                self.interpreter.call_function(init, args, kwargs, self_value=instance)
            if "call" in methods:
                call = FunctionValue(
                    methods["call"], Located(methods["call"], cls.where.chunk), cls.scope
                )
                # Read as fit() runs it: Keras passes `training=True`, and a training loop
                # written by hand passes its own flag (`is_training=True`) the same way.
                flags: dict[str, Value] = {
                    p.name.value: Const(True)
                    for p in (*methods["call"].params.params, *methods["call"].params.kwonly_params)
                    if p.name.value in _TRAINING_FLAGS
                }
                result = self.interpreter.call_function(
                    call, [TensorValue([])], flags, self_value=instance
                )
                if isinstance(result, ListValue):
                    result = next((r for r in result.items if isinstance(r, TensorValue)), UNKNOWN)
                if isinstance(result, TensorValue):
                    spec.layers = list(result.layers)
                    spec.has_residual = result.residual
                    spec.input_preprocessed = result.preprocessed
                    spec.input_branches = list(result.branches)
                spec.input_traced = isinstance(result, TensorValue) and result.from_input
            else:
                # No call() of its own (a trainer whose train_step drives the models it holds):
                # what its input meets is not known.
                spec.input_traced = False
            spec.own_train_step = "train_step" in methods
            if spec.own_train_step and not _uses_compiled_loss(methods["train_step"]):
                spec.own_loss = True
        return spec


def _first_positional(call: cst.Call) -> cst.BaseExpression | None:
    """The expression a call passes first by position, if it passes one first."""
    if not call.args or call.args[0].keyword is not None or call.args[0].star:
        return None
    return call.args[0].value


def _uses_compiled_loss(train_step: cst.FunctionDef) -> bool:
    """Whether a model's own train_step() trains with the loss given to compile()
    (`self.compiled_loss`, `self.compute_loss`, `self.loss`)."""
    return any(
        isinstance(node, cst.Attribute)
        and node.attr.value in ("compiled_loss", "compute_loss", "loss")
        for node in walk(train_step)
    )


def _takes_the_rate(schedule: Value) -> bool:
    """Whether a LearningRateScheduler's function is the file's own, takes the current rate as
    well as the epoch (`def schedule(epoch, lr)`) and reads it, so it may build on the
    optimizer's. One that takes the rate and never reads it (`return 0.2 / (1 + 0.3 * epoch)`)
    sets the rate from the epoch alone."""
    if not isinstance(schedule, FunctionValue) or positional_arguments(schedule) < 2:
        return False
    params = schedule.node.params
    names = [p.name.value for p in (*params.posonly_params, *params.params)]
    rate = names[1] if schedule.owner is None else names[2] if len(names) > 2 else None
    if rate is None:
        return True
    body = schedule.node.body
    return any(isinstance(node, cst.Name) and node.value == rate for node in walk(body))


# The names a model's call() takes its training flag by.
_TRAINING_FLAGS = frozenset({"training", "is_training", "train", "is_train"})


def _second_positional_is_a_size(node: cst.Call, scope: Scope) -> bool:
    """Whether a call's second positional argument is a size (`10`, `y.shape[1]`, `len(x)`,
    a name bound to a number): Keras 0's `Dense(input_dim, output_dim)`."""
    positional = [arg.value for arg in node.args if arg.keyword is None and not arg.star]
    if len(positional) < 2:
        return False
    second = positional[1]
    if isinstance(second, cst.Integer):
        return True
    if isinstance(second, cst.Subscript):
        return isinstance(second.value, cst.Attribute) and second.value.attr.value == "shape"
    if isinstance(second, cst.Call):
        return isinstance(second.func, cst.Name) and second.func.value == "len"
    if isinstance(second, cst.Name):
        value = scope.lookup(second.value)
        return isinstance(value, Const) and number(value) is not None
    return False


def _longest_tensor(inputs: Sequence[Value]) -> TensorValue:
    """The input tensor that went through the most layers; one from nowhere when none is."""
    tensors = [t for t in inputs if isinstance(t, TensorValue)]
    return (
        max(tensors, key=lambda t: len(t.layers)) if tensors else TensorValue([], from_input=False)
    )


def _block_layers(block: ModelSpec, where: Located) -> list[LayerSpec]:
    """The layers a model used as a layer applies to its input: its own, after an opaque one
    (pointed at `where`) when the path from its input is not known (`Model(other.input,
    other.get_layer(name).output)`, a backbone cut out of a model of the file's own), which
    may rescale or do anything, unless its layers already start with one."""
    if block.input_traced or (block.layers and block.layers[0].opaque):
        return block.layers
    return [LayerSpec("?", where, opaque=True), *block.layers]


def _models_in(value: Value, depth: int = 0) -> list[ModelSpec]:
    """The models a value holds: itself, or the items of a list or dict of them."""
    if isinstance(value, ModelValue):
        return [value.spec]
    if depth > 3:
        return []
    if isinstance(value, ListValue):
        return [spec for item in value.items for spec in _models_in(item, depth + 1)]
    if isinstance(value, DictValue):
        return [spec for item in value.items.values() for spec in _models_in(item, depth + 1)]
    return []


def _initializer(argument: BoundArgument | None) -> str | None:
    """The canonical name of an initialiser argument ("zeros", "ones", "constant", ...), when
    it is known."""
    if argument is not None:
        value = argument.value
        if isinstance(value, Const) and isinstance(value.value, str):
            return kn.initializer_from_string(value.value)
    return None


def _activation_of(value: Value) -> str | None:
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


def _view_fit(
    fit: FitSpec,
    labels: BoundArgument | None,
    inputs: BoundArgument | None,
    other: OutputView,
) -> FitSpec:
    """A fit() as the output `other` meets it: its own item of the labels, with the loss of
    the compile() in force."""
    compiled = other.compiles.get(id(fit.compiled)) if fit.compiled is not None else None
    view = replace(
        fit, y=None, y_arg=None, loss=compiled.loss if compiled else None, compiled=compiled
    )
    if labels is not None:
        value, where = _slot_item(labels.value, labels.where, other.name, other.slot)
        given = BoundArgument(labels.name, value, where, labels.arg)
        view.y, view.y_arg = data_of(given), given.spec()
        other.reconstructs = other.reconstructs or _is_an_input(value, where, inputs)
    return view


def _is_an_input(value: Value, where: Located, inputs: BoundArgument | None) -> bool:
    """Whether labels given as `value`, written at `where`, are one of fit()'s inputs: the
    same value, or the same name written (`fit([a, b], [labels, a])`)."""
    if inputs is None:
        return False
    given = inputs.value
    items = [given]
    wheres = [inputs.where]
    if isinstance(given, ListValue):
        items = list(given.items)
        wheres = written_locations(given) or wheres
    if value is not UNKNOWN and any(value is item for item in items):
        return True
    text = where.chunk.module.code_for_node(where.node)
    return any(w.chunk.module.code_for_node(w.node) == text for w in wheres)


def _weights_loaded(model: ModelSpec) -> None:
    """Mark the layers `model` holds now as given weights from elsewhere: a model that holds
    them too (built around it as a block) does not predict with the weights they were built
    with."""
    for layer in model.layers:
        layer.weights_loaded = True


def _output_name(model: ModelSpec) -> str | None:
    """The `name=` written on the model's output layer, if any."""
    stage = model.output_stage
    name = stage.layer.args.get("name") if stage is not None else None
    if name is None or not isinstance(name.where.node, cst.SimpleString):
        return None
    text = name.where.node.evaluated_value
    return text if isinstance(text, str) else None


def _loss_of(
    arg: BoundArgument, output: str | None = None, slot: tuple[int, int] | str | None = None
) -> LossSpec | None:
    """The loss a compile() `loss=` argument gives the model's traced output: a string, a
    function or a class instance; the entry of a dict keyed by the output layer's name (or by
    the output's key in a dict of outputs); or, for one of several outputs, the item of a list
    of losses at the output's place."""
    value, where = _slot_item(arg.value, arg.where, output, slot)
    if isinstance(value, LossValue):
        return value.spec
    if (text := string(value)) is not None and (name := kn.loss_from_string(text)):
        default = (
            Default(value.default_of, repr(text), value.origin)
            if isinstance(value, Const) and value.default_of is not None
            else None
        )
        return LossSpec(name, where, default=default)
    if isinstance(value, Ref) and (path := kn.keras_path(value.qualified)) is not None:
        found = kn.loss_name(path)
        if found is not None:
            return LossSpec(found[0], where)
    return None


def _slot_item(
    value: Value, where: Located, output: str | None, slot: tuple[int, int] | str | None
) -> tuple[Value, Located]:
    """The part of a compile() or fit() argument that belongs to the model's traced output,
    with where it is written: the whole argument for a model of one output; for several, the
    list's item at the output's place or the dict's entry under its key or layer name. UNKNOWN
    when the argument does not say which part is that output's."""
    if isinstance(value, DictValue):
        key = slot if isinstance(slot, str) else output
        if key is None or key not in value.items:
            return (UNKNOWN, where) if slot is not None else (value, where)
        if slot is None and list(value.items) != [key]:
            return value, where
        value = value.items[key]
        if isinstance(value, Const) and value.origin is not None:
            where = value.origin
    elif isinstance(value, ListValue) and isinstance(slot, tuple):
        index, count = slot
        if len(value.items) != count or value.truncated:
            return UNKNOWN, where
        locations = written_locations(value)
        if locations is not None:
            where = locations[index]
        value = value.items[index]
    return value, where


def _metric_names(value: Value) -> list[str]:
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


def _fullest_models(models: list[ModelSpec]) -> list[ModelSpec]:
    """One model per place it is built, in order. A function read more than once builds its
    model more than once: keep the fullest."""
    best: dict[tuple[int, int], ModelSpec] = {}
    order: list[tuple[int, int]] = []
    block: set[tuple[int, int]] = set()
    for model in models:
        key = model.where.key
        if model.used_as_layer:
            block.add(key)  # one build used as a block: the code that builds it makes blocks
        current = best.get(key)
        if current is None:
            order.append(key)
            best[key] = model
        elif _completeness(model) > _completeness(current):
            best[key] = model
    for key in block:
        best[key].used_as_layer = True
    for model in models:
        kept = best[model.where.key]
        if model is not kept and _completeness(model) == _completeness(kept):
            _forget_varying_units(kept, model)
    return [best[key] for key in order]


def _forget_varying_units(kept: ModelSpec, other: ModelSpec) -> None:
    """Where another build of the same place, as far along as the one kept, gives a layer
    other units (`Dense(i, ...)` in a loop over `range(1, 11)`), the kept build's units for
    that layer are one pass's, not the model's: they are not known."""
    if len(other.layers) != len(kept.layers):
        return
    for mine, theirs in zip(kept.layers, other.layers, strict=True):
        if mine.where.key == theirs.where.key and mine.units != theirs.units:
            mine.units = None


def _completeness(model: ModelSpec) -> tuple[bool, bool, int]:
    return (model.fit is not None, model.compile is not None, len(model.layers))


def _called_functions(function: FunctionValue) -> dict[str, FunctionValue]:
    """The functions of the file `function` calls, by the name it calls them: plain names
    (`augment(x)`) and, in a method, the methods of its class (`self.augment(x)`)."""
    found: dict[str, FunctionValue] = {}
    methods: dict[str, cst.FunctionDef] = {}
    owner = function.owner
    if owner is not None:
        methods = {m.name.value: m for m in class_methods(owner.node)}
    for call in _calls_in(function.node):
        name = dotted_name(call.func)
        if name is None or name in found:
            continue
        if isinstance(call.func, cst.Name):
            callee = function.scope.lookup(name)
            if isinstance(callee, FunctionValue) and callee.where.key != function.where.key:
                found[name] = callee
        elif owner is not None and isinstance(call.func, cst.Attribute) and name.count(".") == 1:
            if not name.startswith("self."):
                continue
            method = methods.get(call.func.attr.value)
            if method is not None and method is not function.node:
                where = Located(method, owner.where.chunk)
                found[name] = FunctionValue(method, where, owner.scope, owner=owner)
    return found


def _calls_in(node: cst.CSTNode) -> list[cst.Call]:
    calls: list[cst.Call] = []

    class _Calls(cst.CSTVisitor):
        def visit_Call(self, call: cst.Call) -> None:
            calls.append(call)

    node.visit(_Calls())
    return calls


def _batch_function(
    function: FunctionValue, role: BatchRole, calls: dict[str, BatchFunction]
) -> BatchFunction:
    """`function` as the rules read it, with what the outside names it reads hold: imported
    names (by their dotted path) and number constants."""
    imports: dict[str, str] = {}
    constants: dict[str, float] = {}
    seen: set[str] = set()

    class _Names(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> bool:
            node.value.visit(self)  # `random` of `np.random` is no name of its own
            return False

        def visit_Name(self, node: cst.Name) -> None:
            if node.value in seen:
                return
            seen.add(node.value)
            value = function.scope.lookup(node.value)
            if isinstance(value, Ref):
                imports[node.value] = value.qualified
            elif (known := number(value)) is not None:
                constants[node.value] = known

    function.node.visit(_Names())
    return BatchFunction(function.where, role, imports, constants, calls)


def _called_names(node: cst.CSTNode) -> list[str]:
    """The plain names a function's body calls (`helper(x)`), in order, each once."""
    names = [call.func.value for call in _calls_in(node) if isinstance(call.func, cst.Name)]
    return list(dict.fromkeys(names))


def _product(shape: Value) -> int | None:
    """The number of values in a shape written as a list or tuple of known sizes (`(28, 28)`,
    `[28 * 28]`); None when a size is unknown or -1 (inferred from the input)."""
    if not isinstance(shape, ListValue) or shape.truncated or not shape.items:
        return None
    total = 1
    for item in shape.items:
        size = number(item)
        if size is None or size < 1 or not size.is_integer():
            return None
        total *= int(size)
    return total


def _one_axis_shape(node: cst.Call) -> bool:
    """Whether `Input(...)` / `InputLayer(...)` is given a shape of one axis written out
    (`shape=(8,)`, `input_shape=(n_features,)`): each sample is a vector."""
    for index, arg in enumerate(node.args):
        named = arg.keyword.value if arg.keyword is not None else None
        if named in ("shape", "input_shape") or (named is None and index == 0 and not arg.star):
            return is_one_axis_shape(arg.value)
    return False
