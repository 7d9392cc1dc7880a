"""DF503 loss-ignores-prediction."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from defib.engine.diagnostics import Severity
from defib.engine.model import TrainingFunction
from defib.engine.rules import Invalid, Rule, RuleContext
from defib.engine.source import (
    callee_tail,
    child_nodes,
    number_literal,
    own_nodes,
    target_names,
    walk,
)

_PROGRAM = """import numpy as np
import keras
from keras import ops

def pair_loss(y_true, y_pred):
{body}

model = keras.Sequential([keras.Input((16,)), keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(8)])
model.compile(optimizer="adam", loss=pair_loss)
model.fit(np.load("x.npy"), np.load("y.npy"), epochs=10)
"""

# Calls whose result carries no gradient back to their argument.
_NO_GRADIENT = frozenset({"stop_gradient", "zeros_like", "ones_like", "shape", "int_shape"})


class LossIgnoresPrediction(Rule):
    """A custom loss whose value does not depend on the model's prediction.

    ## What it does
    Flags a loss function given to `compile()` as the model's only loss when no value it
    returns is computed from its second parameter, the prediction (`y_pred`): the parameter
    is unused, or enters only multiplied by a literal 0 (`loss + 0 * y_pred`, a trick to
    silence Keras's "no gradient" error), or only through `stop_gradient`, `zeros_like` and
    the like. Read from the function's syntax: every name assigned from the prediction, then
    the names assigned from those, and so on. Not flagged: a model that adds losses of its own
    (`add_loss`) or is handed to code Defib does not read; a loss among several; and a loss
    that calls anything but library math, builtins and the file's own functions, since it may
    run a model itself (an InfoGAN's loss computes `self.G_and_Q([z, c])`, and its gradient
    reaches those weights: on the ecosystem corpus that was the one finding, and is left alone).

    ## Why is this bad?
    Training moves the weights along the gradient of the loss with respect to them, which
    flows back only through the prediction. A loss computed from the labels alone has a
    gradient of exactly zero: the optimizer never changes a weight, and the model predicts
    what it predicted before training, for ever. Measured with
    `bench/calibrate_loss_ignores_prediction.py` (Dense(32, relu) then Dense(8), Adam, 10
    epochs, 3 seeds): with a loss computed from the labels plus `0 * y_pred`, none of the
    model's 4 weight arrays changed on any seed; with the squared error all 4 did. The fix of
    a speaker-embedding triplet loss (`x1 = x1[...]` read from `y_true` where `x2`, the
    prediction, was meant) is this bug.

    ## Example
    ```python
    def pair_loss(y_true, y_pred):
        anchor, other = y_true[:, :4], y_true[:, 4:]
        return ops.mean(ops.square(anchor - other)) + 0 * y_pred
    ```

    ## Use instead
    ```python
    def pair_loss(y_true, y_pred):
        anchor, other = y_pred[:, :4], y_pred[:, 4:]
        return ops.mean(ops.square(anchor - other))
    ```

    ## Fix safety
    No fix: which values the loss should read is the user's to say.
    """

    code = "DF503"
    name = "loss-ignores-prediction"
    severity = Severity.ERROR
    message = "The loss does not depend on the prediction: training changes no weight"

    VALID = [
        _PROGRAM.format(body="    return ops.mean(ops.square(y_true - y_pred))"),
        _PROGRAM.format(
            body="    anchor, other = y_pred[:, :4], y_pred[:, 4:]\n"
            "    distance = ops.square(anchor - other)\n"
            "    return ops.mean(distance)"
        ),
        # The model's own losses come from add_loss(): compile()'s is a placeholder.
        """import keras
from keras import ops

def zero_loss(y_true, y_pred):
    return ops.zeros_like(y_true)

model = keras.Model(inputs, outputs)
model.add_loss(ops.mean(ops.square(outputs - targets)))
model.compile(optimizer="adam", loss=zero_loss)
model.fit(x, y, epochs=5)
""",
    ]
    INVALID = [
        Invalid(
            _PROGRAM.format(
                body="    anchor, other = y_true[:, :4], y_true[:, 4:]\n"
                "    return ops.mean(ops.square(anchor - other)) + 0 * y_pred"
            )
        ),
        Invalid(_PROGRAM.format(body="    return ops.mean(ops.square(y_true))")),
    ]

    def check(self, ctx: RuleContext) -> None:
        helpers = {
            f.node.name.value for f in ctx.training_functions if isinstance(f.node, cst.FunctionDef)
        }
        for function in ctx.training_functions:
            model = function.sole_loss_of
            if function.role != "loss" or model is None or model.handled_elsewhere:
                continue
            prediction = _prediction_parameter(function)
            if prediction is None or _defines_functions(function.node):
                continue  # a function made inside may read the prediction when it is called
            if _calls_unknown(function.node, helpers):
                continue  # it may run the model itself (`self.generator(z)`)
            node = function.node
            returns = list(_returned(node))
            tainted = _tainted(node, prediction)
            if not returns or any(_depends(value, tainted) for value in returns):
                continue
            written = _mentions(node.body, prediction)
            ctx.report(
                function.at(node.name) if isinstance(node, cst.FunctionDef) else function.where,
                f"The loss never computes its value from `{prediction}`, the prediction"
                + (
                    " (where it appears, it is multiplied by 0 or its gradient is stopped)"
                    if written
                    else ""
                )
                + ": its gradient with respect to every weight is zero, so training changes "
                "no weight and the model keeps its initial output. Compute the loss from "
                f"`{prediction}`",
                model=model,
            )


def _prediction_parameter(function: TrainingFunction) -> str | None:
    """The parameter Keras passes the prediction in: the second, when any after it has a
    default (`def contrastive(y_true, y_pred, margin=1.0)`)."""
    params = function.node.params
    positional = [*params.posonly_params, *params.params]
    if positional[:1] and positional[0].name.value == "self":
        positional = positional[1:]  # a Loss class's call(self, y_true, y_pred)
    if len(positional) < 2 or any(p.default is None for p in positional[2:]):
        return None
    if params.star_arg is not cst.MaybeSentinel.DEFAULT or params.star_kwarg:
        return None
    return positional[1].name.value


def _defines_functions(node: cst.FunctionDef | cst.Lambda) -> bool:
    return any(isinstance(inner, (cst.FunctionDef, cst.Lambda)) for inner in walk(node.body))


# What a loss may call without running a model: the math of the usual libraries, and builtins.
_MATH_ROOTS = frozenset(
    {"K", "tf", "tensorflow", "keras", "ops", "np", "numpy", "backend", "math", "jnp", "jax"}
)
_BUILTINS = frozenset(
    {"len", "float", "int", "abs", "max", "min", "sum", "range", "zip", "list", "tuple", "round"}
)


def _calls_unknown(node: cst.FunctionDef | cst.Lambda, helpers: set[str]) -> bool:
    """Whether the function calls something other than library math, builtins and the file's
    own functions: a model held in a name or an attribute, which computes a prediction of its
    own (an InfoGAN's loss runs `self.G_and_Q([z, c])`)."""
    for inner in walk(node.body):
        if not isinstance(inner, cst.Call):
            continue
        root = inner.func
        while isinstance(root, (cst.Attribute, cst.Call, cst.Subscript)):
            root = root.value if not isinstance(root, cst.Call) else root.func
        name = root.value if isinstance(root, cst.Name) else None
        if name is None or not (name in _MATH_ROOTS or name in _BUILTINS or name in helpers):
            return True
    return False


def _returned(node: cst.FunctionDef | cst.Lambda) -> Iterator[cst.BaseExpression]:
    if isinstance(node, cst.Lambda):
        yield node.body
        return
    for inner in own_nodes(node.body):
        if isinstance(inner, cst.Return) and inner.value is not None:
            yield inner.value


def _tainted(node: cst.FunctionDef | cst.Lambda, prediction: str) -> set[str]:
    """The names the function assigns from the prediction, directly or through other names
    (read until nothing changes: a loop may assign before it uses)."""
    tainted = {prediction}
    if isinstance(node, cst.Lambda):
        return tainted
    assignments: list[tuple[list[str], cst.BaseExpression]] = []
    for inner in own_nodes(node.body):
        if isinstance(inner, cst.Assign):
            names = [n for t in inner.targets for n in target_names(t.target)]
            assignments.append((names, inner.value))
        elif isinstance(inner, (cst.AugAssign, cst.AnnAssign)) and inner.value is not None:
            assignments.append((target_names(inner.target), inner.value))
        elif isinstance(inner, cst.For):
            assignments.append((target_names(inner.target), inner.iter))
        elif isinstance(inner, cst.WithItem) and inner.asname is not None:
            assignments.append((target_names(inner.asname.name), inner.item))
        elif isinstance(inner, cst.NamedExpr):
            assignments.append((target_names(inner.target), inner.value))
    changed = True
    while changed:
        changed = False
        for names, value in assignments:
            if set(names) - tainted and _depends(value, tainted):
                tainted.update(names)
                changed = True
    return tainted


def _depends(node: cst.CSTNode, tainted: set[str]) -> bool:
    """Whether `node` reads a tainted name, other than multiplied by a literal 0 or through a
    call that carries no gradient."""
    if isinstance(node, cst.Name):
        return node.value in tainted
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply):
        if number_literal(node.left) == 0.0 or number_literal(node.right) == 0.0:
            return False
    if isinstance(node, cst.Call):
        if callee_tail(node.func) in _NO_GRADIENT:
            return False
        return _depends(node.func, tainted) or any(
            _depends(arg.value, tainted) for arg in node.args
        )
    if isinstance(node, cst.Attribute):
        return _depends(node.value, tainted)  # `attr` names an attribute, not a variable
    if isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
        return True  # a function made here may read anything later: assume it does
    return any(_depends(child, tainted) for child in child_nodes(node))


def _mentions(node: cst.CSTNode, name: str) -> bool:
    return any(isinstance(inner, cst.Name) and inner.value == name for inner in walk(node))
