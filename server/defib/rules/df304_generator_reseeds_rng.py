"""DF304 generator-reseeds-rng."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from defib.engine.diagnostics import Severity
from defib.engine.model import BatchFunction, Located
from defib.engine.rules import Invalid, Rule, RuleContext
from defib.engine.source import dotted_name, target_names, walk

_GENERATOR = """import numpy as np
import keras

x_train = np.load("x_train.npy")
y_train = np.load("y_train.npy")

def batches(x, y, batch_size=32):
    while True:
{body}        yield x[idx], y[idx]

model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(batches(x_train, y_train), steps_per_epoch=100, epochs=10)
"""
_DRAW = "        idx = np.random.choice(len(x), batch_size)\n"

_AUGMENT = """import numpy as np
import keras

def random_transform(image, seed=None):
    if seed is not None:
        np.random.seed(seed)
    if np.random.random() < 0.5:
        image = image[:, ::-1]
    return image

def balanced_batches(images, labels, batch_size):
    while True:
        picked = np.random.permutation(len(images))[:batch_size]
        batch = [random_transform(images[i]{seed}) for i in picked]
        yield np.stack(batch), labels[picked]

model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(4, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
train = balanced_batches(np.load("x.npy"), np.load("y.npy"), 32)
model.fit_generator(train, steps_per_epoch=200, epochs=5)
"""

_SEQUENCE = """import random
import numpy as np
import keras

class Patches(keras.utils.Sequence):
    def __init__(self, paths, batch_size):
        self.paths, self.batch_size = paths, batch_size

    def __len__(self):
        return len(self.paths) // self.batch_size

    def __getitem__(self, index):
{body}        chosen = random.sample(self.paths, self.batch_size)
        return np.stack([np.load(p) for p in chosen]), np.zeros(self.batch_size)

model = keras.Sequential([keras.Input((16,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(Patches(["a.npy", "b.npy"], 2), epochs=3)
"""

# Calls that reset a global generator, and the generators each resets.
_SEEDERS: dict[str, frozenset[str]] = {
    "numpy.random.seed": frozenset({"numpy"}),
    "random.seed": frozenset({"python"}),
    "tensorflow.random.set_seed": frozenset({"tensorflow"}),
    "tensorflow.set_random_seed": frozenset({"tensorflow"}),
    "tensorflow.compat.v1.set_random_seed": frozenset({"tensorflow"}),
    "tensorflow.compat.v1.random.set_random_seed": frozenset({"tensorflow"}),
    "keras.utils.set_random_seed": frozenset({"numpy", "python", "tensorflow"}),
    "tensorflow.keras.utils.set_random_seed": frozenset({"numpy", "python", "tensorflow"}),
}
# ImageDataGenerator methods that run `np.random.seed(seed)` when given a seed, then draw.
_KERAS_AUGMENT = frozenset({"random_transform", "get_random_transform"})
# numpy.random names that are not draws from the global generator.
_NUMPY_NOT_DRAWS = frozenset(
    {
        "seed",
        "RandomState",
        "default_rng",
        "Generator",
        "SeedSequence",
        "get_state",
        "set_state",
        "PCG64",
        "MT19937",
        "Philox",
        "SFC64",
        "BitGenerator",
    }
)
_PYTHON_DRAWS = frozenset(
    {
        "random",
        "randint",
        "randrange",
        "choice",
        "choices",
        "shuffle",
        "sample",
        "uniform",
        "gauss",
        "normalvariate",
        "triangular",
        "betavariate",
        "expovariate",
        "lognormvariate",
        "getrandbits",
    }
)
_TENSORFLOW_DRAWS = frozenset(
    {"uniform", "normal", "truncated_normal", "shuffle", "categorical", "gamma", "poisson"}
)
# Draws that pick which samples (or which items) go into a batch.
_CHOOSERS = frozenset(
    {
        "choice",
        "choices",
        "permutation",
        "shuffle",
        "sample",
        "randint",
        "randrange",
        "random_integers",
        "integers",
        "categorical",
    }
)
_FAMILY_NAMES = {
    "numpy": "numpy's global random generator",
    "python": "Python's `random` generator",
    "tensorflow": "TensorFlow's global seed",
}


# The names a function binds itself, each with the values assigned to it.
_Locals = dict[str, list[cst.BaseExpression | None]]


@dataclass(frozen=True)
class _Reseed:
    """A reset of global generators with a constant, once per batch."""

    where: Located  # what to report: the seeding call, or the constant passed to a helper
    families: frozenset[str]
    text: str  # how the message names it
    seed_call: Located | None = None  # the seeding call inside a helper
    keyword: tuple[Located, str] | None = None  # the helper call and its seed keyword


@dataclass(frozen=True)
class _Draw:
    where: Located
    family: str
    name: str  # as written, e.g. "np.random.choice"
    chooses: bool


class GeneratorReseedsRng(Rule):
    """A batch generator that resets the global random generator to a constant seed for
    every batch it makes, so every "random" draw it makes repeats batch after batch.

    ## What it does
    Reads the code that makes the batches `fit()` (or `fit_generator()`) trains on: a
    generator function of the file (each pass of the loop around its `yield` makes one
    batch) or a `keras.utils.Sequence`'s `__getitem__` (one call per batch). It flags a reset
    of a global random generator to a constant, `np.random.seed(12345)`, `random.seed(0)`,
    `tf.random.set_seed(1)` or `keras.utils.set_random_seed(7)`, that runs once per batch:
    written in that loop (or in `__getitem__`), or in a function of the file the loop calls,
    which seeds with a constant of its own or with a `seed` parameter the loop passes a
    constant to (`random_transform(img, seed=12345)` whose body runs
    `np.random.seed(seed)`), as Keras's own `ImageDataGenerator.random_transform(x, seed=...)`
    does. It reports only when the same batch code also draws from that generator
    (`np.random.choice`, `permutation`, `randint`, `uniform`, `random.sample`,
    `tf.random.uniform`, ... written there or in the functions it calls).

    Seeding once at the top of a script, or once in a generator before its loop, is how
    reproducible runs are made, and is not reported; nor is a reset inside a loop that
    encloses the batch loop (once per epoch: the same order every epoch), one under a test
    of a counter (`if step % 100 == 0`), nor seeding a generator object of one's own
    (`np.random.RandomState(seed)`, `np.random.default_rng(seed)`).

    ## Why is this bad?
    After `np.random.seed(12345)` the global generator gives the same numbers in the same
    order. Reset before each batch, every draw of the loop repeats from the second batch on,
    whatever comes before or after the reset in the loop: the "random" choice of files,
    samples, crops and flips is the same for every batch. Training then sees one batch (or a
    few samples) over and over: it memorises them and reaches near 100% training accuracy,
    while held-out accuracy stays low, and a balanced generator that always yields the same
    handful of images can leave a model that predicts one class for everything, as in the
    Gleason-grading CNN (eiriniar/gleason_CNN, issue 1) whose augmentation passed `seed=12345`
    for every image. That the draws repeat is certain; how badly training suffers depends on
    what they choose. Measured with `bench/calibrate_reseed.py` (5 seeds, a 4-class
    classifier trained for 1,500 steps from a generator that draws 32 of 2,000 samples per
    batch with `np.random.choice` and adds noise): without the reset it saw all 2,000
    samples and reached 93-96% held-out accuracy; with `np.random.seed(constant)` at the top
    of its loop it saw the same 32 samples, 100% training accuracy, 45-52% held-out; with
    the seed passed to a per-sample augmentation function (the Gleason bug's shape) it saw
    2 samples, 28-30% held-out (chance is 25%), and put 64-91% of the held-out set in one
    class. A reset before draws that choose samples (`choice`, `permutation`, `shuffle`,
    `randint`, `sample`) is therefore a `warning`. One before draws that only perturb
    (`uniform`, `normal`) fixes the augmentation rather than the samples: with the samples
    walked in order and the noise reset each batch, held-out accuracy stayed at 94-96%; the
    augmentation is lost, which costs only where the model needs it, so that is `info`.

    ## Example
    ```python
    def batches(x, y, batch_size=32):
        while True:
            np.random.seed(42)
            idx = np.random.choice(len(x), batch_size)
            yield x[idx], y[idx]
    ```

    ## Use instead
    ```python
    np.random.seed(42)  # once, for a reproducible run

    def batches(x, y, batch_size=32):
        while True:
            idx = np.random.choice(len(x), batch_size)
            yield x[idx], y[idx]
    ```

    ## Fix safety
    Unsafe: where a constant `seed=` is passed to an augmentation function, the fix removes
    the argument, which makes the augmentation differ from run to run. A reset written in
    the loop itself has no automatic fix: move it before the loop, or drop it.
    """

    code = "DF304"
    name = "generator-reseeds-rng"
    severity = Severity.WARNING
    message = (
        "the batch generator resets the global random generator to a constant for every "
        "batch: its random draws repeat batch after batch"
    )

    VALID = [
        _GENERATOR.format(body=_DRAW),
        # Seeded once, before the loop: a reproducible run.
        _GENERATOR.format(body=_DRAW).replace(
            "    while True:\n", "    np.random.seed(42)\n    while True:\n"
        ),
        # Seeded once per epoch, around the batch loop: the same order each epoch.
        """import numpy as np
import keras

def epochs_of(x, y, batch_size=32):
    while True:
        np.random.seed(0)
        order = np.random.permutation(len(x))
        for start in range(0, len(x), batch_size):
            idx = order[start:start + batch_size]
            yield x[idx], y[idx]

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(epochs_of(np.load("x.npy"), np.load("y.npy")), steps_per_epoch=50)
""",
        # A generator object of its own, seeded in the loop, and no global draw.
        _GENERATOR.format(
            body="        rng = np.random.default_rng(7)\n"
            "        idx = rng.choice(len(x), batch_size)\n"
        ),
        _AUGMENT.format(seed=""),
        _SEQUENCE.format(body=""),
    ]
    INVALID = [
        Invalid(_GENERATOR.format(body="        np.random.seed(12345)\n" + _DRAW)),
        Invalid(_AUGMENT.format(seed=", seed=12345"), _AUGMENT.format(seed="")),
        Invalid(_SEQUENCE.format(body="        random.seed(0)\n")),
    ]

    def check(self, ctx: RuleContext) -> None:
        for function in ctx.batch_functions:
            if function.role == "helper":
                continue
            for region in _batch_regions(function):
                _check_region(ctx, function, region)


def _check_region(ctx: RuleContext, function: BatchFunction, region: cst.CSTNode) -> None:
    reseeds = list(_reseeds(function, region))
    if not reseeds:
        return
    draws = list(_draws(function, region))
    for reseed in reseeds:
        repeating = [d for d in draws if d.family in reseed.families]
        if not repeating:
            continue
        chooses = any(d.chooses for d in repeating)
        names = sorted({d.name for d in repeating}, key=lambda n: (not _chooses(n), n))
        shown = ", ".join(f"`{n}`" for n in names[:4]) + (", ..." if len(names) > 4 else "")
        family = " and ".join(_FAMILY_NAMES[f] for f in sorted(reseed.families))
        source = "Sequence" if function.role == "sequence" else "generator"
        if chooses:
            severity = Severity.WARNING
            outcome = (
                "the samples they pick are the same every batch and training sees the same "
                "few over and over"
            )
        else:
            severity = Severity.INFO
            outcome = "the random augmentation is one fixed transformation"
        message = (
            f"{reseed.text} resets {family} to a constant seed for every batch this {source} "
            f"makes: {shown} draw the same values batch after batch, so "
            f"{outcome}; seed once, outside the batch code, or not at all"
        )
        related: list[tuple[Located, str]] = []
        if reseed.seed_call is not None:
            related.append((reseed.seed_call, "the global generator is reset here"))
        first = next((d for d in repeating if d.chooses), repeating[0])
        related.append((first.where, f"{first.name} draws the same values every batch"))
        fix = None
        if reseed.keyword is not None:
            call, keyword = reseed.keyword
            removal = ctx.remove_keyword(call, keyword)
            if removal is not None:
                fix = ctx.fix(f"Remove the constant `{keyword}=`", "unsafe", removal)
        ctx.report(reseed.where, message, severity=severity, fix=fix, related=related)


def _batch_regions(function: BatchFunction) -> list[cst.CSTNode]:
    """The code that runs once per batch: for a generator, each innermost loop around a
    `yield`; for a Sequence, the whole `__getitem__`."""
    if function.role == "sequence":
        return [function.node]
    regions: list[cst.CSTNode] = []

    class _Loops(cst.CSTVisitor):
        def __init__(self) -> None:
            self.loops: list[cst.CSTNode] = []

        def visit_For(self, node: cst.For) -> None:
            self.loops.append(node)

        def leave_For(self, original_node: cst.For) -> None:
            self.loops.pop()

        def visit_While(self, node: cst.While) -> None:
            self.loops.append(node)

        def leave_While(self, original_node: cst.While) -> None:
            self.loops.pop()

        def visit_Yield(self, node: cst.Yield) -> None:
            if self.loops and not any(r is self.loops[-1] for r in regions):
                regions.append(self.loops[-1])

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is function.node

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

    function.node.visit(_Loops())
    return regions


def _body_of(region: cst.CSTNode) -> cst.CSTNode:
    if isinstance(region, (cst.For, cst.While, cst.FunctionDef)):
        return region.body
    return region


def _calls(node: cst.CSTNode, skip_periodic: bool) -> Iterator[cst.Call]:
    """The calls that run when `node` runs (not those of functions defined in it); with
    `skip_periodic`, not those in the body of an `if` testing a counter (`i % 10 == 0`)."""
    found: list[cst.Call] = []

    class _Calls(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            found.append(node)

        def visit_If(self, node: cst.If) -> bool:
            if skip_periodic and _is_periodic(node.test):
                node.test.visit(self)
                if node.orelse is not None:
                    node.orelse.visit(self)
                return False
            return True

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

    node.visit(_Calls())
    yield from found


def _is_periodic(test: cst.BaseExpression) -> bool:
    """`i % 10 == 0`, `step == 0`: a test that holds for some passes of a loop only."""
    for item in walk(test):
        if isinstance(item, cst.BinaryOperation) and isinstance(item.operator, cst.Modulo):
            return True
        if isinstance(item, cst.Comparison):
            for target in item.comparisons:
                if isinstance(target.operator, (cst.Equal, cst.LessThan, cst.LessThanEqual)):
                    if isinstance(target.comparator, cst.Integer) or isinstance(
                        item.left, cst.Integer
                    ):
                        return True
    return False


def _locals(function: BatchFunction) -> _Locals:
    """The names a function binds itself, each with the values assigned to it (None for a
    parameter, a loop target or any other binding whose value is not a plain expression)."""
    bound: _Locals = {}
    params = function.node.params
    for param in (*params.posonly_params, *params.params, *params.kwonly_params):
        bound.setdefault(param.name.value, []).append(None)
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            bound.setdefault(star.name.value, []).append(None)

    for item in walk(function.node.body):
        if isinstance(item, cst.Assign):
            for target in item.targets:
                value = item.value if isinstance(target.target, cst.Name) else None
                for name in target_names(target.target):
                    bound.setdefault(name, []).append(value)
        elif isinstance(item, (cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor, cst.NamedExpr)):
            for name in target_names(item.target):
                bound.setdefault(name, []).append(None)
        elif isinstance(item, cst.AsName) and isinstance(item.name, cst.BaseExpression):
            for name in target_names(item.name):
                bound.setdefault(name, []).append(None)
    return bound


def _is_constant(node: cst.BaseExpression, function: BatchFunction, local: _Locals) -> bool:
    """An integer literal, a name the function only ever binds to one, or a module constant
    it does not rebind."""
    if isinstance(node, cst.Integer):
        return True
    if isinstance(node, cst.Name):
        if node.value in local:
            values = local[node.value]
            return all(isinstance(v, cst.Integer) for v in values)
        known = function.constants.get(node.value)
        return known is not None and float(known).is_integer()
    return False


def _qualified(call: cst.Call, function: BatchFunction, local: _Locals) -> str | None:
    """`numpy.random.seed` of `np.random.seed(...)`, through the file's imports."""
    name = dotted_name(call.func)
    if name is None:
        return None
    head, _, rest = name.partition(".")
    if head in local or head not in function.imports:
        return None
    base = function.imports[head]
    return f"{base}.{rest}" if rest else base


def _seed_argument(call: cst.Call) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is None and not arg.star:
            return arg.value
        if arg.keyword is not None and arg.keyword.value == "seed":
            return arg.value
    return None


def _reseeds(function: BatchFunction, region: cst.CSTNode) -> Iterator[_Reseed]:
    local = _locals(function)
    for call in _calls(_body_of(region), skip_periodic=True):
        qualified = _qualified(call, function, local)
        name = dotted_name(call.func) or ""
        if qualified in _SEEDERS:
            seed = _seed_argument(call)
            if seed is not None and _is_constant(seed, function, local):
                yield _Reseed(function.at(call), _SEEDERS[qualified], f"`{_code(function, call)}`")
            continue
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in _KERAS_AUGMENT:
            if name in function.calls:
                pass  # a method of the file's own class: read below
            else:
                seed = _keyword(call, "seed")
                if seed is None and len(call.args) >= 2 and call.args[1].keyword is None:
                    seed = call.args[1].value
                if seed is not None and _is_constant(seed, function, local):
                    yield _Reseed(
                        function.at(seed),
                        frozenset({"numpy"}),
                        f"`{name}(..., seed={_code(function, seed)})`, which runs "
                        "`np.random.seed(seed)`,",
                    )
                continue
        helper = function.calls.get(name)
        if helper is not None:
            yield from _reseeds_in_helper(function, local, call, helper)


def _code(function: BatchFunction, node: cst.CSTNode) -> str:
    """A node's source text on one line, shortened."""
    text = " ".join(function.at(node).code().split())
    return text if len(text) <= 40 else text[:37] + "..."


def _keyword(call: cst.Call, name: str) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return None


def _reseeds_in_helper(
    caller: BatchFunction, caller_local: _Locals, call: cst.Call, helper: BatchFunction
) -> Iterator[_Reseed]:
    """A function of the file called once per batch that resets a global generator: with a
    constant of its own, or with a parameter that this call gives a constant."""
    local = _locals(helper)
    params = helper.node.params
    positional = [p.name.value for p in (*params.posonly_params, *params.params)]
    if helper.role == "helper" and positional[:1] == ["self"]:
        positional = positional[1:]
    defaults = {
        p.name.value: p.default
        for p in (*params.posonly_params, *params.params, *params.kwonly_params)
    }
    callee_name = dotted_name(call.func) or "the function"
    for seeding, tests in _seed_calls(helper.node):
        qualified = _qualified(seeding, helper, local)
        if qualified not in _SEEDERS:
            continue
        seed = _seed_argument(seeding)
        if seed is None:
            continue
        families = _SEEDERS[qualified]
        seeding_at = helper.at(seeding)
        if isinstance(seed, cst.Name) and seed.value in defaults:
            # Seeded with a parameter: the value this call passes, or the default.
            parameter = seed.value
            if any(not _only_tests(t, parameter) for t in tests):
                continue
            passed = _keyword(call, parameter)
            if passed is None and parameter in positional:
                index = positional.index(parameter)
                plain = [a for a in call.args if a.keyword is None and not a.star]
                if any(a.star for a in call.args):
                    continue
                if index < len(plain):
                    passed = plain[index].value
            if passed is not None:
                if not _is_constant(passed, caller, caller_local):
                    continue
                keyword = (caller.at(call), parameter) if _keyword(call, parameter) else None
                yield _Reseed(
                    caller.at(passed),
                    families,
                    f"`{parameter}={_code(caller, passed)}` passed to `{callee_name}`, which "
                    f"runs `{_code(helper, seeding)}`,",
                    seeding_at,
                    keyword,
                )
                continue
            default = defaults[parameter]
            if default is not None and _is_constant(default, helper, {}):
                yield _Reseed(
                    caller.at(call),
                    families,
                    f"`{callee_name}(...)`, whose `{parameter}` defaults to a constant that it "
                    f"passes to `{_code(helper, seeding)}`,",
                    seeding_at,
                )
            continue
        if tests:
            continue  # a reset under a condition this call does not decide
        if _is_constant(seed, helper, local):
            yield _Reseed(
                caller.at(call),
                families,
                f"`{callee_name}(...)`, which runs `{_code(helper, seeding)}`,",
                seeding_at,
            )


def _seed_calls(node: cst.FunctionDef) -> list[tuple[cst.Call, list[cst.BaseExpression]]]:
    """Every call in a function's body with the tests of the `if`s around it."""
    found: list[tuple[cst.Call, list[cst.BaseExpression]]] = []

    class _Calls(cst.CSTVisitor):
        def __init__(self) -> None:
            self.tests: list[cst.BaseExpression] = []

        def visit_If(self, node: cst.If) -> bool:
            node.test.visit(self)
            self.tests.append(node.test)
            node.body.visit(self)
            self.tests.pop()
            if node.orelse is not None:
                # An else runs when the test fails: a condition all the same.
                self.tests.append(node.test)
                node.orelse.visit(self)
                self.tests.pop()
            return False

        def visit_Call(self, node: cst.Call) -> None:
            found.append((node, list(self.tests)))

        def visit_FunctionDef(self, inner: cst.FunctionDef) -> bool:
            return inner is node

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

    node.visit(_Calls())
    return found


def _only_tests(test: cst.BaseExpression, parameter: str) -> bool:
    """`seed is not None`, `seed`: a test of the seed parameter alone, which a constant passes."""
    if isinstance(test, cst.Name):
        return test.value == parameter
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        target = test.comparisons[0]
        return (
            isinstance(test.left, cst.Name)
            and test.left.value == parameter
            and isinstance(target.operator, cst.IsNot)
            and isinstance(target.comparator, cst.Name)
            and target.comparator.value == "None"
        )
    return False


def _chooses(name: str) -> bool:
    return name.rpartition(".")[2] in _CHOOSERS


def _draw_of(call: cst.Call, function: BatchFunction, local: _Locals) -> _Draw | None:
    qualified = _qualified(call, function, local)
    name = dotted_name(call.func) or ""
    tail = name.rpartition(".")[2]
    family = None
    if qualified is not None:
        module, _, last = qualified.rpartition(".")
        if module == "numpy.random" and last not in _NUMPY_NOT_DRAWS:
            family = "numpy"
        elif module == "random" and last in _PYTHON_DRAWS:
            family = "python"
        elif (module == "tensorflow.random" and last in _TENSORFLOW_DRAWS) or (
            module == "tensorflow.image" and last.startswith("random_")
        ):
            family = "tensorflow"
    elif isinstance(call.func, cst.Attribute) and tail in _KERAS_AUGMENT:
        family = "numpy"  # ImageDataGenerator draws its transformation from numpy
    if family is None:
        return None
    return _Draw(function.at(call), family, name, tail in _CHOOSERS)


def _draws(function: BatchFunction, region: cst.CSTNode) -> Iterator[_Draw]:
    """The draws from a global generator made once per batch: in the region, and in the
    functions of the file it calls."""
    local = _locals(function)
    for call in _calls(_body_of(region), skip_periodic=False):
        draw = _draw_of(call, function, local)
        if draw is not None:
            yield draw
            continue
        helper = function.calls.get(dotted_name(call.func) or "")
        if helper is not None:
            helper_local = _locals(helper)
            for inner in _calls(helper.node.body, skip_periodic=False):
                inner_draw = _draw_of(inner, helper, helper_local)
                if inner_draw is not None:
                    yield inner_draw
