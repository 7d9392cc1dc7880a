"""Re-measure what an output and loss that do not match the labels' form cost in training:
one-hot (exclusive) labels on a softmax or sigmoid output trained with binary cross-entropy,
and multi-hot labels (several classes per sample) on a softmax trained with categorical
cross-entropy, each beside the pair the labels call for.

    .venv/bin/python bench/calibrate_label_forms.py [--seeds 5] [--epochs 20]

The task: 20 normal features, 10 classes scored by a random linear map plus noise; one-hot
labels mark the best score, multi-hot labels the best 1 to 3. A 64-64 ReLU MLP trains on 768
samples (Adam) and is measured on 256 held out. Prints medians over the seeds:

- one-hot: the accuracy of the output's argmax, the share of rows whose outputs do not sum to
  1 (within 0.01), and the share of rows with no output above 0.5;
- multi-hot: F1 and exact-match of the outputs thresholded at 0.5, the share of each row's true
  classes found among its top-scored outputs (a ranking that ignores the threshold), and the
  largest number of outputs above 0.5 in any row;
- two classes for a one-unit sigmoid with binary cross-entropy, labelled 1 and 5 (as when two
  digits are picked out of mnist) or mapped to 0 and 1: the final training loss, the held-out
  accuracy of the output thresholded at 0.5, and whether the output is constant (its spread
  across inputs below 1e-3).

DF403, DF405 and DF406 cite these figures.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

CLASSES = 10
TRAIN, HELD_OUT = 768, 256

PAIRS = {
    "one-hot": [
        ("softmax", "categorical_crossentropy"),
        ("softmax", "binary_crossentropy"),
        ("sigmoid", "binary_crossentropy"),
    ],
    "multi-hot": [
        ("sigmoid", "binary_crossentropy"),
        ("softmax", "categorical_crossentropy"),
    ],
}


def two_classes(seed: int, labels: tuple[int, int], epochs: int) -> list[float]:
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x, _ = task(rng, "one-hot")
    second = (x[:, 0] + x[:, 1] > 0).astype("float32")
    y = np.where(second > 0, labels[1], labels[0]).astype("float32")
    model = keras.Sequential(
        [
            keras.Input((20,)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy")
    history = model.fit(x[:TRAIN], y[:TRAIN], epochs=epochs, batch_size=32, verbose=0)
    p = np.asarray(model.predict(x[TRAIN:], verbose=0))[:, 0]
    accuracy = float(np.mean((p > 0.5) == (second[TRAIN:] > 0)))
    constant = float(np.std(p) < 1e-3)
    return [float(history.history["loss"][-1]), accuracy, constant]


def task(rng: Any, form: str) -> tuple[Any, Any]:
    import numpy as np

    n = TRAIN + HELD_OUT
    x = rng.normal(size=(n, 20)).astype("float32")
    scores = x @ rng.normal(size=(20, CLASSES)) + 0.5 * rng.normal(size=(n, CLASSES))
    order = np.argsort(-scores, axis=1)
    picked = np.ones(n, dtype=int) if form == "one-hot" else rng.integers(1, 4, size=n)
    y = np.zeros((n, CLASSES), dtype="float32")
    for row in range(n):
        y[row, order[row, : picked[row]]] = 1.0
    return x, y


def measure(form: str, activation: str, loss: str, seed: int, epochs: int) -> list[float]:
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    x, y = task(np.random.default_rng(seed), form)
    model = keras.Sequential(
        [
            keras.Input((20,)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(CLASSES, activation=activation),
        ]
    )
    model.compile(optimizer="adam", loss=loss)
    model.fit(x[:TRAIN], y[:TRAIN], epochs=epochs, batch_size=32, verbose=0)
    p = np.asarray(model.predict(x[TRAIN:], verbose=0))
    t = y[TRAIN:] > 0.5
    above = p > 0.5
    if form == "one-hot":
        accuracy = float(np.mean(np.argmax(p, axis=1) == np.argmax(t, axis=1)))
        not_summing = float(np.mean(np.abs(p.sum(axis=1) - 1.0) > 0.01))
        none_above = float(np.mean(~above.any(axis=1)))
        return [accuracy, not_summing, none_above]
    hits = np.sum(above & t)
    f1 = float(2 * hits / (2 * hits + np.sum(above & ~t) + np.sum(~above & t)))
    exact = float(np.mean(np.all(above == t, axis=1)))
    counts = t.sum(axis=1)
    top = np.argsort(-p, axis=1)
    found = [np.mean(t[row, top[row, : counts[row]]]) for row in range(len(p))]
    return [f1, exact, float(np.mean(found)), float(above.sum(axis=1).max())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=20)
    args = parser.parse_args()

    import numpy as np

    columns = {
        "one-hot": "argmax acc  not summing to 1  none above 0.5",
        "multi-hot": "F1 at 0.5  exact match  top-k recall  most above 0.5",
    }
    for form, pairs in PAIRS.items():
        print(f"{form} labels ({args.seeds} seeds, {args.epochs} epochs): {columns[form]}")
        for activation, loss in pairs:
            runs = [
                measure(form, activation, loss, seed, args.epochs) for seed in range(args.seeds)
            ]
            medians = np.median(np.array(runs), axis=0)
            figures = "  ".join(f"{value:.3g}" for value in medians)
            print(f"  {activation:8} {loss:26} {figures}", flush=True)
    print(
        f"two classes, Dense(1, sigmoid), binary CE ({args.seeds} seeds, {args.epochs} epochs): "
        "final loss  accuracy  constant"
    )
    for labels in ((1, 5), (0, 1)):
        runs = [two_classes(seed, labels, args.epochs) for seed in range(args.seeds)]
        loss, accuracy, _ = np.median(np.array(runs), axis=0)
        constant = int(sum(run[2] for run in runs))
        print(
            f"  labels {labels[0]} and {labels[1]}: {loss:.4g}  {accuracy:.3g}  "
            f"{constant} of {args.seeds}",
            flush=True,
        )


if __name__ == "__main__":
    main()
