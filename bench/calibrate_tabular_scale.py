"""What leaving a small tabular data set unstandardised costs: Fisher's iris, read as loaded.

    .venv/bin/python bench/calibrate_tabular_scale.py [--seeds 5]

The data is iris-like: 150 samples drawn from Gaussians with the per-class means and standard
deviations of the four iris measurements (0.1 to 7.9, means 1.2 to 5.9, never centred on zero).
The network is the one of a real report (bench/buggy/12_iris_keras0_unscaled.py): Dense(10,
tanh) twice with Dropout(0.5), a 3-way softmax, uniform(-0.05, 0.05) kernels, 50 epochs in
batches of 20, on 120 training samples. Each optimiser trains it on the raw features and on
the features standardised; prints the final training loss, the test accuracy on the other 30
samples and the output's spread across inputs (a constant output has spread 0), per seed.
DF301's info on sklearn data sets used as loaded cites these figures.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

# Per class (setosa, versicolor, virginica): the four measurements' mean and standard deviation.
MEANS = [[5.006, 3.428, 1.462, 0.246], [5.936, 2.770, 4.260, 1.326], [6.588, 2.974, 5.552, 2.026]]
STDS = [[0.352, 0.379, 0.174, 0.105], [0.516, 0.314, 0.470, 0.198], [0.636, 0.322, 0.552, 0.275]]


def train(seed: int, standardise: bool, optimizer: str) -> tuple[float, float, float]:
    import keras
    import numpy as np

    rng = np.random.default_rng(seed)
    keras.utils.set_random_seed(seed)
    x = np.concatenate([rng.normal(MEANS[c], STDS[c], size=(50, 4)) for c in range(3)])
    x = x.clip(0.1).astype("float32")
    y = np.eye(3, dtype="float32")[np.repeat(np.arange(3), 50)]
    order = rng.permutation(150)
    x, y = x[order], y[order]
    if standardise:
        x = (x - x.mean(0)) / x.std(0)
    init = keras.initializers.RandomUniform(-0.05, 0.05)
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(10, activation="tanh", kernel_initializer=init),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(10, activation="tanh", kernel_initializer=init),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(3, activation="softmax", kernel_initializer=init),
        ]
    )
    optimizers: dict[str, Any] = {
        "SGD(0.1, momentum 0.9, nesterov)": lambda: keras.optimizers.SGD(
            learning_rate=0.1, momentum=0.9, nesterov=True
        ),
        "SGD(0.01, momentum 0.9, nesterov)": lambda: keras.optimizers.SGD(
            learning_rate=0.01, momentum=0.9, nesterov=True
        ),
        "Adam": lambda: keras.optimizers.Adam(),
    }
    model.compile(loss="categorical_crossentropy", optimizer=optimizers[optimizer]())
    history = model.fit(x[:120], y[:120], epochs=50, batch_size=20, validation_split=0.1, verbose=0)
    predicted = model.predict(x[120:], verbose=0)
    accuracy = float((predicted.argmax(1) == y[120:].argmax(1)).mean())
    return history.history["loss"][-1], accuracy, float(predicted.std(0).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    for optimizer in (
        "SGD(0.1, momentum 0.9, nesterov)",
        "SGD(0.01, momentum 0.9, nesterov)",
        "Adam",
    ):
        for standardise in (False, True):
            runs = [train(seed, standardise, optimizer) for seed in range(args.seeds)]
            print(
                f"{optimizer:34} {'standardised' if standardise else 'raw':12}"
                f" loss {' '.join(f'{r[0]:.2f}' for r in runs)}"
                f" | test accuracy {' '.join(f'{r[1]:.2f}' for r in runs)}"
                f" | output spread {' '.join(f'{r[2]:.2f}' for r in runs)}",
                flush=True,
            )


if __name__ == "__main__":
    main()
