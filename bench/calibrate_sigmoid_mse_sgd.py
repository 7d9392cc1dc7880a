"""Which plain-SGD rates a ReLU network with one sigmoid output tolerates, under the squared
error and under binary cross-entropy.

    .venv/bin/python bench/calibrate_sigmoid_mse_sgd.py [--seeds 3] [--epochs 30]

The squared error on a sigmoid passes back 2 (p - y) p (1 - p) to the output's logit, at most
about 0.3, where binary cross-entropy passes p - y, up to 1. The data: 4,000 rows (1,000 held
out) of either six 0/1 indicator flags (as trading scripts build them from price rules) or
twenty features uniform in [0, 1]; a 0/1 label from a noisy rule on them, balanced. The
models: ReLU hidden layers of 20-150-80 units (a trading script's) or 64-64, one sigmoid
unit, plain SGD in batches of 20. Prints per setting the held-out accuracy per seed and the
standard deviation of the predicted probabilities (near 0: a constant output), or "nan".
DF101's reading of plain SGD on such models cites these figures.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

RATES = (0.5, 1.0, 2.0, 3.0, 5.0)
HIDDEN = {"20-150-80": (20, 150, 80), "64-64": (64, 64)}


def data(rng: Any, inputs: str) -> tuple[Any, Any]:
    if inputs == "flags":
        x = (rng.random((4000, 6)) < 0.5).astype("float32")
        score = x @ [1.0, -1.0, 0.5, 1.5, -0.5, 1.0] - 1.25
    else:
        x = rng.random((4000, 20)).astype("float32")
        score = x[:, :10].sum(axis=1) - x[:, 10:].sum(axis=1)
    y = (score + rng.normal(0, 0.5, 4000) > 0).astype("float32")
    return x, y


def run(seed: int, inputs: str, hidden: str, loss: str, rate: float, epochs: int) -> str:
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    x, y = data(np.random.default_rng(seed), inputs)
    model = keras.Sequential(
        [
            keras.Input((x.shape[1],)),
            *(keras.layers.Dense(units, activation="relu") for units in HIDDEN[hidden]),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer=keras.optimizers.SGD(rate), loss=loss)
    model.fit(x[:3000], y[:3000], epochs=epochs, batch_size=20, verbose=0)
    scores = model.predict(x[3000:], verbose=0)[:, 0]
    if not np.all(np.isfinite(scores)):
        return "nan"
    accuracy = float(np.mean((scores > 0.5) == (y[3000:] > 0.5)))
    return f"{accuracy:.2f} (sd {float(np.std(scores)):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=30)
    args = parser.parse_args()
    for inputs in ("flags", "uniform"):
        for hidden in HIDDEN:
            for loss in ("mse", "binary_crossentropy"):
                for rate in RATES:
                    runs = [
                        run(s, inputs, hidden, loss, rate, args.epochs) for s in range(args.seeds)
                    ]
                    print(
                        f"{inputs:7} relu {hidden:9} {loss:19} SGD({rate:<3}) " + "  ".join(runs),
                        flush=True,
                    )


if __name__ == "__main__":
    main()
