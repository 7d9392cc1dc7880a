"""From parsed statements to `ModelSpec`s, by reading the code the way Python would run it.

The extractor walks the top-level statements in order, keeping track of what each name holds
(an imported Keras name, a constant, a layer, a model, an array of data) and following calls
into the file's own functions and classes. It never runs user code: every value it does not
understand is `UNKNOWN`, and rules stay silent on unknowns.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

import libcst as cst

from defib.engine import keras_names as kn
from defib.engine.data_scale import (
    data_of,
    feature_max_abs,
    images_from_disk,
    loaded_dataset,
    random_magnitude,
    scale_data,
)
from defib.engine.keras_build import (
    COMPILE_POSITIONAL,
    FIT_POSITIONAL,
    KERAS2_RENAMES,
    LAYER_POSITIONAL,
    OPTIMIZER_POSITIONAL,
    activation_of,
    fullest_models,
    longest_chain,
    loss_of,
    metric_names,
)
from defib.engine.model import (
    RECURRENT_LAYERS,
    WEIGHT_LAYERS,
    ArgSpec,
    CompileSpec,
    DataSpec,
    FitSpec,
    LayerSpec,
    Located,
    LossSpec,
    ModelSpec,
    OptimizerSpec,
)
from defib.engine.source import Chunk
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
    LossValue,
    ModelValue,
    ObjectValue,
    OptimizerValue,
    Ref,
    ScalerValue,
    ScheduleValue,
    Scope,
    TensorValue,
    Value,
    number,
    python_value,
    string,
)

MAX_LOOP_ITERATIONS = 64
MAX_CALL_DEPTH = 8
MAX_STEPS = 200_000

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
    }
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
        "transpose",
        "expand_dims",
    }
)


_BUILTINS = frozenset({"range", "list", "tuple", "reversed", "float", "int", "dict"})


class _BudgetExceeded(Exception):
    pass


class _Return(Exception):
    def __init__(self, value: Value) -> None:
        self.value = value


class Extractor:
    """Reads a file's statements and collects the Keras models they build."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.chunks = chunks
        self.module_scope = Scope()
        self.chunk: Chunk = chunks[0] if chunks else None  # type: ignore[assignment]
        self.models: list[ModelSpec] = []
        self.functions: list[FunctionValue] = []
        self.called: set[tuple[int, int]] = set()
        self.keras_classes: list[ClassValue] = []
        self.class_models: dict[tuple[int, int], ModelSpec] = {}
        self.star_modules: list[str] = []
        self.depth = 0
        self.steps = 0

    # --- driving ------------------------------------------------------------------------------

    def run(self) -> list[ModelSpec]:
        try:
            for chunk in self.chunks:
                self.chunk = chunk
                try:
                    self._exec_block(chunk.statements, self.module_scope)
                except _Return:
                    continue  # `return` outside a function: Python refuses it at compile time
            # Functions nobody called in this file (a build_model() imported elsewhere) are read
            # with their default arguments, and Keras subclasses nobody instantiated are built.
            # Reading a function may define more (a build callback nested in a function):
            # the list grows while it is walked, so those are read too.
            index = 0
            while index < len(self.functions):
                function = self.functions[index]
                index += 1
                if function.where.key not in self.called:
                    self._call_function(function, [], {}, self_value=None)
            for cls in self.keras_classes:
                if cls.keras_base == "model" and cls.where.key not in self.class_models:
                    self._build_subclass(cls, [], {})
        except (_BudgetExceeded, RecursionError):
            pass
        return fullest_models(self.models)

    @contextmanager
    def _in_chunk(self, chunk: Chunk) -> Iterator[None]:
        previous, self.chunk = self.chunk, chunk
        try:
            yield
        finally:
            self.chunk = previous

    def _loc(self, node: cst.CSTNode) -> Located:
        return Located(node, self.chunk)

    def _tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise _BudgetExceeded

    # --- statements ---------------------------------------------------------------------------

    def _exec_block(self, statements: Sequence[cst.CSTNode], scope: Scope) -> None:
        for statement in statements:
            self._exec(statement, scope)

    def _exec(self, statement: cst.CSTNode, scope: Scope) -> None:
        self._tick()
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                self._exec_small(small, scope)
        elif isinstance(statement, cst.FunctionDef):
            function = FunctionValue(statement, self._loc(statement), scope)
            scope.bind(statement.name.value, function)
            self.functions.append(function)
        elif isinstance(statement, cst.ClassDef):
            self._exec_class(statement, scope)
        elif isinstance(statement, cst.For):
            self._exec_for(statement, scope)
        elif isinstance(statement, cst.If):
            test = self._eval(statement.test, scope)
            if isinstance(test, Const):
                if test.value:
                    self._exec_suite(statement.body, scope)
                elif isinstance(statement.orelse, cst.If):
                    self._exec(statement.orelse, scope)
                elif isinstance(statement.orelse, cst.Else):
                    self._exec_suite(statement.orelse.body, scope)
            else:
                self._exec_suite(statement.body, scope)
        elif isinstance(statement, (cst.With, cst.While)):
            self._exec_suite(statement.body, scope)
        elif isinstance(statement, cst.Try):
            self._exec_suite(statement.body, scope)
            if statement.finalbody is not None:
                self._exec_suite(statement.finalbody.body, scope)

    def _exec_suite(self, suite: cst.BaseSuite, scope: Scope) -> None:
        if isinstance(suite, cst.IndentedBlock):
            self._exec_block(suite.body, scope)
        elif isinstance(suite, cst.SimpleStatementSuite):
            for small in suite.body:
                self._exec_small(small, scope)

    def _exec_small(self, small: cst.BaseSmallStatement, scope: Scope) -> None:
        if isinstance(small, cst.Expr):
            self._eval(small.value, scope)
        elif isinstance(small, cst.Assign):
            value = self._eval(small.value, scope)
            for target in small.targets:
                self._assign(target.target, value, scope)
        elif isinstance(small, cst.AnnAssign):
            if small.value is not None:
                self._assign(small.target, self._eval(small.value, scope), scope)
        elif isinstance(small, cst.AugAssign):
            current = self._eval(small.target, scope)
            operand = self._eval(small.value, scope)
            operator = type(small.operator).__name__.replace("Assign", "")
            self._assign(small.target, self._binary(operator, current, operand, small), scope)
        elif isinstance(small, cst.Import):
            for alias in small.names:
                dotted = _dotted(alias.name)
                if dotted is None:
                    continue
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    scope.bind(alias.asname.name.value, Ref(dotted))
                else:
                    head = dotted.split(".")[0]
                    scope.bind(head, Ref(head))
        elif isinstance(small, cst.ImportFrom):
            self._exec_import_from(small, scope)
        elif isinstance(small, cst.Return):
            raise _Return(self._eval(small.value, scope) if small.value else Const(None))

    def _exec_import_from(self, node: cst.ImportFrom, scope: Scope) -> None:
        module = None if node.relative or node.module is None else _dotted(node.module)
        if isinstance(node.names, cst.ImportStar):
            if module is not None:
                self.star_modules.append(module)
            return
        for alias in node.names:
            name = _dotted(alias.name)
            if name is None:
                continue
            bound = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                bound = alias.asname.name.value
            scope.bind(bound, Ref(f"{module}.{name}") if module else UNKNOWN)

    def _exec_class(self, node: cst.ClassDef, scope: Scope) -> None:
        keras_base: str | None = None
        for base in node.bases:
            value = self._eval(base.value, scope)
            if isinstance(value, Ref):
                path = kn.keras_path(value.qualified)
                if path is not None and kn.is_model_base(path):
                    keras_base = "model"
                elif path is not None and path in (
                    "layers.Layer",
                    "Layer",
                    "engine.base_layer.Layer",
                ):
                    keras_base = keras_base or "layer"
            elif isinstance(value, ClassValue) and value.keras_base:
                keras_base = value.keras_base
        cls = ClassValue(node, self._loc(node), scope, keras_base)
        scope.bind(node.name.value, cls)
        if keras_base:
            self.keras_classes.append(cls)
        for method in _class_methods(node):
            function = FunctionValue(method, self._loc(method), scope, owner=cls)
            if keras_base != "model":
                self.functions.append(function)

    def _exec_for(self, node: cst.For, scope: Scope) -> None:
        iterable = self._eval(node.iter, scope)
        items: list[Value] = (
            iterable.items[:MAX_LOOP_ITERATIONS] if isinstance(iterable, ListValue) else [UNKNOWN]
        )
        for item in items:
            self._assign(node.target, item, scope)
            self._exec_suite(node.body, scope)

    def _assign(self, target: cst.BaseExpression, value: Value, scope: Scope) -> None:
        if isinstance(target, cst.Name):
            scope.bind(target.value, value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            items = value.items if isinstance(value, ListValue) else None
            for index, element in enumerate(target.elements):
                if isinstance(element, cst.StarredElement):
                    continue
                item = items[index] if items is not None and index < len(items) else UNKNOWN
                self._assign(element.value, item, scope)
        elif isinstance(target, cst.Attribute):
            owner = self._eval(target.value, scope)
            if isinstance(owner, ObjectValue):
                owner.attrs[target.attr.value] = value
        elif isinstance(target, cst.Subscript):
            owner = self._eval(target.value, scope)
            key = self._subscript_key(target, scope)
            if isinstance(owner, DictValue) and key is not None:
                owner.items[key] = value

    # --- expressions --------------------------------------------------------------------------

    def _eval(self, node: cst.BaseExpression, scope: Scope) -> Value:
        self._tick()
        if isinstance(node, (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString)):
            literal = _literal(node)
            return UNKNOWN if literal is UNKNOWN else Const(literal, self._loc(node))  # type: ignore[arg-type]
        if isinstance(node, cst.Name):
            return self._lookup(node.value, scope)
        if isinstance(node, cst.Attribute):
            return self._attribute(self._eval(node.value, scope), node.attr.value)
        if isinstance(node, cst.Call):
            return self._call(node, scope)
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            items: list[Value] = []
            for element in node.elements:
                value = self._eval(element.value, scope)
                if isinstance(element, cst.StarredElement):
                    if isinstance(value, ListValue):
                        items.extend(value.items)
                    continue
                items.append(value)
            return ListValue(items, self._loc(node))
        if isinstance(node, cst.Dict):
            entries: dict[object, Value] = {}
            for entry in node.elements:
                if isinstance(entry, cst.DictElement):
                    key = python_value(self._eval(entry.key, scope))
                    if isinstance(key, (str, int, float, bool)):
                        entries[key] = self._eval(entry.value, scope)
            return DictValue(entries, self._loc(node))
        if isinstance(node, (cst.ListComp, cst.GeneratorExp, cst.SetComp)):
            return self._comprehension(node, scope)
        if isinstance(node, cst.BinaryOperation):
            left = self._eval(node.left, scope)
            right = self._eval(node.right, scope)
            return self._binary(type(node.operator).__name__, left, right, node)
        if isinstance(node, cst.UnaryOperation):
            operand = self._eval(node.expression, scope)
            if isinstance(node.operator, cst.Minus) and isinstance(operand, Const):
                if isinstance(operand.value, (int, float)) and not isinstance(operand.value, bool):
                    return Const(-operand.value, self._loc(node))
            if isinstance(node.operator, cst.Minus) and isinstance(operand, DataValue):
                return operand
            return UNKNOWN
        if isinstance(node, cst.Subscript):
            return self._subscript(node, scope)
        if isinstance(node, cst.IfExp):
            test = self._eval(node.test, scope)
            if isinstance(test, Const):
                return self._eval(node.body if test.value else node.orelse, scope)
            return self._eval(node.body, scope)
        if isinstance(node, cst.BooleanOperation):
            left = self._eval(node.left, scope)
            if isinstance(node.operator, cst.Or):
                if isinstance(left, Const) and not left.value:
                    return self._eval(node.right, scope)
                return left if left is not UNKNOWN else self._eval(node.right, scope)
            return self._eval(node.right, scope)
        if isinstance(node, cst.Lambda):
            return FunctionValue(node, self._loc(node), scope)
        if isinstance(node, cst.NamedExpr):
            value = self._eval(node.value, scope)
            self._assign(node.target, value, scope)
            return value
        return UNKNOWN

    def _lookup(self, name: str, scope: Scope) -> Value:
        if name in ("True", "False", "None"):
            return Const({"True": True, "False": False, "None": None}[name])
        value = scope.lookup(name)
        if value is UNKNOWN and self.star_modules and name not in scope.names:
            # `from keras.layers import *`: a capitalised name may come from there.
            for module in self.star_modules:
                qualified = f"{module}.{name}"
                path = kn.keras_path(qualified)
                if path is not None and (
                    kn.layer_class(path)
                    or kn.is_input(path)
                    or kn.is_model_base(path)
                    or kn.optimizer_name(path)
                ):
                    return Ref(qualified)
        return value

    def _attribute(self, base: Value, attr: str) -> Value:
        if isinstance(base, Ref):
            return Ref(f"{base.qualified}.{attr}")
        if isinstance(base, ObjectValue):
            if attr in base.attrs:
                return base.attrs[attr]
            if base.cls is not None:
                for method in _class_methods(base.cls.node):
                    if method.name.value == attr:
                        where = Located(method, base.cls.where.chunk)
                        function = FunctionValue(method, where, base.cls.scope, owner=base.cls)
                        return BoundMethod(base, function)
            return UNKNOWN
        if isinstance(base, DataValue) and attr in ("values", "T", "data"):
            return base
        return UNKNOWN

    def _subscript_key(self, node: cst.Subscript, scope: Scope) -> object:
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            return None
        key = python_value(self._eval(node.slice[0].slice.value, scope))
        return key if isinstance(key, (str, int, float, bool)) else None

    def _subscript(self, node: cst.Subscript, scope: Scope) -> Value:
        base = self._eval(node.value, scope)
        if isinstance(base, DataValue):
            return base
        key = self._subscript_key(node, scope)
        if isinstance(base, DictValue) and key is not None:
            return base.items.get(key, UNKNOWN)
        if isinstance(base, ListValue):
            if isinstance(key, int) and not isinstance(key, bool):
                try:
                    return base.items[key]
                except IndexError:
                    return UNKNOWN
            if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Slice):
                return base
        return UNKNOWN

    def _comprehension(
        self, node: cst.ListComp | cst.GeneratorExp | cst.SetComp, scope: Scope
    ) -> Value:
        clause = node.for_in
        iterable = self._eval(clause.iter, scope)
        inner = Scope(scope)
        items: list[Value] = []
        sources = (
            iterable.items[:MAX_LOOP_ITERATIONS] if isinstance(iterable, ListValue) else [UNKNOWN]
        )
        for item in sources:
            self._assign(clause.target, item, inner)
            if clause.inner_for_in is not None:
                return UNKNOWN
            items.append(self._eval(node.elt, inner))
        return ListValue(items, self._loc(node))

    def _binary(self, operator: str, left: Value, right: Value, node: cst.CSTNode) -> Value:
        if isinstance(left, ListValue) and isinstance(right, ListValue) and operator == "Add":
            return ListValue(left.items + right.items, self._loc(node))
        if (
            isinstance(left, ListValue)
            and operator == "Multiply"
            and (count := number(right)) is not None
        ):
            return ListValue(left.items * int(min(count, MAX_LOOP_ITERATIONS)), self._loc(node))
        a, b = number(left), number(right)
        if a is not None and b is not None:
            result = _arithmetic(operator, a, b)
            if result is None:
                return UNKNOWN
            both_int = all(isinstance(v, Const) and isinstance(v.value, int) for v in (left, right))
            if both_int and operator in ("Add", "Subtract", "Multiply", "FloorDivide", "Power"):
                return Const(int(result), self._loc(node))
            return Const(result, self._loc(node))
        if isinstance(left, Const) and isinstance(right, Const) and operator == "Add":
            if isinstance(left.value, str) and isinstance(right.value, str):
                return Const(left.value + right.value, self._loc(node))
        if isinstance(left, DataValue):
            return DataValue(scale_data(left.spec, operator, right))
        if isinstance(right, DataValue) and operator in ("Add", "Multiply"):
            return DataValue(scale_data(right.spec, operator, left))
        return UNKNOWN

    # --- calls --------------------------------------------------------------------------------

    def _call(self, node: cst.Call, scope: Scope) -> Value:
        func = node.func
        if isinstance(func, cst.Attribute):
            owner = self._eval(func.value, scope)
            method = func.attr.value
            result = self._method_call(owner, method, node, scope)
            if result is not None:
                return result
            callee = self._attribute(owner, method)
        else:
            callee = self._eval(func, scope)
            if callee is UNKNOWN and isinstance(func, cst.Name) and func.value in _BUILTINS:
                return self._builtin_call(func.value, node, scope)
        if isinstance(callee, Ref):
            return self._call_ref(callee, node, scope)
        if isinstance(callee, LayerValue):
            return self._apply_layer(callee.spec, node, scope)
        if isinstance(callee, ModelValue):
            callee.spec.used_as_layer = True
            inputs = self._positional(node, scope)
            chain = longest_chain(inputs[:1])
            return TensorValue(chain + list(callee.spec.layers))
        if isinstance(callee, (FunctionValue, BoundMethod, ClassValue)):
            args, kwargs = self._call_arguments(node, scope)
            if isinstance(callee, ClassValue):
                return self._instantiate(callee, args, kwargs)
            if isinstance(callee, BoundMethod):
                return self._call_function(callee.function, args, kwargs, self_value=callee.obj)
            return self._call_function(callee, args, kwargs, self_value=None)
        # Still read the arguments: a layer list or model may be built inside them.
        args, _ = self._call_arguments(node, scope)
        if callee is UNKNOWN and args and isinstance(args[0], TensorValue):
            # Something unknown applied to a tensor (a pretrained base model, a helper from
            # another module): the result still derives from the model's input, which that
            # call may well rescale (EfficientNet does), so scaling is not questioned.
            return TensorValue(list(args[0].layers), args[0].residual, preprocessed=True)
        return UNKNOWN

    def _builtin_call(self, name: str, node: cst.Call, scope: Scope) -> Value:
        args = self._positional(node, scope)
        if name == "range":
            bounds = [number(a) for a in args]
            if bounds and all(b is not None for b in bounds) and len(bounds) <= 3:
                ints = [int(b) for b in bounds if b is not None]
                try:
                    numbers = list(itertools.islice(range(*ints), MAX_LOOP_ITERATIONS))
                except (ValueError, TypeError):
                    return UNKNOWN
                return ListValue([Const(n) for n in numbers])
            return UNKNOWN
        if name in ("list", "tuple", "reversed") and args:
            return args[0] if isinstance(args[0], ListValue) else UNKNOWN
        if name in ("float", "int") and args and (value := number(args[0])) is not None:
            return Const(float(value) if name == "float" else int(value), _origin(args[0]))
        if name in ("float", "int") and args and (text := string(args[0])) is not None:
            try:
                return Const(float(text) if name == "float" else int(text), _origin(args[0]))
            except ValueError:
                return UNKNOWN
        if name == "dict":
            _, kwargs = self._call_arguments(node, scope)
            return DictValue(dict(kwargs.items()), self._loc(node))
        return UNKNOWN

    def _positional(self, node: cst.Call, scope: Scope) -> list[Value]:
        return self._call_arguments(node, scope)[0]

    def _call_arguments(self, node: cst.Call, scope: Scope) -> tuple[list[Value], dict[str, Value]]:
        args: list[Value] = []
        kwargs: dict[str, Value] = {}
        for arg in node.args:
            value = self._eval(arg.value, scope)
            if arg.keyword is not None:
                kwargs[arg.keyword.value] = value
            elif arg.star == "*":
                if isinstance(value, ListValue):
                    args.extend(value.items)
            elif arg.star == "**":
                if isinstance(value, DictValue):
                    kwargs.update({str(k): v for k, v in value.items.items()})
            else:
                args.append(value)
        return args, kwargs

    def _bind(
        self,
        node: cst.Call,
        scope: Scope,
        positional: Sequence[str],
        renames: dict[str, str] | None = None,
    ) -> dict[str, BoundArgument]:
        """Resolve a call's arguments to named `BoundArgument`s (positional ones by signature)."""
        bound: dict[str, BoundArgument] = {}
        index = 0
        for arg in node.args:
            value = self._eval(arg.value, scope)
            if arg.star == "**" and isinstance(value, DictValue):
                for key, item in value.items.items():
                    name = str(key)
                    name = (renames or {}).get(name, name)
                    where = _origin(item) or self._loc(arg.value)
                    bound[name] = BoundArgument(name, item, where, None)
                continue
            if arg.star:
                continue
            if arg.keyword is not None:
                name = arg.keyword.value
                name = (renames or {}).get(name, name)
            else:
                if index >= len(positional):
                    index += 1
                    continue
                name = positional[index]
                index += 1
            bound[name] = BoundArgument(name, value, self._loc(arg.value), arg)
        return bound

    def _method_call(self, owner: Value, method: str, node: cst.Call, scope: Scope) -> Value | None:
        """Calls on values the extractor tracks; None when it is not one of those."""
        if isinstance(owner, ModelValue):
            spec = owner.spec
            if method == "add":
                for value in self._positional(node, scope)[:1]:
                    if isinstance(value, LayerValue):
                        spec.layers.append(value.spec)
                    elif isinstance(value, ModelValue):
                        value.spec.used_as_layer = True
                        spec.layers.extend(value.spec.layers)
                return Const(None)
            if method == "compile":
                spec.compile = self._compile(node, scope)
                return Const(None)
            if method in ("fit", "fit_generator", "train_on_batch"):
                fit = self._fit(node, scope, spec)
                if spec.fit is None:
                    spec.fit = fit
                return UNKNOWN
            self._call_arguments(node, scope)
            return UNKNOWN
        if isinstance(owner, DataValue):
            if method in _PASS_THROUGH_METHODS:
                return owner
            return UNKNOWN
        if isinstance(owner, ScalerValue) and method in (
            "flow",
            "flow_from_directory",
            "flow_from_dataframe",
        ):
            args = self._positional(node, scope)
            if method == "flow" and args and isinstance(args[0], DataValue):
                data = args[0].spec
                return DataValue(replace(data, scaled=data.scaled or owner.scales))
            return DataValue(images_from_disk(self._loc(node), owner.scales))
        if isinstance(owner, ScalerValue) and method in ("fit_transform", "transform"):
            args = self._positional(node, scope)
            if args and isinstance(args[0], DataValue):
                return DataValue(replace(args[0].spec, scaled=True))
            return DataValue(DataSpec("unknown", self._loc(node), scaled=True))
        if isinstance(owner, ListValue) and method in ("append", "extend", "insert"):
            args = self._positional(node, scope)
            if method == "append" and args:
                owner.items.append(args[0])
            elif method == "extend" and args and isinstance(args[0], ListValue):
                owner.items.extend(args[0].items)
            elif (
                method == "insert" and len(args) == 2 and (position := number(args[0])) is not None
            ):
                owner.items.insert(int(position), args[1])
            return Const(None)
        if isinstance(owner, DictValue) and method == "get":
            args = self._positional(node, scope)
            key = python_value(args[0]) if args else None
            if isinstance(key, (str, int, float)) and key in owner.items:
                return owner.items[key]
            return args[1] if len(args) > 1 else Const(None)
        if isinstance(owner, LayerValue) and method == "__call__":
            return self._apply_layer(owner.spec, node, scope)
        return None

    def _instantiate(self, cls: ClassValue, args: list[Value], kwargs: dict[str, Value]) -> Value:
        if cls.keras_base == "model":
            spec = self.class_models.get(cls.where.key) or self._build_subclass(cls, args, kwargs)
            return ModelValue(spec)
        if cls.keras_base == "layer":
            return LayerValue(LayerSpec(cls.node.name.value, cls.where))
        return ObjectValue(cls)

    def _build_subclass(
        self, cls: ClassValue, args: list[Value], kwargs: dict[str, Value]
    ) -> ModelSpec:
        spec = ModelSpec(cls.node.name.value, "subclass", cls.where)
        self.class_models[cls.where.key] = spec
        self.models.append(spec)
        instance = ObjectValue(cls)
        methods = {m.name.value: m for m in _class_methods(cls.node)}
        with self._in_chunk(cls.where.chunk):
            if "__init__" in methods:
                init = FunctionValue(
                    methods["__init__"], Located(methods["__init__"], cls.where.chunk), cls.scope
                )
                self._call_function(init, args, kwargs, self_value=instance)
            if "call" in methods:
                call = FunctionValue(
                    methods["call"], Located(methods["call"], cls.where.chunk), cls.scope
                )
                result = self._call_function(call, [TensorValue([])], {}, self_value=instance)
                if isinstance(result, ListValue):
                    result = next((r for r in result.items if isinstance(r, TensorValue)), UNKNOWN)
                if isinstance(result, TensorValue):
                    spec.layers = list(result.layers)
                    spec.has_residual = result.residual
        return spec

    def _call_function(
        self,
        function: FunctionValue,
        args: list[Value],
        kwargs: dict[str, Value],
        self_value: ObjectValue | None,
    ) -> Value:
        self.called.add(function.where.key)
        if self.depth >= MAX_CALL_DEPTH:
            return UNKNOWN
        scope = Scope(function.scope)
        params = function.node.params
        positional = list(params.posonly_params) + list(params.params)
        if self_value is None and function.owner is not None and positional:
            # A method read on its own: give it a fresh instance of its class.
            self_value = ObjectValue(function.owner)
        if self_value is not None and positional:
            scope.bind(positional[0].name.value, self_value)
            positional = positional[1:]
        with self._in_chunk(function.where.chunk):
            for index, param in enumerate(positional + list(params.kwonly_params)):
                name = param.name.value
                if index < len(positional) and index < len(args):
                    value: Value = args[index]
                elif name in kwargs:
                    value = kwargs[name]
                elif param.default is not None:
                    value = self._eval(param.default, function.scope)
                else:
                    value = UNKNOWN
                scope.bind(name, value)
            self.depth += 1
            try:
                if isinstance(function.node, cst.Lambda):
                    return self._eval(function.node.body, scope)
                self._exec_suite(function.node.body, scope)
            except _Return as returned:
                return returned.value
            finally:
                self.depth -= 1
        return Const(None)

    def _apply_layer(self, layer: LayerSpec, node: cst.Call, scope: Scope) -> Value:
        inputs = self._positional(node, scope)[:1]
        if inputs and isinstance(inputs[0], ListValue):
            inputs = list(inputs[0].items)
        chain = longest_chain(inputs)
        tensors = [t for t in inputs if isinstance(t, TensorValue)]
        residual = any(t.residual for t in tensors) or (
            layer.kind in ("Add", "Concatenate", "Average") and len(tensors) > 1
        )
        preprocessed = any(t.preprocessed for t in tensors)
        return TensorValue([*chain, layer], residual, preprocessed)

    def _call_ref(self, ref: Ref, node: cst.Call, scope: Scope) -> Value:
        qualified = ref.qualified
        if qualified.startswith(
            ("numpy.", "pandas.", "tensorflow.constant", "tensorflow.convert_to_tensor")
        ):
            return self._array_call(qualified, node, scope)
        if qualified in _SCALING_FUNCTIONS or qualified.endswith(".preprocess_input"):
            args = self._positional(node, scope)
            if args and isinstance(args[0], TensorValue):
                # Applied inside the model (transfer learning): the model scales its own input.
                return TensorValue(args[0].layers, args[0].residual, preprocessed=True)
            spec = args[0].spec if args and isinstance(args[0], DataValue) else DataSpec("unknown")
            return DataValue(replace(spec, scaled=True, where=self._loc(node)))
        if (
            qualified.startswith("sklearn.preprocessing.")
            and qualified.rpartition(".")[2] in _SCALERS
        ):
            self._call_arguments(node, scope)
            return ScalerValue(qualified.rpartition(".")[2])
        path = kn.keras_path(qualified)
        if path is None:
            self._call_arguments(node, scope)
            return UNKNOWN
        if kn.is_input(path):
            self._call_arguments(node, scope)
            return TensorValue([])
        if (kind := kn.layer_class(path)) is not None:
            return LayerValue(self._layer(kind, node, scope))
        if kn.is_sequential(path):
            return self._sequential(node, scope)
        if kn.is_functional_model(path):
            return self._functional(node, scope)
        if (name := kn.optimizer_name(path)) is not None:
            return OptimizerValue(self._optimizer(name, node, scope))
        if (schedule := kn.schedule_name(path)) is not None:
            bound = self._bind(node, scope, ["initial_learning_rate"])
            initial = (
                bound["initial_learning_rate"].value
                if "initial_learning_rate" in bound
                else UNKNOWN
            )
            return ScheduleValue(schedule, initial, self._loc(node))
        if (loss := kn.loss_name(path)) is not None:
            canonical, is_class = loss
            if is_class:
                bound = self._bind(node, scope, [])
                logits = bound.get("from_logits")
                from_logits = python_value(logits.value) if logits is not None else None
                axis = number(bound["axis"].value) if "axis" in bound else None
                return LossValue(
                    LossSpec(
                        canonical,
                        self._loc(node),
                        from_logits if isinstance(from_logits, bool) else None,
                        logits.spec() if logits is not None else None,
                        is_call=True,
                        axis=int(axis) if axis is not None else None,
                    )
                )
            self._call_arguments(node, scope)
            return UNKNOWN
        if (initializer := kn.initializer_name(path)) is not None:
            self._call_arguments(node, scope)
            return Const(initializer, self._loc(node))
        if (dataset := kn.dataset_name(path)) is not None:
            return loaded_dataset(dataset, self._loc(node))
        if kn.is_image_generator(path):
            bound = self._bind(node, scope, [])
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
            self._call_arguments(node, scope)
            return DataValue(images_from_disk(self._loc(node), False))
        if path in ("utils.normalize",):
            args = self._positional(node, scope)
            spec = args[0].spec if args and isinstance(args[0], DataValue) else DataSpec("unknown")
            return DataValue(replace(spec, scaled=True))
        if path in ("utils.to_categorical", "utils.np_utils.to_categorical"):
            self._call_arguments(node, scope)
            return DataValue(DataSpec("unknown", self._loc(node), scaled=True))
        self._call_arguments(node, scope)
        return UNKNOWN

    def _array_call(self, qualified: str, node: cst.Call, scope: Scope) -> Value:
        args, kwargs = self._call_arguments(node, scope)
        name = qualified.rpartition(".")[2]
        where = self._loc(node)
        if name in ("array", "asarray", "constant", "convert_to_tensor", "float32", "float64"):
            if args and isinstance(args[0], DataValue):
                return args[0]
            literal = python_value(args[0]) if args else UNKNOWN
            if isinstance(literal, list):
                return DataValue(
                    DataSpec(
                        "literal", where, feature_max_abs=feature_max_abs(literal), origin=where
                    )
                )
            return DataValue(DataSpec("unknown", where, origin=where))
        if qualified.startswith("numpy.random."):
            return DataValue(
                DataSpec(
                    "random", where, magnitude=random_magnitude(name, args, kwargs), origin=where
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
            datas = [p.spec for p in parts if isinstance(p, DataValue)]
            if datas and len(datas) == len(parts):
                return DataValue(replace(datas[0], scaled=all(d.scaled for d in datas)))
            return DataValue(DataSpec("unknown", where))
        if name in ("expand_dims", "squeeze", "reshape", "transpose"):
            if args and isinstance(args[0], DataValue):
                return args[0]
        return DataValue(DataSpec("unknown", where, origin=where))

    def _layer(self, kind: str, node: cst.Call, scope: Scope) -> LayerSpec:
        renames = KERAS2_RENAMES if kind in WEIGHT_LAYERS or kind.startswith("Dropout") else {}
        args = self._bind(node, scope, LAYER_POSITIONAL.get(kind, []), renames)
        spec = LayerSpec(kind, self._loc(node), {name: arg.spec() for name, arg in args.items()})
        units = args.get("units") or args.get("filters")
        if units is not None and (count := number(units.value)) is not None:
            spec.units = int(count)
        activation_arg = args.get("activation")
        spec.activation_arg = spec.args.get("activation")
        if kind in kn.ACTIVATION_LAYER_NAMES:
            spec.activation = kn.ACTIVATION_LAYER_NAMES[kind]
        elif activation_arg is not None:
            spec.activation = activation_of(activation_arg.value)
        elif kind in WEIGHT_LAYERS:
            spec.activation = "linear"
        elif kind in RECURRENT_LAYERS:
            spec.activation = "tanh"
        initializer = args.get("kernel_initializer")
        if initializer is not None:
            value = initializer.value
            if isinstance(value, Const) and isinstance(value.value, str):
                spec.kernel_initializer = kn.initializer_from_string(value.value)
        return spec

    def _sequential(self, node: cst.Call, scope: Scope) -> Value:
        bound = self._bind(node, scope, ["layers", "name"])
        spec = ModelSpec(None, "sequential", self._loc(node))
        layers = bound.get("layers")
        if layers is not None and isinstance(layers.value, ListValue):
            for item in layers.value.items:
                if isinstance(item, LayerValue):
                    spec.layers.append(item.spec)
                elif isinstance(item, ModelValue):
                    item.spec.used_as_layer = True
                    spec.layers.extend(item.spec.layers)
        self.models.append(spec)
        return ModelValue(spec)

    def _functional(self, node: cst.Call, scope: Scope) -> Value:
        bound = self._bind(node, scope, ["inputs", "outputs", "name"])
        spec = ModelSpec(None, "functional", self._loc(node))
        outputs = bound.get("outputs")
        value = outputs.value if outputs is not None else UNKNOWN
        if isinstance(value, ListValue):
            value = next((v for v in value.items if isinstance(v, TensorValue)), UNKNOWN)
        if isinstance(value, DictValue):
            value = next((v for v in value.items.values() if isinstance(v, TensorValue)), UNKNOWN)
        if isinstance(value, TensorValue):
            spec.layers = list(value.layers)
            spec.has_residual = value.residual
            spec.input_preprocessed = value.preprocessed
        self.models.append(spec)
        return ModelValue(spec)

    def _optimizer(self, name: str, node: cst.Call, scope: Scope) -> OptimizerSpec:
        bound = self._bind(node, scope, OPTIMIZER_POSITIONAL, {"lr": "learning_rate"})
        spec = OptimizerSpec(name, self._loc(node), None, None)
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
                rate.name, _origin(value) or rate.where, rate.arg, number(value)
            )
        momentum = bound.get("momentum")
        if momentum is not None:
            spec.momentum = number(momentum.value)
        spec.clipped = any(
            key in bound and python_value(bound[key].value) is not None
            for key in ("clipnorm", "clipvalue", "global_clipnorm")
        )
        return spec

    def _compile(self, node: cst.Call, scope: Scope) -> CompileSpec:
        bound = self._bind(node, scope, COMPILE_POSITIONAL)
        compile_spec = CompileSpec(self._loc(node), None, None)
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
            compile_spec.loss = loss_of(loss)
        metrics = bound.get("metrics")
        if metrics is not None:
            compile_spec.metrics = metric_names(metrics.value)
        return compile_spec

    def _fit(self, node: cst.Call, scope: Scope, model: ModelSpec) -> FitSpec:
        bound = self._bind(node, scope, FIT_POSITIONAL, {"nb_epoch": "epochs"})
        fit = FitSpec(self._loc(node), None, None)
        x, y = bound.get("x"), bound.get("y")
        if x is not None:
            fit.x = data_of(x)
            fit.x_arg = x.spec()
        if y is not None:
            fit.y = data_of(y)
        if x is not None and y is not None and x.value is not UNKNOWN:
            same = x.value is y.value or (
                isinstance(x.value, DataValue)
                and isinstance(y.value, DataValue)
                and x.value.spec is y.value.spec
            )
            if same or (
                isinstance(x.arg, cst.Arg)
                and isinstance(y.arg, cst.Arg)
                and self.chunk.module.code_for_node(x.arg.value)
                == self.chunk.module.code_for_node(y.arg.value)
            ):
                model.input_is_model_input = True
        epochs = bound.get("epochs")
        if epochs is not None and (count := number(epochs.value)) is not None:
            fit.epochs = int(count)
        validation = bound.get("validation_data")
        if (
            validation is not None
            and isinstance(validation.where.node, (cst.Tuple, cst.List))
            and isinstance(validation.value, ListValue)
            and validation.value.items
            and isinstance(validation.value.items[0], DataValue)
        ):
            fit.validation_x = validation.value.items[0].spec
            fit.validation_x_where = Located(validation.where.node.elements[0].value, self.chunk)
        return fit

    def module_data(self) -> list[tuple[str, DataSpec]]:
        """Arrays bound at module level, for models whose fit() is not written yet."""
        return [
            (name, value.spec)
            for name, value in self.module_scope.names.items()
            if isinstance(value, DataValue)
        ]


def _class_methods(node: cst.ClassDef) -> list[cst.FunctionDef]:
    body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
    return [statement for statement in body if isinstance(statement, cst.FunctionDef)]


def _dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def _literal(node: cst.BaseExpression) -> object:
    """The value of a number or string literal; plain cases without `ast.literal_eval`, which
    compiles its argument and was a tenth of the analysis time."""
    try:
        if isinstance(node, cst.Integer):
            return int(node.value.replace("_", ""), 0)
        if isinstance(node, cst.Float):
            return float(node.value.replace("_", ""))
        if isinstance(node, cst.SimpleString):
            text = node.value
            if text[:1] in "'\"" and "\\" not in text:
                quote = 3 if text.startswith(('"""', "'''")) else 1
                return text[quote:-quote]
        value = node.evaluated_value  # type: ignore[attr-defined]
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return UNKNOWN
    return value if isinstance(value, (str, int, float)) else UNKNOWN


def _arithmetic(operator: str, a: float, b: float) -> float | None:
    try:
        if operator == "Add":
            return a + b
        if operator == "Subtract":
            return a - b
        if operator == "Multiply":
            return a * b
        if operator == "Divide":
            return a / b
        if operator == "FloorDivide":
            return a // b
        if operator == "Power" and abs(b) < 64:
            result = a**b
            return result if isinstance(result, (int, float)) else None
    except (ArithmeticError, ValueError):
        return None
    return None


def _origin(value: Value) -> Located | None:
    if isinstance(value, (Const, ListValue, DictValue)):
        return value.origin
    return None
