"""Features and labels shuffled apart: read from the syntax, in the order statements run.

A shuffle in place (`np.random.shuffle(x)`, `random.shuffle(x)`, a generator's `.shuffle(x)`)
reorders one array. When its partner (the labels given with it to `fit()`, a Dataset or a
helper) is neither shuffled with the same permutation nor derived again from the shuffled
array, every sample gets another sample's label. The same happens when the result of a
shuffle of both (`sklearn.utils.shuffle(x, y)`) is assigned back to one of them only
(`x, y_val = shuffle(x, y)`).

Each block of statements (the file's top level, each function body) is read as one line of
events: names bound, arrays shuffled, generators reseeded, and calls that take two names
together. Nested blocks (loops, branches, `with`) are read in place; function bodies apart,
starting from their parameters. Nothing here follows values: a name rebound between the
shuffle and the call may hold anything, so it ends the case.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import libcst as cst

from defib.engine.model import Located
from defib.engine.source import Chunk, child_nodes, dotted_name, target_names

# Worth reading only when the file shuffles a named array in place (`np.random.shuffle(x)`,
# `rng.shuffle(x)`) or assigns a shuffle's results to names (`x, y = shuffle(x, y)`). Most
# files that say "shuffle" say it as `fit(..., shuffle=True)` or `dataset.shuffle(1000)`,
# and reading every statement of those would cost a quarter of the whole check.
_HINT = re.compile(
    r"\.shuffle\(\s*[A-Za-z_][\w]*\s*\)"
    r"|^[ \t]*[A-Za-z_]\w*[ \t]*,[^=\n]*=[ \t]*[\w.]*shuffl\w*\(",
    re.IGNORECASE | re.MULTILINE,
)
# Calls that restart or restore a random generator: two shuffles with one of these between
# them may use the same permutation (`np.random.seed(0)` before each, `set_state`).
_RESEEDS = ("seed", "set_state", "setstate", "default_rng", "RandomState", "Random")
# What an index array, or a list of rows kept together, is made by (`np.arange(n)`,
# `list(zip(x, y))`): shuffling it picks rows, or moves each row whole, so nothing comes apart.
_INDEX_MAKERS = ("arange", "range", "permutation", "len", "list", "indices")


@dataclass(frozen=True)
class BrokenPair:
    """`moved` was shuffled at `shuffle` and reaches `use` beside `partner`, whose rows were not
    put in the same order (`partner_shuffle` is where the partner was shuffled on its own)."""

    moved: str
    partner: str
    shuffle: Located
    use: Located
    partner_shuffle: Located | None = None


@dataclass
class _Event:
    kind: str  # "bind", "index", "copy", "shuffle", "reseed", "use"
    names: tuple[str, ...]
    where: Located


def broken_pairs(source: str, chunks: Sequence[Chunk]) -> list[BrokenPair]:
    """Every pair of arrays shuffled apart and then used together, in the file's order."""
    # Every match says "shuffl": a substring test rules most files out at a tenth of the cost.
    if "shuffl" not in source.lower() or _HINT.search(source) is None:
        return []
    every = [(function, chunk) for chunk in chunks for function in _functions(chunk.statements)]
    reading = _reading_of(every)
    found: list[BrokenPair] = []
    top: list[_Event] = []
    functions: list[tuple[cst.FunctionDef, Chunk]] = []
    for chunk in chunks:
        for statement in chunk.statements:
            top.extend(_events(statement, chunk, functions, reading))
    found.extend(_judge(top))
    for function, chunk in functions:  # grows as nested functions are met
        events = [
            _Event("bind", (param.name.value,), Located(param, chunk))
            for param in _parameters(function.params)
        ]
        for statement in _body(function.body):
            events.extend(_events(statement, chunk, functions, reading))
        found.extend(_judge(events))
    return found


def _functions(statements: Sequence[cst.CSTNode]) -> Iterator[cst.FunctionDef]:
    """Every function defined in `statements`, methods and nested functions too."""
    for statement in statements:
        if isinstance(statement, cst.SimpleStatementLine | cst.BaseSmallStatement):
            continue
        if isinstance(statement, cst.FunctionDef):
            yield statement
        for block in _blocks(statement):
            yield from _functions(_body(block))


def _parameters(params: cst.Parameters) -> Iterator[cst.Param]:
    yield from params.posonly_params
    yield from params.params
    yield from params.kwonly_params
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            yield star


def _body(body: cst.BaseSuite) -> Sequence[cst.BaseStatement | cst.BaseSmallStatement]:
    if isinstance(body, cst.IndentedBlock):
        return body.body
    if isinstance(body, cst.SimpleStatementSuite):
        return body.body
    return ()


def _events(
    statement: cst.CSTNode,
    chunk: Chunk,
    functions: list[tuple[cst.FunctionDef, Chunk]],
    reading: _Reading,
) -> Iterator[_Event]:
    """The events of one statement, in the order they happen; function bodies are set aside."""
    if isinstance(statement, cst.FunctionDef):
        functions.append((statement, chunk))
        yield _Event("bind", (statement.name.value,), Located(statement, chunk))
        return
    if isinstance(statement, cst.ClassDef):
        for inner in _body(statement.body):
            if isinstance(inner, cst.FunctionDef):
                functions.append((inner, chunk))
        yield _Event("bind", (statement.name.value,), Located(statement, chunk))
        return
    if isinstance(statement, cst.SimpleStatementLine):
        for small in statement.body:
            yield from _small_events(small, chunk, reading)
        return
    if isinstance(statement, cst.BaseSmallStatement):
        yield from _small_events(statement, chunk, reading)
        return
    # A compound statement: its header's calls and bindings, then its blocks in order.
    if isinstance(statement, cst.For):
        yield from _uses(statement.iter, chunk, reading)
        yield _Event("bind", tuple(target_names(statement.target)), Located(statement, chunk))
    elif isinstance(statement, (cst.If, cst.While)):
        yield from _uses(statement.test, chunk, reading)
    elif isinstance(statement, cst.With):
        for item in statement.items:
            yield from _uses(item.item, chunk, reading)
            if item.asname is not None:
                names = tuple(target_names(item.asname.name))
                yield _Event("bind", names, Located(statement, chunk))
    for block in _blocks(statement):
        for inner in _body(block):
            yield from _events(inner, chunk, functions, reading)


def _blocks(statement: cst.CSTNode) -> Iterator[cst.BaseSuite]:
    body = getattr(statement, "body", None)
    if isinstance(body, cst.BaseSuite):
        yield body
    if isinstance(statement, cst.Try):
        for handler in statement.handlers:
            yield handler.body
    orelse = getattr(statement, "orelse", None)
    while orelse is not None:
        body = getattr(orelse, "body", None)
        if isinstance(body, cst.BaseSuite):
            yield body
        orelse = getattr(orelse, "orelse", None)
    final = getattr(statement, "finalbody", None)
    if isinstance(final, cst.Finally):
        yield final.body


def _small_events(small: cst.CSTNode, chunk: Chunk, reading: _Reading) -> Iterator[_Event]:
    where = Located(small, chunk)
    if isinstance(small, cst.Expr):
        shuffled = _shuffled_in_place(small.value)
        if shuffled is not None:
            yield _Event("shuffle", (shuffled,), Located(small.value, chunk))
            return
        if _reseeds(small.value):
            yield _Event("reseed", (), where)
        yield from _uses(small.value, chunk, reading)
        return
    if isinstance(small, cst.Assign):
        yield from _uses(small.value, chunk, reading)
        if _reseeds(small.value):
            yield _Event("reseed", (), where)
        apart = _shuffled_apart(small)
        if apart is not None:
            moved, others = apart
            yield _Event("shuffle", moved, Located(small.value, chunk))
            yield _Event("bind", others, where)
            return
        if _copy(small.value):
            names = tuple(n for target in small.targets for n in target_names(target.target))
            yield _Event("copy", names, where)
            return
        if _index_array(small.value):
            names = tuple(n for target in small.targets for n in target_names(target.target))
            yield _Event("index", names, where)
            return
        for target in small.targets:
            yield _Event("bind", tuple(target_names(target.target)), where)
        return
    if isinstance(small, cst.AnnAssign):
        if small.value is not None:
            yield from _uses(small.value, chunk, reading)
            yield _Event("bind", tuple(target_names(small.target)), where)
        return
    if isinstance(small, cst.AugAssign):
        yield from _uses(small.value, chunk, reading)  # an update in place keeps the rows' order
        return
    if isinstance(small, (cst.Import, cst.ImportFrom)):
        if not isinstance(small.names, cst.ImportStar):
            bound = [(a.asname.name if a.asname is not None else a.name) for a in small.names]
            yield _Event("bind", tuple(n.value for n in bound if isinstance(n, cst.Name)), where)
        return
    if isinstance(small, cst.Del):
        yield _Event("bind", tuple(target_names(small.target)), where)
    elif isinstance(small, cst.Return) and small.value is not None:
        yield from _uses(small.value, chunk, reading)


def _shuffled_in_place(node: cst.BaseExpression) -> str | None:
    """The name `np.random.shuffle(x)`, `random.shuffle(x)` or `rng.shuffle(x)` reorders."""
    if not isinstance(node, cst.Call) or len(node.args) != 1 or node.args[0].keyword:
        return None
    arg = node.args[0].value
    func = dotted_name(node.func)
    if not isinstance(arg, cst.Name) or func is None:
        return None
    parts = func.split(".")
    # `shuffle` alone may be sklearn's, which returns a copy and changes nothing.
    if parts[-1] != "shuffle" or len(parts) < 2:
        return None
    return arg.value


def _reseeds(node: cst.BaseExpression) -> bool:
    if not isinstance(node, cst.Call):
        return False
    func = dotted_name(node.func)
    return func is not None and func.split(".")[-1] in _RESEEDS


def _copy(node: cst.BaseExpression) -> bool:
    """`y[:]`, `y.copy()`, `np.copy(y)`, `copy.deepcopy(y)`, `list(y)`: a copy of an array
    kept apart from it. Shuffling such a copy is a choice (random labels as a control), not a
    slip: the original keeps its order on purpose."""
    if isinstance(node, cst.Subscript):
        return (
            isinstance(node.value, cst.Name)
            and len(node.slice) == 1
            and isinstance(node.slice[0].slice, cst.Slice)
            and node.slice[0].slice.lower is None
            and node.slice[0].slice.upper is None
        )
    if not isinstance(node, cst.Call):
        return False
    func = dotted_name(node.func)
    if func is None:
        return False
    last = func.split(".")[-1]
    if last == "copy" and isinstance(node.func, cst.Attribute) and not node.args:
        return True
    return (
        last in ("copy", "deepcopy", "list")
        and len(node.args) == 1
        and isinstance(node.args[0].value, cst.Name)
    )


def _index_array(node: cst.BaseExpression) -> bool:
    """`np.arange(n)`, `list(range(n))`, `[i for i in range(n)]`: positions to pick rows by."""
    if isinstance(node, cst.ListComp):
        return _index_array(node.for_in.iter)
    if not isinstance(node, cst.Call):
        return False
    func = dotted_name(node.func)
    return func is not None and func.split(".")[-1] in _INDEX_MAKERS


def _shuffled_apart(assign: cst.Assign) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """`x, y_val = shuffle(x, y)`: a shuffle of several arrays whose results go back to some of
    them only. Returns the names reordered and the other names bound."""
    call = assign.value
    if len(assign.targets) != 1 or not isinstance(call, cst.Call):
        return None
    func = dotted_name(call.func)
    if func is None or "shuffl" not in func.split(".")[-1].lower():
        return None
    target = assign.targets[0].target
    if not isinstance(target, (cst.Tuple, cst.List)):
        return None
    targets = [e.value for e in target.elements]
    args = [a.value for a in call.args if a.keyword is None and a.star == ""]
    if len(targets) != len(args) or len(args) < 2:
        return None
    if not all(isinstance(n, cst.Name) for n in (*targets, *args)):
        return None
    bound = [n.value for n in targets if isinstance(n, cst.Name)]
    arg_names = [n.value for n in args if isinstance(n, cst.Name)]
    moved = tuple(t for t, a in zip(bound, arg_names, strict=True) if t == a)
    left = [a for a in arg_names if a not in bound]
    if not moved or not left:
        return None
    return moved, tuple(t for t in bound if t not in moved)


# Calls that take features and labels side by side: fit() and its kin (their first two
# arguments, `x=` and `y=`, each tuple of `validation_data`), the makers of pipelines and
# splits (every array given). A helper of the file joins them when it passes two of its own
# parameters together to one of these.
_FIT_LIKE = frozenset(
    {
        "fit",
        "fit_generator",
        "train_on_batch",
        "test_on_batch",
        "evaluate",
        "evaluate_generator",
        "flow",
    }
)
_JOINERS = frozenset({"from_tensor_slices", "train_test_split", "zip", "shuffle"})


def _reading_of(
    functions: Sequence[tuple[cst.FunctionDef, Chunk]],
) -> _Reading:
    """The file's reading: for each of its functions, the positions of the parameters it passes
    together to a call that pairs features with labels (itself, or through another such
    function)."""
    reading = _Reading()
    for _ in range(3):  # helpers calling helpers, a few deep
        changed = False
        for function, chunk in functions:
            params = [
                p.name.value for p in (*function.params.posonly_params, *function.params.params)
            ]
            if params and params[0] in ("self", "cls"):
                params = params[1:]
            if len(params) < 2:
                continue
            found: set[tuple[int, int]] = set()
            for event in _uses(function.body, chunk, reading):
                at = [params.index(n) for n in event.names if n in params]
                found.update((i, j) for i in at for j in at if i < j)
            name = function.name.value
            known = reading.paired.get(name, frozenset())
            if found and not found <= known:
                reading.add(name, frozenset(found | known))
                changed = True
        if not changed:
            break
    return reading


@dataclass
class _Reading:
    """What one file's reading knows: the parameters each of its functions pairs, and which of
    its top-level statements call anything that pairs arrays (the others hold no use, and
    walking their expressions would cost most of the time)."""

    paired: dict[str, frozenset[tuple[int, int]]] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = None
    _busy: dict[int, bool] = field(default_factory=dict)

    def add(self, name: str, pairs: frozenset[tuple[int, int]]) -> None:
        self.paired[name] = pairs
        self._pattern = None
        self._busy.clear()

    def busy(self, chunk: Chunk) -> bool:
        known = self._busy.get(id(chunk))
        if known is None:
            if self._pattern is None:
                names = sorted(_FIT_LIKE | _JOINERS | set(self.paired))
                self._pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\s*\(")
            known = self._busy[id(chunk)] = self._pattern.search(chunk.code) is not None
        return known


def _uses(node: cst.CSTNode, chunk: Chunk, reading: _Reading) -> Iterator[_Event]:
    """Calls under `node` that take two plain names together as features and labels."""
    if not reading.busy(chunk):
        return
    paired = reading.paired
    for call in _calls(node):
        func = dotted_name(call.func)
        if func is None:
            continue
        last = func.split(".")[-1]
        positional = [a.value for a in call.args if a.keyword is None and a.star == ""]
        groups: list[list[cst.BaseExpression]] = []
        if last in _FIT_LIKE:
            keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
            pair = positional[:2] + [keywords[k] for k in ("x", "y") if k in keywords]
            groups.append(pair)
            validation = keywords.get("validation_data")
            if isinstance(validation, (cst.Tuple, cst.List)):
                groups.append([e.value for e in validation.elements])
        elif last in _JOINERS:
            groups.append(positional)
            groups.extend(
                [e.value for e in value.elements]
                for value in positional
                if isinstance(value, (cst.Tuple, cst.List))
            )
        elif func in paired:
            for i, j in paired[func]:
                if j < len(positional):
                    groups.append([positional[i], positional[j]])
        for group in groups:
            names = tuple(dict.fromkeys(v.value for v in group if isinstance(v, cst.Name)))
            if len(names) >= 2:
                yield _Event("use", names, Located(call, chunk))


def _calls(node: cst.CSTNode) -> list[cst.Call]:
    """Calls under `node`, arguments before the call, not entering lambdas."""
    found: list[cst.Call] = []
    _collect_calls(node, found)
    return found


# Expressions that hold no call. libcst's generic `children` is slow: the common expression
# shapes are walked by hand, the rest through it.
_LEAVES = (
    cst.Name,
    cst.Integer,
    cst.Float,
    cst.Imaginary,
    cst.SimpleString,
    cst.Ellipsis,
    cst.Lambda,
)


def _collect_calls(node: cst.CSTNode, found: list[cst.Call]) -> None:
    if isinstance(node, _LEAVES):
        return
    if isinstance(node, cst.Call):
        _collect_calls(node.func, found)
        for arg in node.args:
            _collect_calls(arg.value, found)
        found.append(node)
    elif isinstance(node, cst.Attribute):
        _collect_calls(node.value, found)
    elif isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        for element in node.elements:
            _collect_calls(element.value, found)
    elif isinstance(node, cst.BinaryOperation):
        _collect_calls(node.left, found)
        _collect_calls(node.right, found)
    elif isinstance(node, cst.Subscript):
        _collect_calls(node.value, found)
        for part in node.slice:
            _collect_calls(part.slice, found)
    else:
        for child in child_nodes(node):
            _collect_calls(child, found)


def _judge(events: list[_Event]) -> Iterator[BrokenPair]:
    """Pairs whose rows a shuffle put out of step before a call that takes them together."""
    reported: set[tuple[str, str]] = set()
    for index, event in enumerate(events):
        if event.kind != "use":
            continue
        names = event.names
        for i, first in enumerate(names):
            for second in names[i + 1 :]:
                pair = tuple(sorted((first, second)))
                if pair in reported:
                    continue
                broken = _broken(events[:index], first, second, event.where)
                if broken is not None:
                    reported.add((pair[0], pair[1]))
                    yield broken


def _broken(before: list[_Event], a: str, b: str, use: Located) -> BrokenPair | None:
    last_a = _last_shuffle(before, a)
    last_b = _last_shuffle(before, b)
    if last_a is None and last_b is None:
        return None
    if last_a is not None and last_b is not None:
        first, second = sorted((last_a, last_b))
        if any(e.kind == "reseed" for e in before[first + 1 : second]):
            return None  # the same seed, or the saved state, before each shuffle
        moved, partner = (a, b) if last_a < last_b else (b, a)
        return BrokenPair(moved, partner, before[first].where, use, before[second].where)
    moved, partner, at = (a, b, last_a) if last_a is not None else (b, a, last_b)
    assert at is not None
    if any(partner in e.names for e in before[at + 1 :] if e.kind in ("bind", "index", "copy")):
        return None  # the partner was made again after the shuffle, perhaps from it
    if _made_before(before[:at], moved) in ("index", "copy"):
        return None
    return BrokenPair(moved, partner, before[at].where, use)


def _last_shuffle(before: list[_Event], name: str) -> int | None:
    """Where `name` was last shuffled, if nothing bound it since."""
    for index in range(len(before) - 1, -1, -1):
        event = before[index]
        if name not in event.names:
            continue
        if event.kind == "shuffle":
            return index
        if event.kind in ("bind", "index", "copy"):
            return None
    return None


def _made_before(before: list[_Event], name: str) -> str | None:
    """How `name` was last made before a shuffle: "index" (positions, `np.arange(n)`, shuffled
    to pick rows by), "copy" (of another array, shuffled on purpose) or "bind"."""
    for event in reversed(before):
        if name in event.names and event.kind in ("bind", "index", "copy"):
            return event.kind
    return None
