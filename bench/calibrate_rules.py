"""Re-measure the evidence behind each rule's severity: how often the pattern it flags really
gives a constant (or non-finite) output after 20 epochs of training.

    .venv/bin/python bench/calibrate_rules.py [--seeds 5] [--epochs 20]

Each scenario builds the pattern a rule flags on small synthetic data and trains it for real.
An output is "constant" when its spread across inputs is below 1e-3 of the targets' spread,
the definition bench/probe_agreement.py uses. Prints one line per scenario: the rule, what was
trained, and how many seeds ended constant or non-finite. The rule docs cite these figures.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

CONSTANT_SPREAD = 1e-3


Scenario = tuple[Any, ...]


def scenarios() -> list[Scenario]:
    """(rule, description, build(keras, numpy rng) -> (model, x, y)[, epochs])."""
    import keras
    import numpy as np

    layers = keras.layers

    def data(rng: Any, n: int = 512, features: int = 10, scale: Any = 1.0) -> Any:
        return (rng.normal(size=(n, features)) * scale).astype("float32")

    def regression(rng: Any, x: Any) -> Any:
        w = rng.normal(size=(x.shape[1], 1))
        return (x @ w + 0.1 * rng.normal(size=(len(x), 1))).astype("float32")

    def binary(rng: Any, x: Any) -> Any:
        return (x[:, :1] + x[:, 1:2] > 0).astype("float32")

    def one_hot(rng: Any, x: Any) -> Any:
        return np.eye(4, dtype="float32")[np.argmax(x[:, :4], axis=1)]

    def class_ids(rng: Any, x: Any) -> Any:
        # Ten classes, one integer id per sample, as keras.datasets gives them.
        return np.argmax(x, axis=1).astype("int64")

    def class_ids_4(rng: Any, x: Any) -> Any:
        return np.argmax(x[:, :4], axis=1).astype("int64")

    def class_ids_2(rng: Any, x: Any) -> Any:
        return (x[:, 0] + x[:, 1] > 0).astype("int64")

    def mlp(hidden: list[tuple[Any, ...]], out: tuple[Any, ...], dropout: float) -> Any:
        """Hidden layers (units, activation, kernel initialiser[, bias initialiser]) and the
        output layer (units, activation[, kernel initialiser, bias initialiser])."""
        stack: list[Any] = [keras.Input((10,))]
        for u, a, i, *bias in hidden:
            stack.append(
                layers.Dense(u, activation=a, kernel_initializer=i, bias_initializer=bias[0])
                if bias
                else layers.Dense(u, activation=a, kernel_initializer=i)
            )
            if dropout:
                stack.append(layers.Dropout(dropout))
        units, activation, *initializers = out
        kernel, bias = initializers or ("glorot_uniform", "zeros")
        stack.append(
            layers.Dense(
                units, activation=activation, kernel_initializer=kernel, bias_initializer=bias
            )
        )
        return keras.Sequential(stack)

    def build(
        hidden: list[tuple[Any, ...]],
        out: tuple[Any, ...],
        optimizer: Any,
        loss: str,
        target: str = "regression",
        scale: float = 1.0,
        negative: bool = False,
        dropout: float = 0.0,
        target_scale: float = 1.0,
    ) -> Callable[[Any, Any], tuple[Any, Any, Any]]:
        def make(keras_module: Any, rng: Any) -> tuple[Any, Any, Any]:
            x = data(rng, scale=scale)
            labels = {
                "binary": binary,
                "classes": one_hot,
                "class_ids": class_ids,
                "class_ids_4": class_ids_4,
                "class_ids_2": class_ids_2,
            }.get(target)
            y = labels(rng, x) if labels else regression(rng, x / scale)
            if negative:
                y = -abs(y) - 1.0
            if target_scale != 1.0:
                # Targets far from unit scale, off-centre as prices or counts are.
                y = (y + 3.0) * target_scale
            model = mlp(hidden, out, dropout)
            model.compile(optimizer=optimizer(), loss=loss)
            return model, x, y

        return make

    def linear_step(
        features: int, step: float, centred: bool, hidden: bool = False, rate: float = 0.01
    ) -> Callable[[Any, Any], tuple[Any, Any, Any]]:
        # Every feature reaches M, with rate x features x M^2 = step.
        top = (step / (rate * features)) ** 0.5

        def make(keras_module: Any, rng: Any) -> tuple[Any, Any, Any]:
            low = -top if centred else 0.0
            x = rng.uniform(low, top, size=(512, features)).astype("float32")
            w = rng.normal(size=(features, 1))
            y = (x @ w + 0.1 * rng.normal(size=(512, 1))).astype("float32")
            stack: list[Any] = [keras.Input((features,))]
            if hidden:
                stack += [layers.Dense(32, activation="relu")] * 1
            model = keras.Sequential([*stack, layers.Dense(1)])
            model.compile(optimizer=keras.optimizers.SGD(rate), loss="mse")
            return model, x, y

        return make

    adam = keras.optimizers.Adam
    sgd = keras.optimizers.SGD
    relu = [(64, "relu", "glorot_uniform")] * 2
    return [
        (
            "DF401",
            "Dense(1, softmax), binary labels, BCE",
            build(relu, (1, "softmax"), adam, "binary_crossentropy", "binary"),
        ),
        (
            "DF601",
            "zeros kernel, 2 ReLU layers, Adam",
            build([(64, "relu", "zeros")] * 2, (1, "linear"), adam, "mse"),
        ),
        (
            "DF601",
            "zeros kernel, 2 tanh layers, Adam",
            build([(64, "tanh", "zeros")] * 2, (1, "linear"), adam, "mse"),
        ),
        (
            "DF601",
            "zeros kernel, 2 sigmoid layers, Adam",
            build([(64, "sigmoid", "zeros")] * 2, (1, "linear"), adam, "mse"),
        ),
        # One constant layer before a randomly initialised one: that layer's different
        # outgoing weights give each unit its own gradient, unless the units are dead.
        *(
            (
                "DF601",
                f"zeros kernel, 1 {name} layer, Adam",
                build([(64, activation, "zeros")], (1, "linear"), adam, "mse"),
            )
            for name, activation in (("ReLU", "relu"), ("tanh", "tanh"), ("linear", "linear"))
        ),
        # ... unless that layer is a ReLU at a bias of 0, whose input of 0 it cannot pass back.
        *(
            (
                "DF601",
                f"zeros kernel, 1 tanh layer before a {name} layer, Adam",
                build(
                    [(64, "tanh", "zeros"), (64, activation, "glorot_uniform")],
                    (1, "linear"),
                    adam,
                    "mse",
                ),
            )
            for name, activation in (("ReLU", "relu"), ("tanh", "tanh"))
        ),
        # A bias of ones keeps ReLU units active: identical, but alive.
        (
            "DF601",
            "zeros kernel + ones bias, 1 ReLU layer, Adam",
            build([(64, "relu", "zeros", "ones")], (1, "linear"), adam, "mse"),
        ),
        (
            "DF601",
            "zeros kernel + ones bias, 5 ReLU layers and output, Adam",
            build([(32, "relu", "zeros", "ones")] * 5, (1, "linear", "zeros", "ones"), adam, "mse"),
        ),
        (
            "DF402",
            "ReLU output, all-negative targets, mse",
            build(relu, (1, "relu"), adam, "mse", negative=True),
        ),
        *(
            (
                "DF201",
                f"{depth} {activation} layers, SGD(0.01)",
                build(
                    [(32, activation, "glorot_uniform")] * depth,
                    (1, "linear"),
                    lambda: sgd(0.01),
                    "mse",
                ),
            )
            for activation, depths in (("sigmoid", (3, 4, 5, 6, 8, 10)), ("tanh", (5, 10)))
            for depth in depths
        ),
        *(
            (
                "DF201",
                f"{depth} sigmoid layers, Adam",
                build([(32, "sigmoid", "glorot_uniform")] * depth, (1, "linear"), adam, "mse"),
            )
            for depth in (4, 5, 6, 8, 10)
        ),
        (
            "DF201",
            "4 sigmoid layers, Adam (the article's example)",
            build([(128, "sigmoid", "glorot_uniform")] * 4, (1, "linear"), adam, "mse"),
        ),
        (
            "DF101",
            "Adam(learning_rate=10.0) (the article's example)",
            build([(128, "relu", "glorot_uniform")], (1, "linear"), lambda: adam(10.0), "mse"),
        ),
        ("DF101", "SGD(learning_rate=1.0)", build(relu, (1, "linear"), lambda: sgd(1.0), "mse")),
        *(
            (
                "DF101",
                f"{name}(learning_rate={rate})",
                build(relu, (1, "linear"), lambda o=optimizer, r=rate: o(r), "mse"),
            )
            for name, optimizer in (("Adam", adam), ("RMSprop", keras.optimizers.RMSprop))
            for rate in (0.1, 0.3, 1.0, 3.0)
        ),
        ("DF301", "inputs scaled by 1e4, Adam", build(relu, (1, "linear"), adam, "mse", scale=1e4)),
        (
            "DF501",
            "mse on a sigmoid classifier",
            build(relu, (1, "sigmoid"), adam, "mse", "binary"),
        ),
        (
            "DF501",
            "mse on a 4-class softmax classifier",
            build(relu, (4, "softmax"), adam, "mse", "classes"),
        ),
        (
            "DF404",
            "linear output, BCE without from_logits",
            build(relu, (1, "linear"), adam, "binary_crossentropy", "binary"),
        ),
        (
            "DF602",
            "Dropout(0.95) after each hidden layer",
            build(relu, (1, "linear"), adam, "mse", dropout=0.95),
        ),
        # How many values survive is what the next layer sees: a wide layer keeps many.
        *(
            (
                "DF602",
                f"Dropout(0.9) after one {units}-unit layer",
                build([(units, "relu", "glorot_uniform")], (1, "linear"), adam, "mse", dropout=0.9),
            )
            for units in (64, 320, 500, 1000)
        ),
        (
            "DF602",
            "no dropout, one 64-unit layer (the baseline)",
            build([(64, "relu", "glorot_uniform")], (1, "linear"), adam, "mse"),
        ),
        (
            "DF403",
            "categorical CE on one sigmoid unit",
            build(relu, (1, "sigmoid"), adam, "categorical_crossentropy", "binary"),
        ),
        ("control", "healthy ReLU MLP, Adam, mse", build(relu, (1, "linear"), adam, "mse")),
        *(
            (
                rule,
                f"{hidden} hidden layer, {task}",
                build(
                    [(64, "relu", "glorot_uniform"), (128, hidden, "glorot_uniform")],
                    out,
                    adam,
                    loss,
                    target,
                ),
            )
            for rule, hidden in (("DF203", "softmax"), ("control", "relu"))
            for task, out, loss, target in (
                ("4 classes, softmax, Adam", (4, "softmax"), "categorical_crossentropy", "classes"),
                ("binary, sigmoid, Adam", (1, "sigmoid"), "binary_crossentropy", "binary"),
                ("regression, Adam", (1, "linear"), "mse", "regression"),
            )
        ),
        # A narrow softmax hidden layer, as the first layer of a grid-searched tabular net.
        *(
            (
                rule,
                f"{width}-unit {hidden} first layer, binary, sigmoid, Adam",
                build(
                    [(width, hidden, "glorot_uniform")],
                    (1, "sigmoid"),
                    adam,
                    "binary_crossentropy",
                    "binary",
                ),
            )
            for width in (12, 32)
            for rule, hidden in (("DF203", "softmax"), ("control", "relu"))
        ),
        # Regression targets far from unit scale (DF302): they reach about 13x the scale.
        *(
            (
                "DF302" if target_scale > 1 else "control",
                f"regression targets x{target_scale:g}, {name}",
                build(relu, (1, "linear"), optimizer, "mse", target_scale=target_scale),
            )
            for name, optimizer, scales in (
                ("SGD(0.01)", lambda: sgd(0.01), (1, 10, 30, 1000)),
                ("Adam", adam, (1, 100, 1000, 10000, 100000)),
            )
            for target_scale in scales
        ),
        # Plain SGD's step against the inputs' scale on a linear regression (DF101): the step
        # is stable while rate x (sum of the features' largest squares) stays small; the
        # inputs are uniform in [0, M] (counts, scores, a range()) or in [-M, M].
        *(
            (
                "DF101" if step >= 10 else "control",
                f"{kind}, SGD(0.01), {features} {sign} features, rate*sum(max^2)={step:g}",
                linear_step(features, step, sign == "centred", hidden=kind == "ReLU MLP"),
            )
            for kind, sizes, steps in (
                ("linear", (1, 3), (0.3, 1, 3, 10, 30)),
                ("ReLU MLP", (3,), (1, 10, 30)),
            )
            for features in sizes
            for sign in ("positive", "centred")
            for step in steps
        ),
        # Labels against the loss and the output (DF405-DF407).
        (
            "DF405",
            "4 class ids, 4-unit softmax, categorical CE",
            build(relu, (4, "softmax"), adam, "categorical_crossentropy", "class_ids_4"),
        ),
        (
            "DF405",
            "4-class one-hot, 4-unit softmax, sparse categorical CE",
            build(relu, (4, "softmax"), adam, "sparse_categorical_crossentropy", "classes"),
        ),
        (
            "DF405",
            "4 class ids, 4-unit sigmoid, binary CE",
            build(relu, (4, "sigmoid"), adam, "binary_crossentropy", "class_ids_4"),
        ),
        (
            "DF406",
            "10 class ids, Dense(1, sigmoid), binary CE",
            build(relu, (1, "sigmoid"), adam, "binary_crossentropy", "class_ids"),
        ),
        (
            "DF406",
            "10 class ids, 10-unit sigmoid, sparse categorical CE",
            build(relu, (10, "sigmoid"), adam, "sparse_categorical_crossentropy", "class_ids"),
        ),
        (
            "DF406",
            "4-class one-hot, 4-unit sigmoid, categorical CE",
            build(relu, (4, "sigmoid"), adam, "categorical_crossentropy", "classes"),
        ),
        (
            "DF406",
            "4-class one-hot, 4-unit sigmoid, binary CE",
            build(relu, (4, "sigmoid"), adam, "binary_crossentropy", "classes"),
        ),
        (
            "DF406",
            "10 class ids, Dense(1) linear, mse",
            build(relu, (1, "linear"), adam, "mse", "class_ids"),
        ),
        (
            "DF407",
            "10 class ids, 6-unit softmax, sparse categorical CE",
            build(relu, (6, "softmax"), adam, "sparse_categorical_crossentropy", "class_ids"),
        ),
        (
            "DF407",
            "4-class one-hot, 3-unit softmax, categorical CE",
            build(relu, (3, "softmax"), adam, "categorical_crossentropy", "classes"),
        ),
        (
            "DF407",
            "2 class ids, 10-unit softmax, sparse categorical CE (not flagged)",
            build(relu, (10, "softmax"), adam, "sparse_categorical_crossentropy", "class_ids_2"),
        ),
        (
            "control",
            "2 class ids, 2-unit softmax, sparse categorical CE",
            build(relu, (2, "softmax"), adam, "sparse_categorical_crossentropy", "class_ids_2"),
        ),
        (
            "control",
            "10 class ids, 10-unit softmax, sparse categorical CE",
            build(relu, (10, "softmax"), adam, "sparse_categorical_crossentropy", "class_ids"),
        ),
        (
            "control",
            "4-class one-hot, 4-unit softmax, categorical CE",
            build(relu, (4, "softmax"), adam, "categorical_crossentropy", "classes"),
        ),
        # DF102: a low rate against the number of epochs (the epochs are the scenario's own).
        *(
            (
                "DF102",
                f"{name}(learning_rate={rate:g}), {epochs} epochs",
                build(relu, (1, "linear"), lambda o=optimizer, r=rate: o(r), "mse"),
                epochs,
            )
            for name, optimizer, rate in (
                ("Adam", adam, 1e-3),
                ("Adam", adam, 1e-4),
                ("Adam", adam, 1e-5),
                ("Adam", adam, 1e-6),
                ("SGD", sgd, 1e-3),
                ("SGD", sgd, 1e-4),
            )
            for epochs in (5, 50)
        ),
        # DF102: a negative rate (`lr = 2.5-4`, a typo of 2.5e-4), against the same rate
        # positive. "loss rose" is how many seeds ended above the first epoch's loss.
        *(
            (
                "DF102",
                f"{name}(learning_rate={rate:g}), sigmoid, binary CE",
                build(
                    relu,
                    (1, "sigmoid"),
                    lambda o=optimizer, r=rate: o(r),
                    "binary_crossentropy",
                    "binary",
                ),
            )
            for name, optimizer, rate in (
                ("Adam", adam, 1e-3),
                ("Adam", adam, -1e-3),
                ("Adam", adam, -2.5e-4),
                ("SGD", sgd, 0.01),
                ("SGD", sgd, -0.01),
                ("RMSprop", keras.optimizers.RMSprop, -1.5),
            )
        ),
    ]


def outcome(model: Any, x: Any, y: Any, epochs: int) -> tuple[str, float, float, bool]:
    """("constant" | "non-finite" | "varying" | "raises", final training loss, accuracy,
    whether the last epoch's loss is above the first's).

    Accuracy is measured for class labels only (NaN otherwise): the predicted class is the
    output's argmax, or the one unit's value rounded to the nearest class id.
    """
    import numpy as np

    try:
        history = model.fit(x, y, epochs=epochs, batch_size=32, verbose=0)
    except Exception:  # Keras refusing the labels (a shape error) or an out-of-range label
        return "raises", float("nan"), float("nan"), False
    loss = float(history.history["loss"][-1])
    rose = loss > float(history.history["loss"][0])
    prediction = np.asarray(model.predict(x[:256], verbose=0), dtype=np.float64)
    accuracy = float("nan")
    labels = np.asarray(y[:256])
    if labels.dtype.kind == "i" or (labels.ndim == 2 and labels.shape[1] > 1):
        truth = labels if labels.ndim == 1 else np.argmax(labels, axis=1)
        guess = (
            np.argmax(prediction, axis=1)
            if prediction.shape[1] > 1
            else np.clip(np.rint(prediction[:, 0]), truth.min(), truth.max())
        )
        accuracy = float(np.mean(guess == truth))
    if not np.all(np.isfinite(prediction)):
        return "non-finite", loss, accuracy, rose
    spread = float(np.mean(np.std(prediction, axis=0)))
    target = float(np.mean(np.std(np.asarray(y[:256], dtype=np.float64), axis=0))) or 1.0
    verdict = "constant" if spread / target < CONSTANT_SPREAD else "varying"
    return verdict, loss, accuracy, rose


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--only", help="run only scenarios of these rule codes (comma-separated)")
    parser.add_argument("--match", help="run only scenarios whose description contains this")
    args = parser.parse_args()

    import keras
    import numpy as np

    started = time.perf_counter()
    print(
        f"{'rule':8} {'scenario':55} constant  non-finite  raises  loss=0  median loss  "
        f"median acc  loss rose  (of {args.seeds} seeds, {args.epochs} epochs unless named)"
    )
    for scenario in scenarios():
        rule, description, make = scenario[:3]
        epochs = scenario[3] if len(scenario) > 3 else args.epochs
        if args.only and rule not in args.only.split(","):
            continue
        if args.match and args.match not in description:
            continue
        counts = {
            "constant": 0,
            "non-finite": 0,
            "varying": 0,
            "raises": 0,
            "zero loss": 0,
            "rose": 0,
        }
        losses: list[float] = []
        accuracies: list[float] = []
        for seed in range(args.seeds):
            keras.utils.set_random_seed(seed)
            model, x, y = make(keras, np.random.default_rng(seed))
            verdict, loss, accuracy, rose = outcome(model, x, y, epochs)
            counts[verdict] += 1
            counts["rose"] += rose
            counts["zero loss"] += loss == 0.0
            losses.append(loss)
            accuracies.append(accuracy)
        median = float(np.median(losses))
        median_accuracy = float(np.median(accuracies))
        print(
            f"{rule:8} {description:55} {counts['constant']:>8}  {counts['non-finite']:>10}  "
            f"{counts['raises']:>6}  {counts['zero loss']:>6}  {median:>11.4g}  "
            f"{median_accuracy:>10.3g}  {counts['rose']:>9}",
            flush=True,
        )
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
