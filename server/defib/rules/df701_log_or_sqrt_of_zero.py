"""DF701 log-or-sqrt-of-zero."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from defib.engine.diagnostics import Severity
from defib.engine.model import TrainingFunction
from defib.engine.rules import Invalid, Rule, RuleContext
from defib.engine.source import callee_tail, dotted_name, target_names, walk

_LOSS = """import keras
from keras import backend as K

def cross_entropy(y_true, y_pred):
{prepare}    return -K.mean(y_true * K.log({p}) + (1 - y_true) * K.log({q}))

model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss=cross_entropy)
"""

_DISTANCE = """import keras
from keras import backend as K

def euclidean_distance(vectors):
    a, b = vectors
    return K.sqrt({squares})

left, right = keras.Input((32,)), keras.Input((32,))
distance = keras.layers.Lambda(euclidean_distance)([left, right])
model = keras.Model([left, right], distance)
"""

_LOSS_CLASS = """import tensorflow as tf
from tensorflow import keras

class BinaryFocal(keras.losses.Loss):
    def call(self, y_true, y_pred):
        ce = -(y_true * tf.math.log({p}) + (1 - y_true) * tf.math.log({q}))
        return tf.reduce_mean(tf.pow(1 - y_pred, 2.0) * ce)

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss=BinaryFocal())
"""

_SOFTPLUS_LAYER = """import tensorflow as tf

def mish(x):
    return tf.keras.layers.Lambda(lambda x: x * tf.tanh({softplus}))(x)
"""

_SUM_OF_SQUARES = "K.sum(K.square(a - b), axis=1, keepdims=True)"

# Calls whose result is never 0 (or whose argument is floored): the argument is safe.
_FLOORS = frozenset(
    {"clip", "clip_by_value", "maximum", "epsilon", "softplus", "exp", "relu6", "log_softmax"}
)
# Calls whose result is a probability that float32 rounds to exactly 0 or 1.
_PROBABILITIES = frozenset({"sigmoid", "softmax", "hard_sigmoid"})
# Each kind of call `_unfloored` finds: its severity (the calibration above) and message.
_FINDINGS = {
    "log of sigmoid": (
        Severity.WARNING,
        "Log of a sigmoid's prediction with no floor: in float32 a sigmoid reaches exactly 1 "
        "once a logit passes about 17, and log(0) is -inf, so the loss turns NaN and training "
        "stops; clip the prediction to [epsilon, 1 - epsilon] or add epsilon, as Keras's own "
        "losses do",
    ),
    "log": (
        Severity.INFO,
        "Log of a prediction with no floor: a softmax in float32 can round a class's "
        "probability to exactly 0, and log(0) is -inf, so the loss can turn NaN (risk); clip "
        "the prediction to [epsilon, 1 - epsilon] or add epsilon, as Keras's own losses do",
    ),
    "log of 1 + exp": (
        Severity.INFO,
        "log(1 + exp(x)) computed by hand: in float32 exp(x) is inf once x passes about 88, "
        "and the gradient is then inf / inf = NaN, so a large pre-activation turns the weights "
        "NaN (risk); softplus(x) is the same function, computed without overflow",
    ),
    "sqrt": (
        Severity.INFO,
        "Sqrt of a sum of squares with no floor: where two vectors coincide (a pair of "
        "identical inputs, or embeddings that collapsed) the distance is 0, whose gradient is "
        "infinite, so the weights can turn NaN (risk); floor the sum, e.g. "
        "K.sqrt(K.maximum(sum, K.epsilon()))",
    ),
}
# The stable spelling of log(1 + exp(z)), by the module of the `log` call.
_SOFTPLUS = {
    "tf": "tf.nn.softplus({})",
    "tf.math": "tf.math.softplus({})",
    "K": "K.softplus({})",
    "keras.ops": "keras.ops.softplus({})",
    "ops": "ops.softplus({})",
    "np": "np.logaddexp(0.0, {})",
    "numpy": "numpy.logaddexp(0.0, {})",
}
# What a loss's helper calls the targets it is given (`def l2(y_true, y_pred)`).
_TARGET_NAMES = frozenset({"y_true", "y", "target", "targets", "labels", "true"})
# The module-like names whose `log` is Python's scalar log on plain numbers.
_SCALAR_MODULES = frozenset({"math"})


class LogOrSqrtOfZero(Rule):
    """A `log` of a prediction, or a `sqrt` of a sum of squares, with no floor, or a softplus
    written as `log(1 + exp(x))`, in code that runs in every training step (a custom loss
    function or `Loss` class, a `Lambda` layer's function).

    ## What it does
    Flags `log(p)` and `log(1 - p)` where `p` is the model's prediction in a custom loss (its
    `y_pred` or a value made from it, a name that says it is a prediction or probability, or a
    `sigmoid` / `softmax` the function applies), and `sqrt` of a per-sample sum of
    squares (a Euclidean distance, as siamese networks compute), when nothing floors the
    argument above zero: no `clip`, `maximum`, `+ epsilon` or other added constant. Flags
    `log(1 + exp(x))` unless `x` cannot be positive (`-abs(z)`, the stable form).

    ## Why is this bad?
    A sigmoid in float32 reaches exactly 1 once a logit passes about 17, and `log(0)` is
    `-inf`: the loss becomes `inf`, its gradient NaN, and every weight NaN after one update.
    Keras's own cross-entropies clip predictions to `[epsilon, 1 - epsilon]` for this reason.
    Measured with `bench/calibrate_log_sqrt.py` (5 seeds, 20 epochs): a hand-written binary
    cross-entropy on a sigmoid turned NaN on 5 of 5 seeds (median epoch 2), on 0 of 5 with the
    prediction clipped: a `warning` where the prediction is a sigmoid's (the model's output
    activation, `log(1 - p)` beside `log(p)`, or a `sigmoid` the function applies). A softmax
    rounds a probability to exactly 0 only when logits lie about 100 apart: a hand-written
    categorical cross-entropy on ten softmax units turned NaN on 1 of 5 seeds, in the last
    epoch, so a prediction not known to be a sigmoid's is `info`.

    The square root of 0 is 0, but its gradient is infinite: a distance of exactly 0 between
    two vectors that the loss still pushes apart (a pair of different classes whose embeddings
    coincide, as ReLU embeddings that died do) makes the gradient NaN. Where the loss's own
    gradient is 0 (a same-class pair at distance 0) TensorFlow gives 0, so the risk is
    narrower: the same benchmark's siamese network (pairs of 200 random images, some of one
    image twice) turned NaN on 0 of 5 seeds, bare or floored. Users of Keras's siamese example
    reported NaN losses until its distance was floored at `epsilon`; this case is `info`. A
    distance between the target and the prediction (a loss's `K.sqrt(K.sum(K.square(y_true -
    y_pred)))`, a reconstruction error) is not flagged: the loss pulls the two together, and
    it is 0 only where every value is matched (a held-out reader's replica of a VAE's such term
    stayed at 0.25 or more on 6 of 6 runs, never NaN). Nor where it is taken per pixel of a
    density map under a ReLU output, which is exactly 0 on much of the background: the same
    benchmark's crowd-counting shape (maps that are 0 on 95% of pixels, 10 epochs) turned NaN
    on 0 of 5 seeds, under a ReLU output and a linear one alike: a ReLU passes no gradient
    where its output is 0, and a linear output never lands exactly on its target.

    A softplus written by hand, `log(1 + exp(x))` (Mish is `x * tanh(softplus(x))`), never
    takes the log of 0, but in float32 `exp(x)` is `inf` once `x` passes about 88: the value is
    then `inf` and its gradient `inf / inf`, NaN. `softplus(x)` computes the same function
    without overflowing. Measured with the same benchmark (a 784-128-128-10 classifier whose
    hidden activation is the hand-written form, Adam, 5 seeds, 10 epochs): NaN on 5 of 5 seeds
    in the first epoch on raw 0-255 pixels, on 0 of 5 with pixels scaled to [0, 1], and on 0 of
    5 either way with `softplus`. It breaks only where pre-activations grow large, so it is
    `info`; a YOLOv4 port's loss turned NaN from its Mish written this way until it used
    `tf.math.softplus`.

    ## Example
    ```python
    def focal_loss(y_true, y_pred):
        return -K.mean(K.pow(1.0 - y_pred, 2.0) * K.log(y_pred))

    def euclidean_distance(vectors):
        a, b = vectors
        return K.sqrt(K.sum(K.square(a - b), axis=1, keepdims=True))
    ```

    ## Use instead
    ```python
    def focal_loss(y_true, y_pred):
        y_pred = K.clip(y_pred, K.epsilon(), 1.0 - K.epsilon())
        return -K.mean(K.pow(1.0 - y_pred, 2.0) * K.log(y_pred))

    def euclidean_distance(vectors):
        a, b = vectors
        return K.sqrt(K.maximum(K.sum(K.square(a - b), axis=1, keepdims=True), K.epsilon()))
    ```

    ## Fix safety
    Unsafe: the fix floors the argument at 1e-7 with the same module's `maximum`, which changes
    the loss's value very slightly near zero. Replacing `log(1 + exp(x))` by the same module's
    `softplus(x)` (NumPy: `logaddexp(0, x)`) is safe: the value is the same wherever the
    hand-written form is finite.
    """

    code = "DF701"
    name = "log-or-sqrt-of-zero"
    severity = Severity.WARNING
    message = "log or sqrt of a value that can reach 0, with no floor: the loss can turn NaN"

    VALID = [
        _LOSS.format(prepare="", p="y_pred + K.epsilon()", q="1 - y_pred + K.epsilon()"),
        _LOSS.format(
            prepare="    y_pred = K.clip(y_pred, K.epsilon(), 1 - K.epsilon())\n",
            p="y_pred",
            q="1 - y_pred",
        ),
        _DISTANCE.format(squares=f"K.maximum({_SUM_OF_SQUARES}, K.epsilon())"),
        # A mean over the batch (a root-mean-square error) is not 0 in practice.
        _DISTANCE.format(squares="K.mean(K.square(a - b))"),
        # The stable form of log(1 + exp(x)): exp of a value that is never positive.
        _SOFTPLUS_LAYER.format(softplus="tf.math.log(1 + tf.exp(-tf.abs(x))) + tf.maximum(x, 0.)"),
        # A reconstruction error: the distance to the target, which the loss pulls to it (in
        # the loss, or in a helper the loss calls).
        "import keras\nfrom keras import backend as K\n"
        "def loss(y_true, y_pred):\n"
        "    return K.sqrt(K.sum(K.square(y_true - y_pred), axis=-1))\n"
        "model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(8)])\n"
        "model.compile(optimizer='adam', loss=loss)\n",
        "import keras\nfrom keras import backend as K\n"
        "def l2(y_true, y_pred):\n"
        "    return K.sqrt(K.sum(K.square(y_true - y_pred), axis=-1))\n"
        "def loss(y_true, y_pred):\n"
        "    return K.mean(K.square(y_true - y_pred)) + 0.001 * l2(y_true, y_pred)\n"
        "model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(8)])\n"
        "model.compile(optimizer='adam', loss=loss)\n",
        # Python's scalar log, in a learning-rate schedule: not a tensor of predictions.
        "import math\nimport keras\ndef schedule(epoch):\n    return 0.1 * math.log(epoch + 2)\n",
    ]
    INVALID = [
        Invalid(
            _LOSS.format(prepare="", p="y_pred", q="1 - y_pred"),
            _LOSS.format(
                prepare="",
                p="K.maximum(y_pred, 1e-7)",
                q="K.maximum(1 - y_pred, 1e-7)",
            ),
        ),
        Invalid(
            _LOSS_CLASS.format(p="y_pred", q="1 - y_pred"),
            _LOSS_CLASS.format(
                p="tf.math.maximum(y_pred, 1e-7)", q="tf.math.maximum(1 - y_pred, 1e-7)"
            ),
        ),
        Invalid(
            _DISTANCE.format(squares=_SUM_OF_SQUARES),
            _DISTANCE.format(squares=f"K.maximum({_SUM_OF_SQUARES}, 1e-7)"),
        ),
        Invalid(
            _SOFTPLUS_LAYER.format(softplus="tf.math.log(1 + tf.exp(x))"),
            _SOFTPLUS_LAYER.format(softplus="tf.math.softplus(x)"),
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for function in ctx.training_functions:
            for call, kind in _unfloored(function):
                argument = call.args[0].value
                where = function.at(argument)
                base = _module_of(call.func)
                fix = None
                if kind == "log of 1 + exp":
                    exponent = _exponent_of_one_plus_exp(argument)
                    softplus = _SOFTPLUS.get(base or "")
                    if exponent is not None and softplus is not None:
                        fix = ctx.fix(
                            "Use softplus",
                            "safe",
                            (function.at(call), softplus.format(function.at(exponent).code())),
                        )
                elif base is not None:
                    fix = ctx.fix(
                        "Floor the argument at 1e-7",
                        "unsafe",
                        (where, f"{base}.maximum({where.code()}, 1e-7)"),
                    )
                severity, message = _FINDINGS[kind]
                ctx.report(function.at(call), message, severity=severity, fix=fix)


def _unfloored(function: TrainingFunction) -> Iterator[tuple[cst.Call, str]]:
    """The `log` / `sqrt` calls of `function` whose argument can reach 0 unfloored, each with
    its kind: "log of sigmoid", "log" (of a softmax or an unknown output), "sqrt", or "log of
    1 + exp" (a hand-written softplus, whose `exp` can overflow)."""
    node = function.node
    params = _parameters(node)
    if params[:1] == ["self"]:
        params = params[1:]  # a Loss class's call(self, y_true, y_pred)
    predictions, targets = set(), set()
    if function.role == "loss" and len(params) >= 2:
        predictions.add(params[1])  # Keras calls a loss as loss(y_true, y_pred)
        targets.add(params[0])
    elif len(params) >= 2 and params[0] in _TARGET_NAMES:
        targets.add(params[0])  # a loss's helper, called with the loss's own arguments
    calls: list[tuple[cst.Call, str]] = []
    floored: set[str] = set()

    class _Reader(cst.CSTVisitor):
        # A name assigned a floored value anywhere in the function counts as floored: the
        # calls are judged once the whole body is read.
        def visit_Assign(self, assign: cst.Assign) -> None:
            value = assign.value
            names = [n for t in assign.targets for n in target_names(t.target)]
            if _is_floored(value, floored):
                floored.update(names)
            elif _mentions_prediction(value, predictions):
                predictions.update(names)

        def visit_Call(self, call: cst.Call) -> None:
            name = callee_tail(call.func)
            if name in ("log", "log2", "log10", "sqrt") and len(call.args) >= 1:
                if _module_of(call.func) in _SCALAR_MODULES:
                    return
                if name == "log" and _exponent_of_one_plus_exp(call.args[0].value) is not None:
                    calls.append((call, "log of 1 + exp"))
                    return
                calls.append((call, "sqrt" if name == "sqrt" else "log"))

    node.visit(_Reader())
    # A sigmoid's prediction: the model's output, `1 - p` beside `p` (a yes/no cross-entropy),
    # or a sigmoid the function applies.
    sigmoid = function.output_activation == "sigmoid" or any(
        kind == "log" and (_is_one_minus(call.args[0].value) or _applies_sigmoid(call))
        for call, kind in calls
    )
    for call, kind in calls:
        argument = call.args[0].value
        if kind == "log of 1 + exp":
            yield call, kind
            continue
        if _is_floored(argument, floored):
            continue
        if kind == "log" and _mentions_prediction(argument, predictions):
            yield call, "log of sigmoid" if sigmoid else "log"
        elif (
            kind == "sqrt"
            and _is_sum_of_squares(argument)
            and not any(isinstance(n, cst.Name) and n.value in targets for n in walk(argument))
        ):
            # A distance to the target (a reconstruction error) is not one between two
            # vectors the loss pushes apart: it is 0 only where every value is matched.
            yield call, kind


def _parameters(node: cst.FunctionDef | cst.Lambda) -> list[str]:
    params = node.params
    return [p.name.value for p in (*params.posonly_params, *params.params)]


def _module_of(func: cst.BaseExpression) -> str | None:
    """`K` of `K.log`, `tf.math` of `tf.math.log`; None for a bare name."""
    return dotted_name(func.value) if isinstance(func, cst.Attribute) else None


def _is_floored(node: cst.CSTNode, floored: set[str]) -> bool:
    """Whether something keeps the value above 0: a clip or maximum, an epsilon, an added
    constant (`p + 1e-7`, `1 + x`), or a name already floored."""
    for item in walk(node):
        if isinstance(item, cst.Call) and callee_tail(item.func) in _FLOORS:
            return True
        if isinstance(item, cst.Name) and (
            item.value in floored or "eps" in item.value.lower() or "smooth" in item.value.lower()
        ):
            return True
        if isinstance(item, cst.BinaryOperation) and isinstance(item.operator, cst.Add):
            if any(isinstance(side, (cst.Integer, cst.Float)) for side in (item.left, item.right)):
                return True
    return False


def _mentions_prediction(node: cst.CSTNode, predictions: set[str]) -> bool:
    """Whether the value is (made from) a probability the model predicts."""
    for item in walk(node):
        if isinstance(item, cst.Call) and callee_tail(item.func) in _PROBABILITIES:
            return True
        if isinstance(item, cst.Name):
            lowered = item.value.lower()
            if item.value in predictions or "pred" in lowered or "prob" in lowered:
                return True
    return False


def _is_one_minus(node: cst.BaseExpression) -> bool:
    """`1 - p` (or `1. - p`): the other class's probability of a yes/no output."""
    return (
        isinstance(node, cst.BinaryOperation)
        and isinstance(node.operator, cst.Subtract)
        and isinstance(node.left, (cst.Integer, cst.Float))
        and node.left.value in ("1", "1.", "1.0")
    )


def _applies_sigmoid(call: cst.Call) -> bool:
    return any(
        isinstance(item, cst.Call) and callee_tail(item.func) in ("sigmoid", "hard_sigmoid")
        for item in walk(call.args[0].value)
    )


def _exponent_of_one_plus_exp(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """`z` of `1 + exp(z)` (either order), unless `z` cannot be positive (`-abs(x)`, the
    stable form): the argument whose `exp` can overflow."""
    if not (isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add)):
        return None
    for one, other in ((node.left, node.right), (node.right, node.left)):
        if not (isinstance(one, (cst.Integer, cst.Float)) and float(one.value) == 1.0):
            continue
        if not (isinstance(other, cst.Call) and callee_tail(other.func) == "exp" and other.args):
            continue
        exponent = other.args[0].value
        if isinstance(exponent, cst.UnaryOperation) and isinstance(exponent.operator, cst.Minus):
            inner = exponent.expression
            if isinstance(inner, cst.Call) and callee_tail(inner.func) in ("abs", "softplus"):
                return None
        return exponent
    return None


def _is_sum_of_squares(node: cst.CSTNode) -> bool:
    """A per-sample sum of squares (a distance), not a mean over everything (an RMSE)."""
    sums = squares = False
    for item in walk(node):
        if isinstance(item, cst.Call):
            tail = callee_tail(item.func)
            sums = sums or tail in ("sum", "reduce_sum")
            squares = squares or tail == "square"
        elif isinstance(item, cst.BinaryOperation) and isinstance(item.operator, cst.Power):
            squares = squares or (isinstance(item.right, cst.Integer) and item.right.value == "2")
    return sums and squares
