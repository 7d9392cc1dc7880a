"""Does plain SGD at a high rate train a model whose loss averages over many output units?

    .venv/bin/python bench/calibrate_wide_output_sgd.py KINDS RATES SEEDS
    e.g. ae784_bce,clf1_bce,multiw10,multiw64,multiw256,ae784_mse,reg1_mse 0.1,1.5,5 2

784 inputs in [0, 1] (eight random patterns mixed, with noise), three selu layers, then the
output KIND: an autoencoder of the inputs (ae784_bce, ae784_mse), N sigmoid units under binary
cross-entropy (clf1_bce for one, multiwN for N), or a one-unit regression (reg1_mse). Trained
10 epochs in batches of 32; one JSON line per run with the first and last epoch's loss and the
output spread over the targets' (DF101's calibration).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np


def data(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    mixed = rng.random((3000, 8)) @ rng.random((8, 784)) / 8.0
    return np.clip(mixed + 0.05 * rng.standard_normal(mixed.shape), 0, 1).astype("float32")


def output(kind: str, x: np.ndarray) -> tuple[Any, str, np.ndarray]:
    if kind.startswith("ae784_"):
        loss = "binary_crossentropy" if kind.endswith("bce") else "mse"
        return keras.layers.Dense(784, activation="sigmoid"), loss, x
    if kind == "clf1_bce":
        y = (x[:, :392].mean(1) > x[:, 392:].mean(1)).astype("float32")
        return keras.layers.Dense(1, activation="sigmoid"), "binary_crossentropy", y
    if kind.startswith("multiw"):
        n = int(kind[len("multiw") :])
        y = (x[:, :n] > np.median(x[:, :n], 0)).astype("float32")
        return keras.layers.Dense(n, activation="sigmoid"), "binary_crossentropy", y
    if kind == "reg1_mse":
        return keras.layers.Dense(1), "mse", x.mean(1) * 10
    raise SystemExit(f"unknown kind {kind}")


def run(kind: str, rate: float, seed: int) -> dict[str, Any]:
    keras.utils.set_random_seed(seed)
    x = data(seed)
    head, loss, y = output(kind, x)
    hidden = [keras.layers.Dense(units, activation="selu") for units in (100, 30, 100)]
    model = keras.Sequential([keras.Input((784,)), *hidden, head])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=rate), loss=loss)
    history = model.fit(x, y, epochs=10, batch_size=32, verbose=0).history["loss"]
    prediction = model.predict(x[:256], verbose=0)
    target = np.asarray(y[:256]).reshape(256, -1)
    spread = float(np.mean(np.std(prediction, 0))) / (float(np.mean(np.std(target, 0))) or 1.0)
    return {
        "kind": kind,
        "rate": rate,
        "seed": seed,
        "loss_first_epoch": round(history[0], 4),
        "loss": round(history[-1], 4),
        "spread": round(spread, 4),
        "finite": bool(np.isfinite(history[-1])),
    }


def main() -> None:
    kinds, rates, seeds = sys.argv[1].split(","), sys.argv[2].split(","), int(sys.argv[3])
    for kind in kinds:
        for rate in rates:
            for seed in range(seeds):
                print(json.dumps(run(kind, float(rate), seed)), flush=True)


if __name__ == "__main__":
    main()
