"""Keras cross-entropies called with the prediction where the labels go.

Every Keras loss function takes `(y_true, y_pred)`, and so do the backend's cross-entropies
since Keras 2.0.7 (before it, `K.binary_crossentropy(output, target)`). Code ported from
PyTorch (`criterion(output, target)`) or written for the old backend passes them the other way
round, and nothing fails: the loss runs on the labels as if they were the prediction.

Read from the syntax, with the file's imports: a call of a Keras cross-entropy (a function of
`keras.losses`, `keras.metrics`, `keras.backend` or `keras.ops`, or an instance of a loss class
made in the file) whose first argument is computed from the prediction alone and whose second
from the labels alone. What is the prediction and what the labels is read from:
- a loss's own parameters, when they are named as Keras passes them (`y_true, y_pred`);
- a name assigned from running a model (`logits = model(x)`), against a name that holds
  labels (`y`, `labels`, `targets`, ...).
Names assigned from one of them (`y_pred = K.clip(y_pred, ...)`, `y_true[:, :, 9:]`) stay
what they were computed from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import libcst as cst

from defib.engine import keras_names as kn
from defib.engine.model import Located
from defib.engine.source import (
    Chunk,
    child_nodes,
    dotted_name,
    import_bindings,
    own_nodes,
    target_names,
    walk,
)

Role = Literal["labels", "prediction"]

# The cross-entropies whose swap trains on in silence. The sparse one is left out: its labels
# are class ids, so swapped it fails on the shapes at once.
_SWAPPABLE = frozenset(
    {
        "binary_crossentropy",
        "binary_focal_crossentropy",
        "categorical_crossentropy",
        "categorical_focal_crossentropy",
        "kl_divergence",
        "poisson",
    }
)
_BACKEND_MODULES = frozenset({"backend", "ops"})
# A call that may run one: a function of the family, or a loss class made in place. No `\b`:
# Python's `re` scans a pattern that opens with one several times slower over every file, and
# what the name really is comes from the file's imports anyway.
_CALL = re.compile(r"(?:rossentropy|ivergence|oisson|kld|KLD)\s*\(")
# `keras.losses.BinaryCrossentropy(`: a loss object made, bound to the name before `=` on its
# line when it is assigned (`loss_fn = ...`).
_LOSS_CLASS = re.compile(r"(?:Crossentropy|KLDivergence|Poisson)\(")
_BOUND_BEFORE = re.compile(r"[ \t]*((?:self\.)?\w+)[ \t]*=[ \t]*[\w.]*$")

# Names a loss's parameters take when they are in Keras's order.
_LABEL_NAMES = frozenset(
    {"y_true", "ytrue", "y", "true", "label", "labels", "target", "targets", "gt", "y_gt"}
)
_PREDICTION_NAMES = frozenset(
    {
        "y_pred",
        "ypred",
        "pred",
        "preds",
        "prediction",
        "predictions",
        "output",
        "outputs",
        "logits",
        "y_hat",
        "yhat",
    }
)
# Names that hold labels in a training loop (`for x, y in dataset:`).
_LOOP_LABELS = _LABEL_NAMES | {"y_batch", "batch_y", "y_train", "labels_batch", "y_true_batch"}
# What runs a model: `model(x)`, `self(x)`, `self.model(x)`, `net(x)`, `classifier(x)`; not
# what makes one (`build_model(...)`, `get_net(...)`).
_MODEL_NAME = re.compile(
    r"^(?!(?:build|create|make|get|load|define|new)_)(self|.*(model|net|classifier))$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SwappedLossCall:
    """`function(prediction, labels)`, where Keras's `function` takes the labels first."""

    function: str  # as written: `K.binary_crossentropy`, `loss_fn`
    prediction: Located  # the first argument
    labels: Located  # the second
    backend: bool  # a backend function, whose order Keras 2.0.7 changed
    where: Located  # the call


def swapped_loss_calls(source: str, chunks: Sequence[Chunk]) -> list[SwappedLossCall]:
    """Every call of the file that passes a Keras cross-entropy the prediction first and the
    labels second. Only the statements that may hold one are walked: most Keras files name a
    cross-entropy in `compile()` and call none."""
    if not _CALL.search(source):
        return []
    objects = _bound_loss_objects(source)
    names = "|".join(map(re.escape, objects))
    calls_object = re.compile(rf"(?<![\w.])(?:{names})\s*\(") if objects else None
    candidates = [
        chunk
        for chunk in chunks
        if _CALL.search(chunk.code) or (calls_object and calls_object.search(chunk.code))
    ]
    if not candidates:
        return []
    imports = _imports(chunks)
    # Written for Keras 1, whose backend took `(output, target)`: a backend call with the
    # prediction first is that order, not a swap.
    old_backend = kn.keras1_api(source)
    loss_objects: set[str] = set()
    if objects:
        # Every statement that binds one of those names: one that binds another value too
        # makes the name no loss object.
        binds = re.compile(rf"(?<![\w.])(?:{names})\s*(?:=(?!=)|,|\))")
        loss_objects = _loss_objects([c for c in chunks if binds.search(c.code)], imports)
    scopes: dict[int, dict[str, Role | None]] = {}
    found: list[SwappedLossCall] = []
    for chunk in candidates:
        for call, scope in _calls_with_scope(chunk.module):
            known = _known_loss(call, chunk, imports, loss_objects)
            if known is None:
                continue
            function, backend = known
            if backend and old_backend:
                continue
            key = id(scope) if scope is not None else 0
            if key not in scopes:
                # The module's own statements are one scope (a notebook's training loop).
                scopes[key] = _roles([scope] if scope is not None else [c.module for c in chunks])
            roles = scopes[key]
            first, second = call.args[0].value, call.args[1].value
            if _role_of(first, roles) == "prediction" and _role_of(second, roles) == "labels":
                found.append(
                    SwappedLossCall(
                        function,
                        Located(first, chunk),
                        Located(second, chunk),
                        backend,
                        Located(call, chunk),
                    )
                )
    return found


def _bound_loss_objects(source: str) -> set[str]:
    """The names (and `self.` attributes) a line of the file assigns a loss class's instance
    to: `loss_fn = keras.losses.BinaryCrossentropy(...)`."""
    names: set[str] = set()
    for made in _LOSS_CLASS.finditer(source):
        start = source.rfind("\n", 0, made.start()) + 1
        bound = _BOUND_BEFORE.match(source, start, made.start())
        if bound is not None:
            names.add(bound.group(1))
    return names


def _calls_with_scope(
    module: cst.Module,
) -> Iterator[tuple[cst.Call, cst.FunctionDef | cst.Lambda | None]]:
    """Every call in `module` with two positional arguments first (a call that names its
    arguments has no order to get wrong), with the function or lambda it runs in (None: the
    module's own code). Walked with a stack: a long expression nests deeper than Python's
    recursion limit."""
    stack: list[tuple[cst.CSTNode, cst.FunctionDef | cst.Lambda | None]] = [(module, None)]
    while stack:
        node, scope = stack.pop()
        if isinstance(node, cst.Call) and _two_positional(node):
            yield node, scope
        inner = node if isinstance(node, (cst.FunctionDef, cst.Lambda)) else scope
        stack.extend((child, inner) for child in reversed(child_nodes(node)))


def _two_positional(call: cst.Call) -> bool:
    args = call.args
    if len(args) < 2 or any(arg.keyword is not None for arg in args[:2]):
        return False
    return not any(arg.star for arg in args)


def _known_loss(
    call: cst.Call, chunk: Chunk, imports: dict[str, str], loss_objects: set[str]
) -> tuple[str, bool] | None:
    """(the function as written, whether it is the backend's) when `call` runs a Keras loss
    that takes the labels first and trains on when they are swapped."""
    func = call.func
    if isinstance(func, cst.Call):
        made = _keras_loss(_qualified(func.func, imports))
        return (chunk.text_of(func), False) if made is not None and made[1] else None
    written = dotted_name(func)
    if written is None:
        return None
    if written in loss_objects:
        return written, False
    qualified = _qualified(func, imports)
    found = _keras_loss(qualified)
    if found is None or found[1]:
        return None
    return written, _is_backend(qualified)


def _imports(chunks: Sequence[Chunk]) -> dict[str, str]:
    """The names the file's imports bind, anywhere in it, by their dotted path: `K` ->
    `keras.backend`, `categorical_crossentropy` -> `keras.losses.categorical_crossentropy`."""
    bound: dict[str, str] = {}
    for chunk in chunks:
        if "import" not in chunk.code:
            continue
        for node in _import_nodes(chunk.module):
            for name, path in import_bindings(node):
                if path is not None:
                    bound[name] = path
    return bound


def _import_nodes(module: cst.Module) -> Iterator[cst.Import | cst.ImportFrom]:
    """The import statements of a top-level statement, also inside its blocks (`try:`, a
    function); expressions are not entered."""
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            yield node
        elif isinstance(node, (cst.Module, cst.BaseSuite, cst.BaseCompoundStatement)):
            stack.extend(child_nodes(node))
        elif isinstance(node, cst.SimpleStatementLine):
            stack.extend(node.body)
        elif isinstance(node, (cst.ExceptHandler, cst.Else, cst.Finally)):
            stack.extend(child_nodes(node))


def _qualified(node: cst.BaseExpression, imports: dict[str, str]) -> str | None:
    dotted = dotted_name(node)
    if dotted is None:
        return None
    root, _, rest = dotted.partition(".")
    if root not in imports:
        return None
    return f"{imports[root]}.{rest}" if rest else imports[root]


def _keras_loss(qualified: str | None) -> tuple[str, bool] | None:
    """(the loss, whether it is a class) a dotted path names, when Keras takes its labels
    first and a swap trains on in silence; the backend's functions count as functions."""
    if qualified is None:
        return None
    path = kn.keras_path(qualified)
    if path is None:
        for prefix in ("tensorflow.compat.v1.", "tensorflow.compat.v2.", "tensorflow."):
            if qualified.startswith(prefix + "losses."):
                path = qualified[len(prefix) :]  # TF 2's `tf.losses` is Keras's
                break
    if path is None:
        return None
    module, _, name = path.rpartition(".")
    if module in _BACKEND_MODULES:
        return (name, False) if name in _SWAPPABLE else None
    found = kn.loss_name(path)
    if found is None or found[0] not in _SWAPPABLE:
        return None
    return found


def _is_backend(qualified: str | None) -> bool:
    path = kn.keras_path(qualified) if qualified is not None else None
    return path is not None and path.rpartition(".")[0] == "backend"


def _loss_objects(chunks: Sequence[Chunk], imports: dict[str, str]) -> set[str]:
    """Names and `self.` attributes every assignment of the file binds to an instance of a
    Keras loss class that a swap leaves running (`loss_fn = keras.losses.BinaryCrossentropy()`)."""
    seen: dict[str, bool] = {}
    for chunk in chunks:
        for node in walk(chunk.module):
            if not isinstance(node, cst.Assign):
                continue
            value = node.value
            is_loss = False
            if isinstance(value, cst.Call):
                found = _keras_loss(_qualified(value.func, imports))
                is_loss = found is not None and found[1]
            for target in node.targets:
                key = dotted_name(target.target)
                if key is not None and (key.count(".") == 0 or key.startswith("self.")):
                    seen[key] = seen.get(key, True) and is_loss
                for name in target_names(target.target) if key is None else ():
                    seen[name] = False  # unpacked from something else
    return {key for key, is_loss in seen.items() if is_loss}


def _roles(scope: Sequence[cst.FunctionDef | cst.Lambda | cst.Module]) -> dict[str, Role | None]:
    """What each name of a function (or of the module, read over all its statements) holds:
    the labels, the prediction, or a mix (None); names it does not know are absent."""
    roles: dict[str, Role | None] = {}
    names: list[str] = []
    node = scope[0]
    if isinstance(node, (cst.FunctionDef, cst.Lambda)):
        params = [*node.params.posonly_params, *node.params.params]
        if params and params[0].name.value in ("self", "cls"):
            params = params[1:]
        names = [p.name.value for p in params]
        if len(names) >= 2 and names[0] in _LABEL_NAMES and names[1] in _PREDICTION_NAMES:
            roles[names[0]], roles[names[1]] = "labels", "prediction"
        if isinstance(node, cst.Lambda):
            return roles
    bodies = [n.body if isinstance(n, cst.FunctionDef) else n for n in scope]
    assignments: list[tuple[list[str], cst.BaseExpression]] = []
    for body in bodies:
        for inner in own_nodes(body):
            if isinstance(inner, cst.Assign):
                bound = [n for t in inner.targets for n in target_names(t.target)]
                assignments.append((bound, inner.value))
            elif isinstance(inner, (cst.AugAssign, cst.AnnAssign)) and inner.value is not None:
                assignments.append((target_names(inner.target), inner.value))
    runs_model = False
    for bound, value in assignments:
        if len(bound) == 1 and _runs_model(value):
            roles[bound[0]] = "prediction"
            runs_model = True
    if runs_model:
        # A training loop's labels: the names that hold them, unless the loop computes them.
        assigned = {name for bound, _ in assignments for name in bound}
        for name in _LOOP_LABELS - assigned:
            roles.setdefault(name, "labels")
        for name in names:
            if name in _LOOP_LABELS:
                roles.setdefault(name, "labels")
    changed = True
    while changed:
        changed = False
        for bound, value in assignments:
            if len(bound) != 1 or _runs_model(value):
                continue
            role = _role_of(value, roles, strict=False)
            name = bound[0]
            if role == "unknown":
                continue
            new: Role | None = role if name not in roles or roles[name] == role else None
            if roles.get(name, "absent") != new:
                roles[name] = new
                changed = True
    return roles


def _runs_model(value: cst.BaseExpression) -> bool:
    """`model(x)`, `self(x, training=True)`, `self.model(x)`: a prediction."""
    if not isinstance(value, cst.Call):
        return False
    func = value.func
    if isinstance(func, cst.Name):
        return bool(_MODEL_NAME.match(func.value))
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
        return func.value.value == "self" and bool(_MODEL_NAME.match(func.attr.value))
    return False


def _role_of(
    node: cst.BaseExpression, roles: dict[str, Role | None], strict: bool = True
) -> Role | Literal["unknown"] | None:
    """What an expression is computed from: the labels alone, the prediction alone, a mix
    (None), or nothing known ("unknown"; with `strict`, a mix too)."""
    found: set[Role | None] = set()
    for inner in _read_names(node):
        if inner in roles:
            found.add(roles[inner])
    if not found:
        return None if strict else "unknown"
    if len(found) == 1:
        return found.pop()
    return None


def _read_names(node: cst.CSTNode) -> Iterator[str]:
    """The variables an expression reads: not attribute names, nor the functions it calls
    (but what a method is called on: `y_pred.reshape(...)`)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name):
            yield current.value
        elif isinstance(current, cst.Attribute):
            stack.append(current.value)
        elif isinstance(current, cst.Call):
            if isinstance(current.func, cst.Attribute):
                stack.append(current.func.value)
            stack.extend(arg.value for arg in current.args)
        elif not isinstance(current, (cst.Lambda, cst.FunctionDef)):
            stack.extend(child_nodes(current))
