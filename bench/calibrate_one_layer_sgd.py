"""Plain SGD at a rate of 1.0 on models of one Dense layer: when it trains, and when it breaks.

    .venv/bin/python bench/calibrate_one_layer_sgd.py [--seeds 5]

A single sigmoid unit learns the logic gates AND and OR from the four 0/1 input pairs, the
first exercise of many Keras courses, under SGD(1.0, momentum 0.02) with the squared error and
with binary cross-entropy, 2,000 full-batch steps. The same unit then learns a linearly
separable rule on 256 samples of two features drawn from [0, M], for M = 1, 3 and 10, at the
same rate, 50 epochs in batches of 32: rate x the sum of the features' largest squares is
then 2, 18 and 200. Prints, per setting and seed, the final loss and whether every sample is
classified right (training accuracy). DF101's exemption of one-layer models whose step is
small cites these figures. XOR needs a hidden layer: a 2-2-1 network of sigmoid hidden units
learns it at 1.0 and at 0.3, under a sigmoid output and under a linear one (the squared error),
for the exemption of sigmoid classifiers.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def train(seed: int, task: str, loss: str, top: float = 1.0) -> tuple[float, float]:
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    if task in ("and", "or"):
        x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")
        y = np.array([[0], [0], [0], [1]] if task == "and" else [[0], [1], [1], [1]], "float32")
        # 2,000 full-batch steps, as 2,000 epochs of the four pairs would take: the four pairs
        # repeated, in order, in batches of four (fewer epochs, the same steps).
        x, y = np.tile(x, (250, 1)), np.tile(y, (250, 1))
        epochs, batch = 8, 4
    else:
        x = rng.uniform(0, top, size=(256, 2)).astype("float32")
        y = (x[:, :1] > x[:, 1:]).astype("float32")
        epochs, batch = 50, 32
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.SGD(1.0, momentum=0.02), loss=loss)
    if task.startswith("xor"):
        # XOR needs a hidden layer: two sigmoid units, as the exercises write it, under a
        # sigmoid or a linear output (task "xor-sigmoid", "xor-linear"), at `top` as the rate.
        x = np.tile(np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32"), (250, 1))
        y = np.tile(np.array([[0], [1], [1], [0]], dtype="float32"), (250, 1))
        epochs, batch = 8, 4
        output = "sigmoid" if task == "xor-sigmoid" else None
        model = keras.Sequential(
            [
                keras.Input((2,)),
                keras.layers.Dense(2, activation="sigmoid"),
                keras.layers.Dense(1, activation=output),
            ]
        )
        model.compile(optimizer=keras.optimizers.SGD(top, momentum=0.02), loss=loss)
    history = model.fit(x, y, epochs=epochs, batch_size=batch, shuffle=False, verbose=0)
    accuracy = float(np.mean((model.predict(x, verbose=0) > 0.5) == y))
    return float(history.history["loss"][-1]), accuracy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    settings = [
        (task, loss, 1.0) for task in ("and", "or") for loss in ("mse", "binary_crossentropy")
    ]
    settings += [("separable", "binary_crossentropy", top) for top in (1.0, 3.0, 10.0)]
    settings += [
        (task, "mse", rate) for task in ("xor-sigmoid", "xor-linear") for rate in (1.0, 0.3)
    ]
    for task, loss, top in settings:
        runs = [train(seed, task, loss, top) for seed in range(args.seeds)]
        label = task if task != "separable" else f"x in [0, {top:g}]"
        if task.startswith("xor"):
            label = f"{task} at {top:g}"
        losses = " ".join(f"{value:.3g}" for value, _ in runs)
        accuracies = " ".join(f"{a:.2f}" for _, a in runs)
        print(f"{label:16} {loss:20} loss {losses}  accuracy {accuracies}", flush=True)


if __name__ == "__main__":
    main()
