"""Regression targets outside the range a bounded output activation can reach.

    .venv/bin/python bench/calibrate_output_range.py [--seeds 3] [--epochs 50]

A small MLP (10 standardised features, 32 and 16 ReLU units, Adam at 0.001, batches of 32,
512 samples) regresses a target that depends on the inputs (a random linear map, then a
sine, so the ideal output varies) under mean squared error. The target is shifted and
stretched to a chosen interval, and the output layer is a sigmoid (range 0 to 1), a tanh (-1
to 1) or, for reference, linear. Prints, per output, interval and seed, the share of the
targets' variance explained on held-out rows (R², 1 is a perfect fit, 0 is predicting the
mean) and the output's spread over the targets' spread (near 0: the same value for every
input). DF408 cites these figures.
"""

from __future__ import annotations

import argparse
import os
import statistics

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

# (low, high) of the targets: inside both bounded ranges, partly outside, wholly outside.
INTERVALS = ((0.1, 0.9), (0.0, 2.0), (0.0, 8.0), (0.0, 255.0), (1001.0, 1100.0))
OUTPUTS = ("sigmoid", "tanh", "linear")


def run(seed: int, output: str, low: float, high: float, epochs: int) -> tuple[float, float]:
    """(held-out R², output spread / target spread)."""
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(640, 10)).astype("float32")
    signal = np.sin(x @ rng.normal(size=(10,)) / 2.0)
    signal = (signal - signal.min()) / (signal.max() - signal.min())
    y = (low + signal * (high - low)).astype("float32")
    model = keras.Sequential(
        [
            keras.Input((10,)),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1, activation=output),
        ]
    )
    model.compile(optimizer=keras.optimizers.Adam(0.001), loss="mse")
    model.fit(x[:512], y[:512], epochs=epochs, batch_size=32, verbose=0)
    predicted = model.predict(x[512:], verbose=0).ravel()
    truth = y[512:]
    residual = float(np.mean((predicted - truth) ** 2))
    r2 = 1.0 - residual / float(np.var(truth))
    return r2, float(np.std(predicted) / np.std(truth))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=50)
    args = parser.parse_args()
    print(
        f"{'output':8} {'targets':>16} {'R2 (median, min-max)':>28} {'spread ratio (median)':>22}"
    )
    for output in OUTPUTS:
        for low, high in INTERVALS:
            runs = [run(seed, output, low, high, args.epochs) for seed in range(args.seeds)]
            r2 = [r for r, _ in runs]
            spread = [s for _, s in runs]
            span = f"[{low:g}, {high:g}]"
            print(
                f"{output:8} {span:>16} {statistics.median(r2):>10.3f} "
                f"({min(r2):.3f} to {max(r2):.3f})"
                f"{statistics.median(spread):>22.3g}",
                flush=True,
            )


if __name__ == "__main__":
    main()
