"""What unscaled inputs cost a model with no activation at all, under Adam, against ReLU.

    .venv/bin/python bench/calibrate_linear_model_scale.py [--seeds 3] [--epochs 100]

The data: 200 samples of three features, each spread over [0, M] (M = 10, 200, 1,000 or
10,000, as course exercises write `x = [range(1, 101), range(201, 301), ...]`), and a target
that is a fixed linear mix of them plus noise. The models, trained with Adam (default rate)
on the mean squared error in batches of 16:

- `linear`: Dense(16), Dense(8), Dense(1), no activation anywhere (what the exercise writes);
- `relu`: the same with ReLU on the hidden layers;
- `linear/unit`: the linear model, with the target divided by M (of unit scale whatever the
  inputs' scale: only the inputs are unscaled);
- then the linear model on features of unlike scales (largest values 9, 30, 210; 1, 30, 700;
  0.5, 1, 700).

Prints per setting and seed the final loss over the targets' variance (near 0: fitted; near 1:
no better than predicting the mean) and the predictions' spread over the targets' (0: a
constant output). DF301 cites these figures for its severity on models with no activation.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def run(kind: str, scale: float, seed: int, epochs: int) -> str:
    import keras
    import numpy as np

    rng = np.random.default_rng(seed)
    x = rng.uniform(0, scale, size=(200, 3)).astype("float32")
    y = (x @ np.array([0.5, -0.3, 0.8]) + rng.normal(0, 0.05 * scale, 200)).astype("float32")
    if kind == "linear/unit":
        y = y / scale
    keras.utils.set_random_seed(seed)
    activation: Any = "relu" if kind == "relu" else None
    model = keras.Sequential(
        [
            keras.Input((3,)),
            keras.layers.Dense(16, activation=activation),
            keras.layers.Dense(8, activation=activation),
            keras.layers.Dense(1),
        ]
    )
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, batch_size=16, epochs=epochs, verbose=0)
    prediction = model.predict(x, verbose=0).ravel()
    if not np.all(np.isfinite(prediction)):
        return "NaN"
    loss = float(np.mean((prediction - y) ** 2) / np.var(y))
    spread = float(np.std(prediction) / np.std(y))
    return f"{loss:.3f}/{spread:.2f}"


def run_unlike(maxima: tuple[float, ...], seed: int, epochs: int) -> str:
    """The linear stack on three features of unlike scales (their largest values `maxima`),
    the target weighing each by its scale."""
    import keras
    import numpy as np

    rng = np.random.default_rng(seed)
    x = (rng.uniform(0, 1, size=(200, 3)) * np.array(maxima)).astype("float32")
    weights = np.array([0.5, -0.3, 0.8]) / np.array(maxima) * 100
    y = (x @ weights + rng.normal(0, 5, 200)).astype("float32")
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input((3,)),
            keras.layers.Dense(16),
            keras.layers.Dense(8),
            keras.layers.Dense(1),
        ]
    )
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, batch_size=16, epochs=epochs, verbose=0)
    prediction = model.predict(x, verbose=0).ravel()
    loss = float(np.mean((prediction - y) ** 2) / np.var(y))
    return f"{loss:.3f}/{float(np.std(prediction) / np.std(y)):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=100)
    args = parser.parse_args()
    print("loss / variance of the targets, spread / spread of the targets, per seed")
    for kind in ("linear", "relu", "linear/unit"):
        for scale in (10.0, 200.0, 1000.0, 10000.0):
            results = [run(kind, scale, seed, args.epochs) for seed in range(args.seeds)]
            print(f"{kind:11s} inputs up to {scale:<7g} {'  '.join(results)}", flush=True)
    for maxima in ((9.0, 30.0, 210.0), (1.0, 30.0, 700.0), (0.5, 1.0, 700.0)):
        results = [run_unlike(maxima, seed, args.epochs) for seed in range(args.seeds)]
        print(f"linear      maxima {maxima} {'  '.join(results)}", flush=True)


if __name__ == "__main__":
    main()
