"""Re-measure what dividing features by their own row sums, with no floor, does to training, beside
the same division floored and beside features that have no empty rows.

    .venv/bin/python bench/calibrate_zero_sums.py [--seeds 5] [--epochs 5]

A bag-of-words classifier (2,000 samples of 300 binary word features, a 64-unit ReLU layer and a
softmax over 3 classes, Adam, batch 32), its features row-normalised as graph and text code does
(`x / x.sum(axis=1, keepdims=True)`):

- sparse, bare: each word present with probability 0.01, so about 5% of the rows hold no word;
  their sum is 0 and 0 / 0 is NaN;
- sparse, floored: the same, divided by `np.maximum(sums, 1e-12)`;
- dense, bare: each word present with probability 0.2: no row is empty, the bare division is
  harmless.

Prints, per variant, the empty rows, on how many seeds the loss became NaN, on how many a weight
became NaN, on how many the trained model's output is constant (every class probability the
same to 1e-6 over 200 training samples), and the median final accuracy. (Measured: the loss
stays finite: the NaN rows turn the first kernel NaN, the ReLU after it outputs 0 for NaN on
this CPU, so the model outputs one constant, at the loss of guessing.) DF702 cites these
figures.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

VARIANTS = {
    "sparse, bare": (0.01, False),
    "sparse, floored": (0.01, True),
    "dense, bare": (0.2, False),
}


def run(
    seed: int, density: float, floor: bool, epochs: int
) -> tuple[int, int | None, bool, bool, float]:
    """Empty rows, the 1-based epoch whose loss was first not finite (or None), whether a
    weight is NaN, whether the output is constant, and the last epoch's accuracy."""
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x = (rng.uniform(size=(2000, 300)) < density).astype("float32")
    weights = rng.normal(size=(300, 3))
    y = np.argmax(x @ weights + 0.1 * rng.normal(size=(2000, 3)), axis=1)
    sums = x.sum(axis=1, keepdims=True)
    empty = int((sums == 0).sum())
    with np.errstate(invalid="ignore"):
        x = x / (np.maximum(sums, 1e-12) if floor else sums)

    model = keras.Sequential(
        [
            keras.Input((300,)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=epochs, batch_size=32, verbose=0).history
    nan_at = next(
        (epoch for epoch, loss in enumerate(history["loss"], 1) if not math.isfinite(loss)), None
    )
    nan_weights = any(bool(np.isnan(w).any()) for w in model.get_weights())
    finite_rows = x[np.isfinite(x).all(axis=1)][:200]
    spread = float(np.nanmax(model.predict(finite_rows, verbose=0).std(axis=0)))
    return empty, nan_at, nan_weights, spread < 1e-6, history["accuracy"][-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=5)
    args = parser.parse_args()
    print(
        f"{'variant':16} {'empty rows':>10} {'NaN loss':>9} {'epoch':>6} {'NaN weight':>10}"
        f" {'constant':>9} {'accuracy':>9}"
    )
    for name, (density, floor) in VARIANTS.items():
        runs = [run(seed, density, floor, args.epochs) for seed in range(args.seeds)]
        empty = statistics.median(r[0] for r in runs)
        nans = [r[1] for r in runs if r[1] is not None]
        epoch = f"{statistics.median(nans):.0f}" if nans else "-"
        weights = sum(r[2] for r in runs)
        constant = sum(r[3] for r in runs)
        accuracy = statistics.median(r[4] for r in runs)
        print(
            f"{name:16} {empty:10.0f} {len(nans):>6}/{len(runs)} {epoch:>6}"
            f" {weights:>8}/{len(runs)} {constant:>7}/{len(runs)} {accuracy:9.3f}"
        )


if __name__ == "__main__":
    main()
