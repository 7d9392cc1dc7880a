"""Measure what DF405 claims of binary cross-entropy on labels outside [0, 1].

    .venv/bin/python bench/calibrate_bce_labels.py [--seeds 3]

A regression-shaped task (8 standardised features, labels a function of the first two) with
a 32-16 ReLU MLP and one sigmoid unit under binary cross-entropy (Adam 1e-3, 512 samples,
30 epochs), for labels:

- `0/1`: the control, the sign of the labels' function;
- `0..9`: class ids of ten bins, as code that counts classes from 0 gives them;
- `1..10`: the same ids counted from 1 (every label 1 or more);
- `-1/1`: the sign as a hinge loss takes it;
- `0..5`: continuous targets five times the unit range.

Prints, per seed: the final loss, the spread of the predictions (their standard deviation)
against that of the labels scaled to [0, 1], and the share of predictions within 0.01 of
the sigmoid's edges. Binary cross-entropy is -[y log p + (1 - y) log(1 - p)]: for y > 1 the
second term grows without bound as p nears 1 (Keras clips p to [1e-7, 1 - 1e-7]), for y < 0
the first as p nears 0.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

LABELS = ("0/1", "0..9", "1..10", "-1/1", "0..5")


def labels(kind: str, x: Any) -> Any:
    import numpy as np

    score = x[:, 0] + 0.5 * x[:, 1]
    if kind == "0/1":
        return (score > 0).astype("float32")
    if kind == "-1/1":
        return np.where(score > 0, 1.0, -1.0).astype("float32")
    ranks = np.argsort(np.argsort(score)) / len(score)  # 0 to 1, by the score's rank
    if kind == "0..9":
        return np.floor(ranks * 10).astype("float32")
    if kind == "1..10":
        return np.floor(ranks * 10).astype("float32") + 1
    return (ranks * 5).astype("float32")


def run(kind: str, seed: int) -> tuple[float, float, float, float]:
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(512, 8)).astype("float32")
    y = labels(kind, x)
    model = keras.Sequential(
        [
            keras.Input((8,)),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
    history = model.fit(x, y, epochs=30, batch_size=32, verbose=0)
    p = model.predict(x, verbose=0).ravel()
    unit = (y - y.min()) / (y.max() - y.min())
    edge = float(np.mean((p < 0.01) | (p > 0.99)))
    return history.history["loss"][-1], float(np.std(p)), float(np.std(unit)), edge


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    for kind in LABELS:
        for seed in range(args.seeds):
            loss, spread, target, edge = run(kind, seed)
            print(
                f"{kind:6} seed {seed}: loss {loss:9.3f}, prediction spread {spread:.4f} "
                f"(labels in [0, 1]: {target:.4f}), at an edge {edge:.0%}"
            )


if __name__ == "__main__":
    main()
