"""What a dropout after the output layer costs a regression, by its rate.

    .venv/bin/python bench/calibrate_dropout_after_output.py [--seeds 3] [--epochs 30]

The data: 2,000 samples of 8 standardised features and targets made from them (a linear and a
quadratic term plus noise, standardised), with one target or 16. The network: Dense(64, relu),
Dense(64, relu), a linear `Dense(units)` output, then `Dropout(rate)`, under the squared error
and Adam (batches of 32). Prints, per rate, the median held-out error over the targets'
variance (1.0 is what predicting the mean costs) beside the same network without the dropout,
and the median mean prediction over the mean target on the training rows (Keras scales what
dropout keeps by 1 / (1 - rate) in training, so the trained output learns to run low). DF603's
severity cites these figures.
"""

from __future__ import annotations

import argparse
import os
import statistics

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

RATES = (0.0, 0.01, 0.05, 0.1, 0.2, 0.5)


def run(seed: int, units: int, rate: float, epochs: int) -> tuple[float, float]:
    """(held-out error over the targets' variance, mean prediction over mean target)."""
    import keras
    import numpy as np

    rng = np.random.default_rng(seed)
    keras.utils.set_random_seed(seed)
    x = rng.normal(size=(2_500, 8)).astype("float32")
    mix = rng.normal(size=(8, units))
    y = x @ mix + 0.5 * (x[:, :1] * x[:, 1:2]) + 0.1 * rng.normal(size=(2_500, units))
    y = ((y - y.mean(0)) / y.std(0) + 2.0).astype("float32")  # off zero, as most targets are
    layers = keras.layers
    stack = [
        keras.Input((8,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(units),
    ]
    if rate:
        stack.append(layers.Dropout(rate))
    model = keras.Sequential(stack)
    model.compile(optimizer="adam", loss="mse")
    model.fit(x[:2_000], y[:2_000], epochs=epochs, batch_size=32, verbose=0)
    held_out = model.predict(x[2_000:], verbose=0)
    error = float(np.mean((held_out - y[2_000:]) ** 2) / np.var(y[2_000:]))
    bias = float(np.mean(model.predict(x[:2_000], verbose=0)) / np.mean(y[:2_000]))
    return error, bias


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=30)
    args = parser.parse_args()
    for units in (1, 16):
        for rate in RATES:
            runs = [run(seed, units, rate, args.epochs) for seed in range(args.seeds)]
            error = statistics.median(e for e, _ in runs)
            bias = statistics.median(b for _, b in runs)
            print(
                f"{units:2d} output units, dropout {rate:4.2f}: held-out error / variance "
                f"{error:.3f}, mean prediction / mean target {bias:.3f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
