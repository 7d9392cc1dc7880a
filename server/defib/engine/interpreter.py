"""A small Python interpreter that reads a file the way Python would run it, without running it.

It walks the top-level statements in order, keeping track of what each name holds (an
imported name, a constant, a list or dict, a function or class of the file) and follows calls
into the file's own functions and classes. Whatever it does not understand is `UNKNOWN`.

It knows Python, not Keras or numpy: calls of imported names, methods of the values a library
makes and arithmetic on them go to the `Library` objects it is given (keras_build.py,
data_scale.py), which say what those evaluate to.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import libcst as cst

from defib.engine.model import DataSpec, Located
from defib.engine.source import (
    Chunk,
    callee_tail,
    child_nodes,
    dotted_name,
    import_bindings,
    number_literal,
    target_names,
    walk,
)
from defib.engine.values import (
    UNKNOWN,
    BoundArgument,
    BoundMethod,
    ClassValue,
    Const,
    DataValue,
    DictValue,
    FunctionValue,
    GeneratorValue,
    ListValue,
    ObjectValue,
    Prediction,
    Ref,
    RowMask,
    Scope,
    SumsValue,
    Value,
    data_attribute,
    number,
    origin_of,
    python_value,
    string,
    written_elements,
)

MAX_LOOP_ITERATIONS = 64
# A loop whose passes build nothing (a training, evaluation or plotting loop) reads the same on
# every pass: after this many such passes in a row the rest are not read.
QUIET_PASSES = 2
# A nest of loops (a loop over episodes around a loop over steps, each pass training a model)
# reads at most this many passes in all, counted over every loop inside the outermost one;
# then each loop in the nest ends as a quiet loop ends. Model building fits well within it.
MAX_NEST_PASSES = 256
MAX_CALL_DEPTH = 8
MAX_STEPS = 200_000

_BUILTINS = frozenset(
    {"range", "list", "tuple", "reversed", "float", "int", "dict", "zip", "enumerate", "len"}
)


class BudgetExceeded(Exception):
    """The file took more than `MAX_STEPS` steps to read: stop, keeping what was found."""


class _Return(Exception):
    def __init__(self, value: Value) -> None:
        self.value = value


class Library:
    """What a library adds to the interpreter: how its names, calls and values evaluate.

    Every hook returns None (or False) for what is not the library's own; the interpreter then
    reads it as plain Python, and a call it cannot follow evaluates to `UNKNOWN`.
    """

    # Whether the library builds things (models) that a branch read only for its effects on
    # data must not add to: see Interpreter.effects_only.
    builds = False

    def exports(self, qualified: str) -> bool:
        """Whether `from module import *` may have bound this name (`keras.layers.Dense`)."""
        return False

    def base_kind(self, bases: Sequence[Value]) -> str | None:
        """What a class with these bases is to the library (ClassValue.keras_base), if any."""
        return None

    def call_ref(self, ref: Ref, node: cst.Call, scope: Scope) -> Value | None:
        """A call of an imported name, such as `keras.layers.Dense(10)` or `np.array(x)`."""
        return None

    def call_method(self, owner: Value, method: str, node: cst.Call, scope: Scope) -> Value | None:
        """A method call on a value the library made, such as `model.compile(...)`."""
        return None

    def call_value(self, callee: Value, node: cst.Call, scope: Scope) -> Value | None:
        """A call of a value the library made, such as a layer applied to a tensor."""
        return None

    def attribute(self, base: Value, attr: str) -> Value | None:
        """`base.attr` where the library knows what it holds (`FLAGS.learning_rate`)."""
        return None

    def call_unknown(self, args: Sequence[Value], node: cst.Call) -> Value | None:
        """A call of something not understood, given its evaluated positional arguments."""
        return None

    def loop_items(self, iterable: Value) -> list[Value] | None:
        """What a `for` over a value the library made binds, pass by pass (None: not known)."""
        return None

    def subscript(self, base: Value, node: cst.Subscript) -> Value | None:
        """`base[...]` of a value the library made."""
        return None

    def set_value_attribute(self, owner: Value, name: str, value: Value, where: Located) -> None:
        """`owner.name = value` on any value but an instance of a class of the file."""

    def given_away(self, values: Sequence[Value]) -> None:
        """Values given to code the interpreter does not read (an imported function), which
        may do anything with them."""

    def code_left_out(self, scope: Scope) -> None:
        """A placeholder for code still to be written (an exercise's `[...]` or `...` alone as
        a statement), which may go on with what `scope` holds."""

    def set_attribute(self, owner: ObjectValue, name: str, value: Value) -> None:
        """`owner.name = value` on an instance of a class of the file (`self.block = ...`)."""

    def instantiate(
        self, cls: ClassValue, args: list[Value], kwargs: dict[str, Value]
    ) -> Value | None:
        """An instance of a class of the file that subclasses one of the library's."""
        return None

    def binary(self, operator: str, left: Value, right: Value) -> Value | None:
        """`left <operator> right` ("Add", "Divide", ...) where one side is the library's."""
        return None

    def progress(self) -> object:
        """What the library has built so far, in a form that compares equal while nothing
        new was built: a loop pass that changes it is not a quiet one."""
        return None


class Interpreter:
    """Reads a file's statements, binding names to `Value`s in a module scope.

    An array (`DataValue`) goes through negation, indexing and `.values` / `.T` unchanged:
    those do not change how large its values are, which is all data_scale.py tracks.
    """

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.chunks = chunks
        self._libraries: Sequence[Library] = ()
        self._data_libraries: Sequence[Library] = ()
        self.module_scope = Scope()
        self.chunk: Chunk = chunks[0] if chunks else None  # type: ignore[assignment]
        self.functions: list[FunctionValue] = []
        self.called: set[tuple[int, int]] = set()
        self.classes: list[ClassValue] = []
        self.star_modules: list[str] = []
        self.depth = 0
        self.steps = 0
        self.mutations = 0  # lists appended to, dict items and object attributes set
        # How many branches whose condition is not known are being read (only their body is):
        # what they make may not be what the program runs with.
        self.guessing = 0
        # How many loops (for, while) the statement being read sits in: a call there may run
        # many times.
        self.looping = 0
        self.nest_passes = 0  # passes read so far in the outermost loop being read
        # Loops being read whose passes are not all read (over something not known, a while):
        # a list they append to holds an unknown number of items after them.
        self.uncounted_loops = 0
        # How many branches are being read only for what they do to arrays in place (columns
        # scaled by a helper in an `else`): nothing they build or define is kept.
        self.effects_only = 0
        self._generators: dict[int, bool] = {}  # is_generator(), by the `def`'s identity

    @property
    def libraries(self) -> Sequence[Library]:
        return self._data_libraries if self.effects_only else self._libraries

    @libraries.setter
    def libraries(self, libraries: Sequence[Library]) -> None:
        self._libraries = tuple(libraries)
        self._data_libraries = tuple(library for library in libraries if not library.builds)

    # --- driving ------------------------------------------------------------------------------

    def run(self) -> None:
        """Read every statement, then every function nobody called. May raise BudgetExceeded
        or RecursionError: what was read until then stays read."""
        for chunk in self.chunks:
            self.chunk = chunk
            try:
                self._exec_block(chunk.statements, self.module_scope)
            except _Return:
                continue  # `return` outside a function: Python refuses it at compile time
        # Functions nobody called in this file (a build_model() imported elsewhere) are read
        # with their default arguments. Reading a function may define more (a build callback
        # nested in a function): the list grows while it is walked, so those are read too.
        index = 0
        while index < len(self.functions):
            function = self.functions[index]
            index += 1
            if function.where.key not in self.called:
                self.call_function(function, [], {}, self_value=None, uncalled=True)

    @contextmanager
    def in_chunk(self, chunk: Chunk) -> Iterator[None]:
        """Read inside another top-level statement (a function's) for a while."""
        previous, self.chunk = self.chunk, chunk
        try:
            yield
        finally:
            self.chunk = previous

    @contextmanager
    def guessing_unless(self, certain: bool) -> Iterator[None]:
        """Read a branch taken without knowing its condition (unless `certain`)."""
        self.guessing += not certain
        try:
            yield
        finally:
            self.guessing -= not certain

    @contextmanager
    def reading_effects_only(self, only: bool) -> Iterator[None]:
        """Read a branch only for what it does to arrays in place (if `only`)."""
        self.effects_only += only
        try:
            yield
        finally:
            self.effects_only -= only

    def loc(self, node: cst.CSTNode) -> Located:
        """A node of the statement being read, located."""
        return Located(node, self.chunk)

    def _tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise BudgetExceeded

    # --- statements ---------------------------------------------------------------------------

    def _exec_block(self, statements: Sequence[cst.CSTNode], scope: Scope) -> None:
        for statement in statements:
            self._exec(statement, scope)

    def _exec(self, statement: cst.CSTNode, scope: Scope) -> None:
        self._tick()
        if type(statement) is cst.SimpleStatementLine:
            for small in statement.body:
                self._exec_small(small, scope)
        elif type(statement) is cst.FunctionDef:
            function = FunctionValue(statement, self.loc(statement), scope)
            scope.bind(statement.name.value, function)
            if not self.effects_only:
                self.functions.append(function)
        elif type(statement) is cst.ClassDef:
            self._exec_class(statement, scope)
        elif type(statement) is cst.For:
            self._exec_for(statement, scope)
        elif type(statement) is cst.If:
            test = self._eval(statement.test, scope)
            if isinstance(test, Const):
                if test.value:
                    self._exec_suite(statement.body, scope)
                elif isinstance(statement.orelse, cst.If):
                    self._exec(statement.orelse, scope)
                elif isinstance(statement.orelse, cst.Else):
                    self._exec_suite(statement.orelse.body, scope)
            else:
                before = dict(scope.names)
                main_guard = _is_main_guard(statement.test)
                with self.guessing_unless(main_guard):
                    self._exec_suite(statement.body, scope)
                learned = self._exec_other_branch(statement.orelse, scope, before)
                assumed = _name_equal_to_literal(statement.test)
                if assumed is not None and not learned and not main_guard:
                    # The branch was read as taken, so `mode == "easy"` holds from here on:
                    # a later `if mode == "simple":` is not read into the same model.
                    name, literal = assumed
                    if scope.lookup(name) is UNKNOWN and name not in _bound_names(statement):
                        scope.bind(name, Const(literal, self.loc(statement.test)))
        elif type(statement) is cst.With:
            self._exec_suite(statement.body, scope)
        elif type(statement) is cst.While:
            before = dict(scope.names)
            if not self.looping:
                self.nest_passes = 0
            self.looping += 1
            self.uncounted_loops += 1
            try:
                self._exec_suite(statement.body, scope)
            finally:
                self.looping -= 1
                self.uncounted_loops -= 1
            _forget_rebound_constants(scope, before)
        elif type(statement) is cst.Try:
            before = dict(scope.names)
            self._exec_suite(statement.body, scope)
            for handler in statement.handlers:
                self._exec_other_branch(handler, scope, before)
            if statement.finalbody is not None:
                self._exec_suite(statement.finalbody.body, scope)

    def _exec_other_branch(
        self,
        other: cst.Else | cst.If | cst.ExceptHandler | None,
        scope: Scope,
        before: dict[str, Value],
    ) -> bool:
        """After an `if` whose condition is not known, or a `try` whose failure is not: the
        names the branch read left unknown (`model = load_model(path)`) take what the other
        branch makes of them (`model = Model(...)` when there is no saved file), as that is
        the only one that says what they are. Other names keep the first branch's values.
        Whether some name took the other branch's value."""
        if other is None:
            return False
        left_unknown = {
            name
            for name, value in scope.names.items()
            if value is UNKNOWN and (name not in before or before[name] is not UNKNOWN)
        }
        # With nothing to learn of names there, its calls may change what was built; but what
        # it does to arrays in place (a helper that standardises a column in the `else` of a
        # per-column loop) is done all the same, and only ever says less.
        learn = bool(left_unknown & _assigned_names(other))
        branch = Scope(parent=scope)
        with self.guessing_unless(False), self.reading_effects_only(not learn):
            if isinstance(other, cst.If):
                self._exec(other, branch)
            else:
                self._exec_suite(other.body, branch)
        learned = left_unknown & branch.names.keys() if learn else set()
        for name in learned:
            scope.bind(name, branch.names[name])
        return bool(learned)

    def _exec_suite(self, suite: cst.BaseSuite, scope: Scope) -> None:
        if isinstance(suite, cst.IndentedBlock):
            self._exec_block(suite.body, scope)
        elif isinstance(suite, cst.SimpleStatementSuite):
            for small in suite.body:
                self._exec_small(small, scope)

    def _exec_small(self, small: cst.BaseSmallStatement, scope: Scope) -> None:
        if type(small) is cst.Expr:
            if _is_placeholder(small.value):
                for library in self.libraries:
                    library.code_left_out(scope)
                return
            self._eval(small.value, scope)
        elif type(small) is cst.Assign:
            value = self._eval(small.value, scope)
            for target in small.targets:
                self._assign(target.target, value, scope)
        elif type(small) is cst.AnnAssign:
            if small.value is not None:
                self._assign(small.target, self._eval(small.value, scope), scope)
        elif type(small) is cst.AugAssign:
            current = self._eval(small.target, scope)
            operand = self._eval(small.value, scope)
            operator = type(small.operator).__name__.replace("Assign", "")
            result = self._binary(operator, current, operand, small)
            if (
                type(small.target) is cst.Subscript
                and _scales_in_place(operator, operand, small.value)
                and isinstance(array := self._eval(small.target.value, scope), DataValue)
                and not array.spec.scaled
            ):
                # `im[:, :, 0] -= 103.939`: a channel's mean taken away in place, what a
                # pretrained network's preprocess_input does (its "caffe" mode), by hand; or a
                # column divided by its largest value (`data[:, i] *= 1 / m` in a loop).
                self.mutations += 1
                array.spec = replace(array.spec, scaled=True)
            if self.looping and not isinstance(small.target, cst.Name):
                # `counts["n"] += 1` in a loop read once: the item ends unknown (a name changed
                # so is forgotten after the loop).
                result = UNKNOWN
            self._assign(small.target, result, scope)
        elif type(small) is cst.Import:
            for bound, path in import_bindings(small):
                scope.bind(bound, Ref(path) if path else UNKNOWN)
        elif type(small) is cst.ImportFrom:
            self._exec_import_from(small, scope)
        elif type(small) is cst.Return:
            raise _Return(self._eval(small.value, scope) if small.value else Const(None))

    def _exec_import_from(self, node: cst.ImportFrom, scope: Scope) -> None:
        if isinstance(node.names, cst.ImportStar):
            module = None if node.relative or node.module is None else dotted_name(node.module)
            if module is not None:
                self.star_modules.append(module)
            return
        for bound, path in import_bindings(node):
            scope.bind(bound, Ref(path) if path else UNKNOWN)

    def _exec_class(self, node: cst.ClassDef, scope: Scope) -> None:
        bases = [self._eval(base.value, scope) for base in node.bases]
        kind = next(
            (kind for library in self.libraries if (kind := library.base_kind(bases))), None
        )
        cls = ClassValue(node, self.loc(node), scope, kind)
        scope.bind(node.name.value, cls)
        if self.effects_only:
            return
        self.classes.append(cls)
        for method in class_methods(node):
            function = FunctionValue(method, self.loc(method), scope, owner=cls)
            # A model class's methods are read when the model is built (KerasCalls), with
            # its own instance, not each on its own.
            if kind != "model":
                self.functions.append(function)

    def _exec_for(self, node: cst.For, scope: Scope) -> None:
        sequence = self._enumerated(node.iter, scope)
        iterable = self._eval(node.iter, scope) if sequence is None else _enumerate(sequence)
        if isinstance(iterable, DictValue):  # `for name in configs:` binds its keys
            iterable = ListValue(_dict_keys(iterable), iterable.origin, truncated=iterable.partial)
        items: list[Value] = (
            iterable.items[:MAX_LOOP_ITERATIONS]
            if isinstance(iterable, ListValue)
            else self._loop_items(iterable)
        )
        if sequence is not None and sequence is not UNKNOWN and iterable is UNKNOWN:
            # `for i, layer in enumerate(model.layers)`: each pair holds what the loop over the
            # sequence itself would give, at an index not known.
            items = [ListValue([UNKNOWN, item]) for item in self._loop_items(sequence)]
        # When how many times the body runs is not known (or not all passes are read), the
        # numbers it rebinds are forgotten after it: a class counter over folders is not 1.
        uncounted = (
            not isinstance(iterable, ListValue)
            or iterable.truncated
            or len(iterable.items) > len(items)
        )
        start = dict(scope.names) if uncounted else {}
        if not self.looping:
            self.nest_passes = 0
        self.looping += 1
        self.uncounted_loops += uncounted
        try:
            quiet = 0
            for index, item in enumerate(items):
                before, names = self._progress(), dict(scope.names)
                self._assign(node.target, item, scope)
                self._exec_suite(node.body, scope)
                self.nest_passes += 1
                quiet = quiet + 1 if self._progress() == before else 0
                spent = self.nest_passes >= MAX_NEST_PASSES
                if (quiet == QUIET_PASSES or spent) and index + 1 < len(items):
                    # The passes left would build nothing either (or the nest has read its
                    # share). What a pass rebinds (a counter, a decayed rate) is not known
                    # after all of them; the target holds the last item.
                    for name, value in scope.names.items():
                        if not _same(value, names.get(name)):
                            scope.bind(name, UNKNOWN)
                    self._assign(node.target, items[-1], scope)
                    break
        finally:
            self.looping -= 1
            self.uncounted_loops -= uncounted
        if uncounted:
            _forget_rebound_constants(scope, start)

    def _enumerated(self, node: cst.BaseExpression, scope: Scope) -> Value | None:
        """The sequence of a loop over the builtin `enumerate(sequence)`, read once; None
        when the loop is over anything else."""
        if not (
            type(node) is cst.Call
            and type(node.func) is cst.Name
            and node.func.value == "enumerate"
            and self._lookup("enumerate", scope) is UNKNOWN  # the builtin, not rebound
            and len(node.args) == 1
            and node.args[0].keyword is None
            and not node.args[0].star
        ):
            return None
        return self._eval(node.args[0].value, scope)

    def _loop_items(self, iterable: Value) -> list[Value]:
        for library in self.libraries:
            items = library.loop_items(iterable)
            if items is not None:
                return items
        return [UNKNOWN]

    def _progress(self) -> tuple[object, ...]:
        return (self.mutations, *(library.progress() for library in self.libraries))

    def assign(self, target: cst.BaseExpression, value: Value, scope: Scope) -> None:
        """Bind `value` to an assignment target (a name, `obj.attr`, `d[key]`) as `=` does."""
        self._assign(target, value, scope)

    def _assign(self, target: cst.BaseExpression, value: Value, scope: Scope) -> None:
        if type(target) is cst.Name:
            scope.bind(target.value, value)
        elif type(target) is cst.Tuple or type(target) is cst.List:
            items = value.items if isinstance(value, ListValue) else None
            for index, element in enumerate(target.elements):
                if isinstance(element, cst.StarredElement):
                    continue
                item = items[index] if items is not None and index < len(items) else UNKNOWN
                self._assign(element.value, item, scope)
        elif type(target) is cst.Attribute:
            owner = self._eval(target.value, scope)
            if isinstance(owner, ObjectValue):
                self.mutations += 1
                owner.attrs[target.attr.value] = value
                for library in self.libraries:
                    library.set_attribute(owner, target.attr.value, value)
            else:
                for library in self.libraries:
                    library.set_value_attribute(owner, target.attr.value, value, self.loc(target))
        elif type(target) is cst.Subscript:
            owner = self._eval(target.value, scope)
            key = self._subscript_key(target, scope)
            if isinstance(owner, DictValue) and key is not None:
                self.mutations += 1
                owner.items[key] = value
            elif isinstance(owner, DictValue):
                owner.partial = True
            elif isinstance(owner, DataValue):
                owner.spec = replace(owner.spec, recoded=True)
                if owner.spec.knows_labels:
                    # `y[y == 5] = 0` changes the values in place: they are no longer known labels.
                    owner.spec = owner.spec.without_labels()
                if isinstance(value, DataValue) and value.spec.scaled and not owner.spec.scaled:
                    # `df[col] = zscore(df[col])`: columns scaled in place; the frame is then
                    # taken as scaled, as its other columns may be categories or already on scale.
                    self.mutations += 1
                    owner.spec = replace(owner.spec, scaled=True)

    # --- expressions --------------------------------------------------------------------------

    def _eval(self, node: cst.BaseExpression, scope: Scope) -> Value:
        self._tick()
        # By exact type: libcst's classes are ABCs, and isinstance() on one that does not match
        # costs ~250 ns against ~30 ns for `type() is`: reading the corpus took 23% longer.
        if type(node) in _LITERALS:
            literal = _literal(node)
            return UNKNOWN if literal is UNKNOWN else Const(literal, self.loc(node))  # type: ignore[arg-type]
        if type(node) is cst.Name:
            return self._lookup(node.value, scope)
        if type(node) is cst.Attribute:
            return self._attribute(self._eval(node.value, scope), node.attr.value)
        if type(node) is cst.Call:
            return self._call(node, scope)
        if type(node) is cst.List or type(node) is cst.Tuple or type(node) is cst.Set:
            items: list[Value] = []
            for element in node.elements:
                value = self._eval(element.value, scope)
                if isinstance(element, cst.StarredElement):
                    if isinstance(value, ListValue):
                        items.extend(value.items)
                    continue
                items.append(value)
            return ListValue(items, self.loc(node))
        if type(node) is cst.Dict:
            entries: dict[object, Value] = {}
            partial = False
            for entry in node.elements:
                if isinstance(entry, cst.DictElement):
                    key = python_value(self._eval(entry.key, scope))
                    if isinstance(key, (str, int, float, bool)):
                        entries[key] = self._eval(entry.value, scope)
                        continue
                partial = True
            return DictValue(entries, self.loc(node), partial)
        if (
            type(node) is cst.ListComp
            or type(node) is cst.GeneratorExp
            or type(node) is cst.SetComp
        ):
            return self._comprehension(node, scope)
        if type(node) is cst.BinaryOperation:
            left = self._eval(node.left, scope)
            right = self._eval(node.right, scope)
            return self._binary(type(node.operator).__name__, left, right, node)
        if type(node) is cst.UnaryOperation:
            operand = self._eval(node.expression, scope)
            if isinstance(node.operator, cst.Minus) and isinstance(operand, Const):
                if isinstance(operand.value, (int, float)) and not isinstance(operand.value, bool):
                    return Const(-operand.value, self.loc(node))
            if isinstance(node.operator, cst.Minus) and isinstance(operand, DataValue):
                # The same magnitude; the known smallest and largest values change sides.
                spec = operand.spec
                if spec.span is None and spec.value_range is None:
                    return operand
                return DataValue(
                    replace(spec, span=_negated(spec.span), value_range=_negated(spec.value_range))
                )
            if isinstance(node.operator, cst.Not) and isinstance(operand, Const):
                return Const(not operand.value, self.loc(node))
            return UNKNOWN
        if type(node) is cst.Subscript:
            return self._subscript(node, scope)
        if type(node) is cst.IfExp:
            test = self._eval(node.test, scope)
            if isinstance(test, Const):
                return self._eval(node.body if test.value else node.orelse, scope)
            with self.guessing_unless(False):
                return self._eval(node.body, scope)
        if type(node) is cst.BooleanOperation:
            left = self._eval(node.left, scope)
            if isinstance(node.operator, cst.Or):
                if isinstance(left, Const) and not left.value:
                    return self._eval(node.right, scope)
                return left if left is not UNKNOWN else self._eval(node.right, scope)
            return self._eval(node.right, scope)
        if type(node) is cst.Comparison and len(node.comparisons) == 1:
            target = node.comparisons[0]
            compare = _COMPARISONS.get(type(target.operator))
            if compare is None:
                return UNKNOWN
            left = self._eval(node.left, scope)
            right = self._eval(target.comparator, scope)
            decided = _compare_constants(compare, left, right)
            if decided is not None:
                # `if dropout_prob > 0:` with the default 0: the branch is not taken.
                return Const(decided, self.loc(node))
            if isinstance(target.operator, cst.Equal):
                return self._binary("Equal", left, right, node)
            if not isinstance(target.operator, (cst.In, cst.NotIn, cst.Is, cst.IsNot)):
                return self._binary("Compare", left, right, node)
            return UNKNOWN
        if type(node) is cst.Lambda:
            return FunctionValue(node, self.loc(node), scope)
        if type(node) is cst.NamedExpr:
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
                if any(library.exports(qualified) for library in self.libraries):
                    return Ref(qualified)
        return value

    def _attribute(self, base: Value, attr: str) -> Value:
        for library in self.libraries:
            known = library.attribute(base, attr)
            if known is not None:
                return known
        if isinstance(base, Ref):
            return Ref(f"{base.qualified}.{attr}")
        if isinstance(base, ObjectValue):
            if attr in base.attrs:
                return base.attrs[attr]
            if base.cls is not None and (function := method_of(base.cls, attr)) is not None:
                return BoundMethod(base, function)
            return UNKNOWN
        if isinstance(base, DataValue) and attr in ("values", "T", "data", "iloc", "loc"):
            return base
        if isinstance(base, DataValue):
            if base.spec.source == "file" and _column_attribute(attr):
                # `df.SalePrice`: a column of a table read from a file, as `df["SalePrice"]`.
                return DataValue(base.spec.without_labels().some_samples())
            return data_attribute(base.spec, attr)
        return UNKNOWN

    def _subscript_key(self, node: cst.Subscript, scope: Scope) -> object:
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            return None
        key = python_value(self._eval(node.slice[0].slice.value, scope))
        return key if isinstance(key, (str, int, float, bool)) else None

    def _columns_picked(
        self, node: cst.Subscript, maxima: list[float], scope: Scope
    ) -> list[float] | None:
        """The largest value of each column `x[:, 0]` or `x[:, 1:3]` keeps of a literal array
        whose columns (the last axis) reach `maxima`; unknown for any other pick."""
        if len(node.slice) != 2:
            return None
        rows, columns = node.slice[0].slice, node.slice[1].slice
        if not (isinstance(rows, cst.Slice) and rows.lower is None and rows.upper is None):
            return None
        if isinstance(columns, cst.Index):
            index = python_value(self._eval(columns.value, scope))
            if isinstance(index, int) and not isinstance(index, bool):
                return [maxima[index]] if -len(maxima) <= index < len(maxima) else None
            return None
        if not isinstance(columns, cst.Slice):
            return None
        bounds: list[int | None] = []
        for part in (columns.lower, columns.upper, columns.step):
            bound = None if part is None else python_value(self._eval(part, scope))
            if bound is not None and (not isinstance(bound, int) or isinstance(bound, bool)):
                return None
            bounds.append(bound)
        return maxima[slice(*bounds)] or None

    def _one_row(self, node: cst.Subscript, scope: Scope) -> bool:
        """Whether `node` picks one row: `a[0]`, `a[-1]`, `a[i]` with `i` a known integer."""
        if len(node.slice) != 1 or not isinstance(index := node.slice[0].slice, cst.Index):
            return False
        written = index.value
        if isinstance(written, cst.UnaryOperation) and isinstance(written.operator, cst.Minus):
            written = written.expression
        if isinstance(written, cst.Name):
            value = python_value(self._lookup(written.value, scope))
            return isinstance(value, int) and not isinstance(value, bool)
        return isinstance(written, cst.Integer)

    def _subscript(self, node: cst.Subscript, scope: Scope) -> Value:
        base = self._eval(node.value, scope)
        if isinstance(base, DataValue) and base.prediction is not None:
            if not base.prediction.one_sample and self._one_row(node, scope):
                # `predictions[0]`: the prediction for one sample.
                one = Prediction(base.prediction.model, one_sample=True)
                return DataValue(DataSpec("unknown", base.spec.where), prediction=one)
            if _rows_picked(node) != "slice":
                # A column (`pred[:, 0]`) or rows picked by an index array: no longer the
                # predictions as predict() shaped them. A slice of rows still is (below).
                return DataValue(DataSpec("unknown", base.spec.where))
        if isinstance(base, DataValue):
            rows = _rows_picked(node)
            index = node.slice[0].slice if len(node.slice) == 1 else None
            # The index, read once: a key of a loader's result, or the rows it picks.
            mask = (
                self._eval(index.value, scope)
                if isinstance(index, cst.Index)
                and (rows == "index" or base.spec.source == "dataset")
                else UNKNOWN
            )
            if base.spec.source == "dataset" and isinstance(key := python_value(mask), str):
                # `bunch["data"]` is `bunch.data`: a loader's result read as a dict (sklearn's
                # Bunch is one).
                return self._attribute(base, key)
            # A slice of rows (`y[:800]`) is the same labels, rows picked by an index or mask
            # (`y[keep]`) may hold fewer classes; a column (`df["label"]`, `y[:, 0]`) or an
            # item is no longer what the whole array was as labels.
            if rows == "slice":
                bounds = _written_bounds(index)
                if base.spec.source == "literal" and bounds is not None:
                    # A slice of an array written out in the code, by numbers written out: the
                    # rows it keeps may not hold the whole's largest values (a window `a[i:i +
                    # n]` in a loop over all of them is taken as the whole).
                    return DataValue(base.spec.rows_sliced(*bounds))
                return base if base.spec.rows is None else DataValue(base.spec.some_samples())
            if rows == "index":
                if isinstance(mask, RowMask) and mask.labels is base:
                    return DataValue(base.spec.rows_keeping(mask.keeps).some_samples())
                if isinstance(mask, ListValue) and all(
                    isinstance(item, Const) and isinstance(item.value, str) for item in mask.items
                ):
                    # `df[features]`, a list of column names: some of the columns, whose
                    # largest values are not those of the whole table.
                    picked = replace(base.spec.without_labels(), feature_max_abs=None)
                    return DataValue(picked.some_samples())
            spec = base.spec.some_rows() if rows == "index" else base.spec.without_labels()
            if rows is None and (maxima := spec.feature_max_abs) is not None:
                spec = replace(spec, feature_max_abs=self._columns_picked(node, maxima, scope))
            return DataValue(spec.some_samples())
        if isinstance(base, SumsValue):
            # `s[:, None]`, `s[:, np.newaxis]`: the same sums as a column; anything else picks
            # some of them out.
            return base if all(_adds_an_axis(e.slice) for e in node.slice) else UNKNOWN
        if isinstance(base, RowMask) and self._subscript_key(node, scope) == 0:
            return base  # `np.where(mask)[0]`: the same rows
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
        for library in self.libraries:
            known = library.subscript(base, node)
            if known is not None:
                return known
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
        truncated = isinstance(iterable, ListValue) and (
            iterable.truncated or len(iterable.items) > MAX_LOOP_ITERATIONS
        )
        return ListValue(items, self.loc(node), truncated=truncated)

    def _binary(self, operator: str, left: Value, right: Value, node: cst.CSTNode) -> Value:
        if isinstance(left, ListValue) and isinstance(right, ListValue) and operator == "Add":
            truncated = left.truncated or right.truncated
            return ListValue(left.items + right.items, self.loc(node), truncated=truncated)
        if (
            isinstance(left, ListValue)
            and operator == "Multiply"
            and (count := number(right)) is not None
        ):
            truncated = left.truncated or count > MAX_LOOP_ITERATIONS
            numbers = [number(item) for item in left.items]
            bound = (
                max((abs(n) for n in numbers if n is not None), default=None)
                if truncated and all(n is not None for n in numbers)
                else None
            )
            return ListValue(
                left.items * int(min(count, MAX_LOOP_ITERATIONS)),
                self.loc(node),
                truncated=truncated,
                bound=left.bound if left.truncated else bound,
            )
        a, b = number(left), number(right)
        if a is not None and b is not None:
            result = _arithmetic(operator, a, b)
            if result is None:
                return UNKNOWN
            both_int = all(isinstance(v, Const) and isinstance(v.value, int) for v in (left, right))
            if both_int and operator in ("Add", "Subtract", "Multiply", "FloorDivide", "Power"):
                return Const(int(result), self.loc(node))
            return Const(result, self.loc(node))
        if isinstance(left, Const) and isinstance(right, Const) and operator == "Add":
            if isinstance(left.value, str) and isinstance(right.value, str):
                return Const(left.value + right.value, self.loc(node))
        for library in self.libraries:
            combined = library.binary(operator, left, right)
            if combined is not None:
                return combined
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
            for library in self.libraries:
                result = library.call_ref(callee, node, scope)
                if result is not None:
                    return result
            self._pass_on(*self.call_arguments(node, scope))
            return UNKNOWN
        if isinstance(callee, (FunctionValue, BoundMethod, ClassValue)):
            args, kwargs = self.call_arguments(node, scope)
            if isinstance(callee, ClassValue):
                return self._instantiate(callee, args, kwargs)
            if isinstance(callee, BoundMethod):
                return self.call_function(callee.function, args, kwargs, self_value=callee.obj)
            return self.call_function(callee, args, kwargs, self_value=None)
        for library in self.libraries:
            result = library.call_value(callee, node, scope)
            if result is not None:
                return result
        # Still read the arguments: a layer list or model may be built inside them.
        args, kwargs = self.call_arguments(node, scope)
        self._pass_on(args, kwargs)
        if callee is UNKNOWN:
            for library in self.libraries:
                result = library.call_unknown(args, node)
                if result is not None:
                    return result
        return UNKNOWN

    def _pass_on(self, args: list[Value], kwargs: dict[str, Value]) -> None:
        if not args and not kwargs:
            return
        values = [*args, *kwargs.values()]
        for library in self.libraries:
            library.given_away(values)

    def _builtin_call(self, name: str, node: cst.Call, scope: Scope) -> Value:
        args = self.positional(node, scope)
        if name == "range":
            bounds = [number(a) for a in args]
            if len(node.args) == 1 and bounds == [None]:
                bounds = [self._length_of(node.args[0].value, scope)]
            if bounds and all(b is not None for b in bounds) and len(bounds) <= 3:
                ints = [int(b) for b in bounds if b is not None]
                try:
                    whole = range(*ints)
                except (ValueError, TypeError):
                    return UNKNOWN
                numbers = list(itertools.islice(whole, MAX_LOOP_ITERATIONS))
                if len(whole) <= MAX_LOOP_ITERATIONS:
                    return ListValue([Const(n) for n in numbers])
                bound = float(max(abs(whole[0]), abs(whole[-1])))
                return ListValue([Const(n) for n in numbers], truncated=True, bound=bound)
            return UNKNOWN
        if name == "zip" and args and all(isinstance(a, ListValue) for a in args):
            columns = [a.items for a in args if isinstance(a, ListValue)]
            return ListValue([ListValue(list(row)) for row in zip(*columns, strict=False)])
        if name == "enumerate" and len(args) == 1:
            return _enumerate(args[0])
        if name in ("list", "tuple", "reversed") and args:
            return args[0] if isinstance(args[0], ListValue) else UNKNOWN
        if name in ("float", "int") and args and (value := number(args[0])) is not None:
            return Const(float(value) if name == "float" else int(value), origin_of(args[0]))
        if name in ("float", "int") and args and (text := string(args[0])) is not None:
            try:
                return Const(float(text) if name == "float" else int(text), origin_of(args[0]))
            except ValueError:
                return UNKNOWN
        if name == "dict":
            _, kwargs = self.call_arguments(node, scope)
            return DictValue(dict(kwargs.items()), self.loc(node))
        if name == "len" and len(args) == 1:
            if isinstance(args[0], DataValue) and args[0].spec.length is not None:
                return Const(args[0].spec.length, self.loc(node))
            if (count := _literal_length(args[0])) is not None:
                return Const(count, self.loc(node))
        return UNKNOWN

    def _length_of(self, node: cst.BaseExpression, scope: Scope) -> int | None:
        """How many items `len(x)` or `np.shape(x)[0]` counts in a list read whole, for
        `range(...)` alone: a loop over its indices then reads the items `for item in x`
        would (a length that another use could take as a class count stays unknown)."""
        if (
            type(node) is cst.Subscript
            and len(node.slice) == 1
            and isinstance(node.slice[0].slice, cst.Index)
            and number_literal(node.slice[0].slice.value) == 0
            and type(node.value) is cst.Call
            and callee_tail(node.value.func) == "shape"
            and isinstance(node.value.func, cst.Attribute)
        ):
            node = node.value
        elif not (
            type(node) is cst.Call
            and type(node.func) is cst.Name
            and node.func.value == "len"
            and self._lookup("len", scope) is UNKNOWN  # the builtin, not rebound
        ):
            return None
        if (
            len(node.args) != 1
            or node.args[0].keyword is not None
            or node.args[0].star
            or dotted_name(node.args[0].value) is None  # read again: no call, no effects
        ):
            return None
        sequence = self._eval(node.args[0].value, scope)
        if not isinstance(sequence, ListValue) or sequence.truncated:
            return None
        return len(sequence.items)

    def positional(self, node: cst.Call, scope: Scope) -> list[Value]:
        """The values of a call's positional arguments (all its arguments are read)."""
        return self.call_arguments(node, scope)[0]

    def call_arguments(self, node: cst.Call, scope: Scope) -> tuple[list[Value], dict[str, Value]]:
        """The values of a call's positional and keyword arguments, `*` and `**` unpacked."""
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

    def bind(
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
                    where = origin_of(item) or self.loc(arg.value)
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
            bound[name] = BoundArgument(name, value, self.loc(arg.value), arg)
        return bound

    def _method_call(self, owner: Value, method: str, node: cst.Call, scope: Scope) -> Value | None:
        """Methods of lists and dicts, then of the libraries' values; None for any other."""
        if isinstance(owner, ListValue) and method in ("append", "extend", "insert"):
            args = self.positional(node, scope)
            if method == "append" and args and self.looping and _says_nothing(args[0]):
                # `losses.append(model.train_on_batch(x, y))` in a training loop: a record of
                # unknowns is no progress, so the loop stops once its passes build nothing
                # else; how many items the list holds is then not known.
                owner.truncated = True
            else:
                self.mutations += 1
                # In a loop whose passes are not all read, the items added are a sample of them.
                owner.truncated = owner.truncated or self.uncounted_loops > 0
            if method == "append" and args:
                owner.items.append(args[0])
            elif method == "extend" and args and isinstance(args[0], ListValue):
                owner.items.extend(args[0].items)
                owner.truncated = owner.truncated or args[0].truncated
            elif (
                method == "insert" and len(args) == 2 and (position := number(args[0])) is not None
            ):
                owner.items.insert(int(position), args[1])
            elif method != "append":
                owner.truncated = True  # items added that are not known
            return Const(None)
        if isinstance(owner, DictValue) and method == "get":
            args = self.positional(node, scope)
            key = python_value(args[0]) if args else None
            if isinstance(key, (str, int, float)) and key in owner.items:
                return owner.items[key]
            return args[1] if len(args) > 1 else Const(None)
        if isinstance(owner, DictValue) and method in ("keys", "values", "items"):
            # What `for name, config in configs.items()` binds, pass by pass.
            if node.args:
                return None
            entries: list[Value]
            if method == "keys":
                entries = _dict_keys(owner)
            elif method == "values":
                entries = list(owner.items.values())
            else:
                entries = [
                    ListValue([k, v])
                    for k, v in zip(_dict_keys(owner), owner.items.values(), strict=True)
                ]
            return ListValue(entries, self.loc(node), truncated=owner.partial)
        if isinstance(owner, DictValue) and method not in ("copy",):
            owner.partial = True  # `update()`, `pop()`, `setdefault()`: entries not known
        for library in self.libraries:
            result = library.call_method(owner, method, node, scope)
            if result is not None:
                return result
        return None

    def _instantiate(self, cls: ClassValue, args: list[Value], kwargs: dict[str, Value]) -> Value:
        for library in self.libraries:
            instance = library.instantiate(cls, args, kwargs)
            if instance is not None:
                return instance
        obj = ObjectValue(cls)
        # Its __init__ runs now, so the models it builds (a GAN's discriminator, an agent's
        # network) are the ones its other methods train when called on this instance.
        if (init := method_of(cls, "__init__")) is not None:
            self.call_function(init, args, kwargs, self_value=obj)
        return obj

    def call_function(
        self,
        function: FunctionValue,
        args: list[Value],
        kwargs: dict[str, Value],
        self_value: ObjectValue | None,
        defaults_known: bool = True,
        uncalled: bool = False,
    ) -> Value:
        """What calling a function of the file returns, reading its body with these arguments
        (`self_value` is the instance a method is called on). With `defaults_known` false, a
        parameter not given is unknown rather than its default: the caller is code the engine
        does not read, which chooses its own arguments. A function no code of the file calls
        (`uncalled`) is read with its defaults, each marked as one (`Const.default_of`)."""
        if not self.effects_only:  # a function only glanced at is still read on its own
            self.called.add(function.where.key)
        if self.depth >= MAX_CALL_DEPTH:
            self._pass_on(args, kwargs)
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
        with self.in_chunk(function.where.chunk):
            for index, param in enumerate(positional + list(params.kwonly_params)):
                name = param.name.value
                if index < len(positional) and index < len(args):
                    value: Value = args[index]
                elif name in kwargs:
                    value = kwargs[name]
                elif param.default is not None and defaults_known:
                    value = self._eval(param.default, function.scope)
                    if uncalled and isinstance(value, Const):
                        value = Const(value.value, value.origin, default_of=name)
                else:
                    value = UNKNOWN
                scope.bind(name, value)
            self.depth += 1
            try:
                if isinstance(function.node, cst.Lambda):
                    return self._eval(function.node.body, scope)
                self._exec_suite(function.node.body, scope)
                result: Value = Const(None)
            except _Return as returned:
                result = returned.value
            finally:
                self.depth -= 1
        if self.is_generator(function):
            # Calling a generator function runs none of its body yet; it is read above for
            # what it builds, but what the call gives is the generator.
            return GeneratorValue(function)
        return result

    def is_generator(self, function: FunctionValue) -> bool:
        """Whether a function of the file is a generator function (a `yield` in its own
        body, not in a function nested in it)."""
        node = function.node
        key = id(node)
        if key not in self._generators:
            # Walking a body node by node costs as much as reading it: only a statement whose
            # text says `yield` is walked.
            self._generators[key] = (
                isinstance(node, cst.FunctionDef)
                and "yield" in function.where.chunk.code
                and _yields(node.body)
            )
        return self._generators[key]


def class_methods(node: cst.ClassDef) -> list[cst.FunctionDef]:
    """The methods defined in a class body."""
    body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
    return [statement for statement in body if isinstance(statement, cst.FunctionDef)]


def method_of(cls: ClassValue, name: str) -> FunctionValue | None:
    """The method `name` of a class of the file (the first defined), as a function it owns."""
    for method in class_methods(cls.node):
        if method.name.value == name:
            return FunctionValue(method, Located(method, cls.where.chunk), cls.scope, owner=cls)
    return None


def _enumerate(sequence: Value) -> Value:
    """`enumerate(sequence)` of a known list: its (index, item) pairs."""
    if not isinstance(sequence, ListValue):
        return UNKNOWN
    return ListValue([ListValue([Const(i), item]) for i, item in enumerate(sequence.items)])


def positional_arguments(function: FunctionValue | BoundMethod) -> int:
    """How many positional arguments a call of a function of the file passes: its positional
    parameters, less the instance a method (bound, or of a class) receives first."""
    plain = function.function if isinstance(function, BoundMethod) else function
    params = plain.node.params
    count = len(params.posonly_params) + len(params.params)
    if isinstance(function, BoundMethod) or plain.owner is not None:
        count -= 1
    return count


def _yields(node: cst.CSTNode) -> bool:
    """Whether `node` holds a `yield` outside the functions and classes nested in it."""
    for child in child_nodes(node):
        if isinstance(child, cst.Yield):
            return True
        if isinstance(child, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            continue
        if _yields(child):
            return True
    return False


def _is_main_guard(test: cst.BaseExpression) -> bool:
    """`__name__ == "__main__"`: the branch a script runs."""
    return (
        isinstance(test, cst.Comparison)
        and isinstance(test.left, cst.Name)
        and test.left.value == "__name__"
        and len(test.comparisons) == 1
        and isinstance(test.comparisons[0].operator, cst.Equal)
        and _literal(test.comparisons[0].comparator) == "__main__"
    )


def _name_equal_to_literal(
    test: cst.BaseExpression,
) -> tuple[str, str | int | float | bool] | None:
    """`mode == "easy"` (either way round): the name and the literal it is tested against."""
    if not (
        isinstance(test, cst.Comparison)
        and len(test.comparisons) == 1
        and isinstance(test.comparisons[0].operator, cst.Equal)
    ):
        return None
    for name, other in (
        (test.left, test.comparisons[0].comparator),
        (test.comparisons[0].comparator, test.left),
    ):
        if isinstance(name, cst.Name) and type(other) in _LITERALS:
            literal = _literal(other)
            if isinstance(literal, (str, int, float, bool)):
                return name.value, literal
    return None


def _bound_names(node: cst.CSTNode) -> set[str]:
    """Every plain name `node` may bind anywhere inside it: assignment, loop and `with`
    targets, walrus and `global` names."""
    names: set[str] = set()
    for item in walk(node):
        if isinstance(
            item,
            (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor, cst.NamedExpr),
        ):
            names.update(target_names(item.target))
        elif isinstance(item, cst.AsName):
            names.update(target_names(item.name))  # type: ignore[arg-type]
        elif isinstance(item, (cst.Global, cst.Nonlocal)):
            names.update(n.name.value for n in item.names)
    return names


def _assigned_names(orelse: cst.Else | cst.If | cst.ExceptHandler) -> set[str]:
    """The plain names an `else`, `elif` or `except` branch assigns in its own statements."""
    body = orelse.body.body if isinstance(orelse.body, cst.IndentedBlock) else [orelse.body]
    names: set[str] = set()
    for statement in body:
        smalls = statement.body if isinstance(statement, cst.SimpleStatementLine) else []
        if isinstance(statement, cst.SimpleStatementSuite):
            smalls = statement.body
        for small in smalls:
            if isinstance(small, cst.Assign):
                for target in small.targets:
                    elements = (
                        [e.value for e in target.target.elements]
                        if isinstance(target.target, (cst.Tuple, cst.List))
                        else [target.target]
                    )
                    names.update(e.value for e in elements if isinstance(e, cst.Name))
    return names


def _literal_length(value: Value) -> int | None:
    """How many items a list or tuple written out whole holds (`classes = ["cat", "dog"]`),
    when nothing has added to or taken from it since: its items are those written. A list
    built another way (appended to in a loop over files, a comprehension) is not counted."""
    if not isinstance(value, ListValue) or value.truncated:
        return None
    elements = written_elements(value)
    if elements is None or any(isinstance(e, cst.StarredElement) for e in elements):
        return None
    return len(value.items)


def _negated(bounds: tuple[float, float] | None) -> tuple[float, float] | None:
    """The smallest and largest value of an array's negation."""
    return (-bounds[1], -bounds[0]) if bounds is not None else None


def _written_bounds(index: object) -> tuple[int | None, int | None, int | None] | None:
    """The start, stop and step of a slice `[a:b:c]` whose given parts are all whole numbers
    written out (`[:10]`, `[-20:]`); None for `[:]` and for bounds computed (`[i:i + n]`)."""
    if not isinstance(index, cst.Slice):
        return None
    parts = (index.lower, index.upper, index.step)
    if all(part is None for part in parts):
        return None
    bounds: list[int | None] = []
    for part in parts:
        if part is None:
            bounds.append(None)
            continue
        negative = isinstance(part, cst.UnaryOperation) and isinstance(part.operator, cst.Minus)
        number = part.expression if negative else part  # type: ignore[attr-defined]
        if not isinstance(number, cst.Integer):
            return None
        bounds.append(-number.evaluated_value if negative else number.evaluated_value)
    return bounds[0], bounds[1], bounds[2]


def _rows_picked(node: cst.Subscript) -> str | None:
    """How a subscript picks rows of an array: "slice" (one slice), "index" (one index array
    or mask: a name, a call, an attribute), or None (a string column, a number, several axes)."""
    if len(node.slice) != 1:
        return None
    part = node.slice[0].slice
    if isinstance(part, cst.Slice):
        return "slice"
    if isinstance(part, cst.Index) and isinstance(
        part.value, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)
    ):
        return "index"
    return None


def _forget_rebound_constants(scope: Scope, before: dict[str, Value]) -> None:
    """After a loop read once for a body that runs an unknown number of times: a constant it
    changed (`n_classes += 1`) is unknown; what it built (layers, models) is kept."""
    for name, value in scope.names.items():
        previous = before.get(name)
        if isinstance(value, Const) and isinstance(previous, Const) and not _same(value, previous):
            scope.bind(name, UNKNOWN)


def _says_nothing(value: Value) -> bool:
    """Unknown, or a tuple or list of unknowns (what a training step returns, unread)."""
    if isinstance(value, ListValue):
        return all(item is UNKNOWN for item in value.items)
    return value is UNKNOWN


def _same(value: Value, previous: Value | None) -> bool:
    """Whether a name still holds what it held: the same value, or an equal constant."""
    if value is previous:
        return True
    return (
        isinstance(value, Const)
        and isinstance(previous, Const)
        and type(value.value) is type(previous.value)
        and value.value == previous.value
    )


_LITERALS = (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString)


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


_COMPARISONS: dict[type, Callable[[Any, Any], bool]] = {
    cst.Equal: operator.eq,
    cst.NotEqual: operator.ne,
    cst.LessThan: operator.lt,
    cst.LessThanEqual: operator.le,
    cst.GreaterThan: operator.gt,
    cst.GreaterThanEqual: operator.ge,
    cst.Is: operator.is_,
    cst.IsNot: operator.is_not,
}


def _compare_constants(
    compare: Callable[[Any, Any], bool], left: Value, right: Value
) -> bool | None:
    """A comparison of two plain constants (numbers, strings, booleans, None), or None when
    either side is anything else. `is` is decided only against None."""
    if not (isinstance(left, Const) and isinstance(right, Const)):
        return None
    a, b = left.value, right.value
    plain = (int, float, str, bool, type(None))
    if not (isinstance(a, plain) and isinstance(b, plain)):
        return None
    if compare in (operator.is_, operator.is_not) and a is not None and b is not None:
        return None
    try:
        return bool(compare(a, b))
    except TypeError:  # 1 < "a"
        return None


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


def _adds_an_axis(index: cst.BaseSlice) -> bool:
    """Whether one element of a subscript keeps an axis whole (`:`) or adds one (`None`,
    `np.newaxis`)."""
    if isinstance(index, cst.Slice):
        return index.lower is None and index.upper is None and index.step is None
    value = index.value if isinstance(index, cst.Index) else None
    if isinstance(value, cst.Name):
        return value.value == "None"
    return isinstance(value, cst.Attribute) and value.attr.value == "newaxis"


def _column_attribute(attr: str) -> bool:
    """Whether `table.<attr>` can only be a column: pandas names every attribute and method of
    a DataFrame in lower case (but `T`), so a name with a capital letter is a column's. A column
    named in lower case (`df.price`) is left unknown."""
    return attr != "T" and not attr.startswith("_") and attr != attr.lower()


def _scales_in_place(operator: str, operand: Value, written: cst.BaseExpression) -> bool:
    """Whether `part <op>= operand` rescales a part of an array: a number taken away (a
    channel's mean), a division by anything but 1, or a product with `1 / m` or a number
    below 1."""
    factor = number(operand)
    if operator == "Subtract":
        return factor is not None
    if operator == "Divide":
        return factor != 1.0
    if operator == "Multiply":
        if factor is not None:
            return 0.0 < abs(factor) < 1.0
        return isinstance(written, cst.BinaryOperation) and isinstance(written.operator, cst.Divide)
    return False


def _is_placeholder(expression: cst.BaseExpression) -> bool:
    """`...` or `[...]` standing for code to write: an exercise's blank."""
    if isinstance(expression, (cst.List, cst.Tuple)):
        elements = expression.elements
        return len(elements) == 1 and type(elements[0].value) is cst.Ellipsis
    return type(expression) is cst.Ellipsis


def _dict_keys(value: DictValue) -> list[Value]:
    """A dict's known keys as values (the interpreter keeps only keys it could read: numbers,
    strings and bools)."""
    return [
        Const(key) if isinstance(key, (int, float, str, bool)) else UNKNOWN for key in value.items
    ]
