"""What inputs of one scale far from unit cost a ReLU network, by that scale and optimizer.

    .venv/bin/python bench/calibrate_input_magnitude.py [--seeds 3] [--epochs 30]

The data: 1,200 samples of four features drawn on [0, M] (all four on the same scale, as toy
tasks and score tables write them), for M in 10, 100, 1,000 and 10,000. Two tasks: a
classification (is the features' mean above M / 2, one sigmoid unit, binary cross-entropy),
a regression of their mean over M (targets of unit scale) and one of their mean itself
(targets on the inputs' scale), a linear unit under the squared error. The network is a small
ReLU MLP (16-16), trained on 1,000 samples in batches of 32 under Adam at its default rate
and under SGD(0.01), on the raw features and on them standardised. Prints per run the
held-out accuracy (classification) or error over the targets' variance (regression), and the
output's spread over the held-out inputs against the targets' (0: a constant output).
`--one-feature` trains a study script's shape instead: one feature in [1, 100] fitted to
x + 100 (see `one_feature`). DF301's reading of literal and drawn inputs of one scale cites
these figures.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

SCALES = (10.0, 100.0, 1_000.0, 10_000.0)


def run(seed: int, scale: float, task: str, optimizer: str, standardise: bool, epochs: int) -> str:
    import keras
    import numpy as np

    rng = np.random.default_rng(seed)
    keras.utils.set_random_seed(seed)
    x = rng.uniform(0, scale, size=(1200, 4)).astype("float32")
    mean = x.mean(axis=1)
    if task == "classification":
        y = (mean > scale / 2).astype("float32")
        head, loss = keras.layers.Dense(1, activation="sigmoid"), "binary_crossentropy"
    elif task == "regression":
        y = (mean / scale).astype("float32")
        head, loss = keras.layers.Dense(1), "mse"
    else:  # "same-scale regression": the targets on the inputs' own scale (their mean)
        y = mean.astype("float32")
        head, loss = keras.layers.Dense(1), "mse"
    if standardise:
        x = (x - x[:1000].mean(axis=0)) / x[:1000].std(axis=0)
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(16, activation="relu"),
            head,
        ]
    )
    chosen = keras.optimizers.Adam() if optimizer == "adam" else keras.optimizers.SGD(0.01)
    model.compile(optimizer=chosen, loss=loss)
    model.fit(x[:1000], y[:1000], epochs=epochs, batch_size=32, verbose=0)
    predicted = model.predict(x[1000:], verbose=0)[:, 0]
    spread = float(predicted.std() / max(y[1000:].std(), 1e-12))
    if task == "classification":
        score = float(((predicted > 0.5) == (y[1000:] > 0.5)).mean())
        return f"acc {score:.2f} spread {spread:.2f}"
    error = float(np.mean((predicted - y[1000:]) ** 2) / np.var(y[1000:]))
    return f"err {error:.2f} spread {spread:.2f}"


def one_feature(seed: int, width: int, raw: bool, features: int = 1) -> str:
    """A study script's shape: one feature in [1, 100] (or `features` of them), targets their
    mean + 100, a ReLU layer of `width` units, a linear Dense(64) and one linear unit, 70
    samples in batches of 4, 80 epochs under Adam; the predictions' spread over 30 held-out
    samples against the targets'."""
    import keras
    import numpy as np

    rng = np.random.default_rng(seed)
    keras.utils.set_random_seed(seed)
    x = rng.uniform(1, 100, size=(100, features)).astype("float32")
    y = (x.mean(axis=1) + 100).astype("float32")
    inputs = x if raw else (x - x.mean(axis=0)) / x.std(axis=0)
    model = keras.Sequential(
        [
            keras.Input((features,)),
            keras.layers.Dense(width, activation="relu"),
            keras.layers.Dense(64),
            keras.layers.Dense(1),
        ]
    )
    model.compile(optimizer="adam", loss="mse")
    model.fit(inputs[:70], y[:70], epochs=80, batch_size=4, verbose=0)
    predicted = model.predict(inputs[70:], verbose=0)[:, 0]
    return f"{float(np.std(predicted) / np.std(y[70:])):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--optimizer", action="append", choices=("adam", "sgd"))
    parser.add_argument(
        "--task", action="append", choices=("classification", "regression", "same-scale regression")
    )
    parser.add_argument("--one-feature", action="store_true", help="the study script's shape")
    parser.add_argument("--features", type=int, default=1, help="with --one-feature")
    args = parser.parse_args()
    if args.one_feature:
        for width in (5, 8, 16):
            for raw in (True, False):
                spreads = [one_feature(s, width, raw, args.features) for s in range(args.seeds)]
                shown = "raw" if raw else "standardised"
                print(
                    f"{args.features} feature(s), ReLU {width:2} {shown:12} spread "
                    + " ".join(spreads),
                    flush=True,
                )
        return
    for optimizer in args.optimizer or ("adam", "sgd"):
        for task in args.task or ("classification", "regression", "same-scale regression"):
            for standardise in (True, False):
                for scale in SCALES if not standardise else SCALES[1:2]:
                    runs = [
                        run(s, scale, task, optimizer, standardise, args.epochs)
                        for s in range(args.seeds)
                    ]
                    shown = "standardised" if standardise else f"raw [0, {scale:g}]"
                    print(f"{optimizer:4} {task:21} {shown:18} " + " | ".join(runs), flush=True)


if __name__ == "__main__":
    main()
