"""What a high Adam learning rate costs a model with no activation at all (linear regression),
by the scale of its targets.

    .venv/bin/python bench/calibrate_linear_adaptive_rate.py [--seeds 3] [--epochs 100]
        [--stack 1 --stack 16-8-1 --stack relu]

The data: 512 samples of 3 features spread over [0, 100], targets a linear function of them
plus noise, standardised (scale 1) or as raw prices (around 180,000, as house-price data gives
them). Two models, one `Dense(1)` and a `Dense(16)`-`Dense(8)`-`Dense(1)` stack with no
activation, train under Adam at each rate with the squared error, batch 32; `relu` is a
`Dense(64, relu)`-`Dense(16, relu)`-`Dense(1)` stack, the small regressor of tabular tutorials
(insurance charges, house prices). Prints the final loss as a share of the targets' variance
(1.0: no better than predicting the mean) per seed. DF101's reading of adaptive rates on
regressions of raw targets cites these figures.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

RATES = (0.001, 0.01, 0.1, 0.3, 1.0, 5.0)
STACKS = ("1", "16-8-1", "relu", "normalised")
TARGETS = ("standardised", "hundreds", "prices")


def data(rng: Any, targets: str) -> tuple[Any, Any]:
    x = rng.uniform(0, 100, size=(512, 3)).astype("float32")
    y = x @ [0.5, -0.2, 0.8] + rng.normal(0, 5, size=512)
    centred = y - y.mean()
    if targets == "prices":
        y = 180_000 + 900 * centred
    elif targets == "hundreds":
        y = 350 + 2 * centred  # a physical quantity in the hundreds (about 200 to 500)
    else:
        y = centred / centred.std()
    return x, y.astype("float32")


def run(seed: int, stack: str, targets: str, rate: float, epochs: int, loss: str) -> float:
    import keras
    import numpy as np

    rng = np.random.default_rng(seed)
    keras.utils.set_random_seed(seed)
    x, y = data(rng, targets)
    layers = [keras.layers.Dense(1)]
    if stack == "16-8-1":
        layers = [keras.layers.Dense(16), keras.layers.Dense(8), keras.layers.Dense(1)]
    if stack == "relu":
        layers = [
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1),
        ]
    if stack == "normalised":
        normalizer = keras.layers.Normalization()
        normalizer.adapt(x)
        layers = [normalizer, keras.layers.Dense(1)]
    model = keras.Sequential([keras.Input((3,)), *layers])
    model.compile(optimizer=keras.optimizers.Adam(rate), loss=loss)
    model.fit(x, y, epochs=epochs, batch_size=32, verbose=0)
    residual = float(np.mean((model.predict(x, verbose=0)[:, 0] - y) ** 2))  # squared error
    return residual / float(np.var(y))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--stack", action="append", choices=STACKS, help="default: all")
    parser.add_argument("--targets", action="append", choices=TARGETS, help="default: all")
    parser.add_argument("--loss", default="mse", choices=("mse", "mae"))
    parser.add_argument("--rate", action="append", type=float, help="default: 0.001 to 5")
    args = parser.parse_args()
    for targets in args.targets or TARGETS:
        for stack in args.stack or STACKS:
            for rate in args.rate or RATES:
                shares = [
                    run(s, stack, targets, rate, args.epochs, args.loss) for s in range(args.seeds)
                ]
                print(
                    f"targets {targets:12} Dense {stack:10} Adam({rate:<5}) {args.loss} "
                    "loss / variance " + " ".join(f"{v:.3g}" for v in shares),
                    flush=True,
                )


if __name__ == "__main__":
    main()
