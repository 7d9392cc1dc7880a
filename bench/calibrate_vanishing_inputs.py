"""What inputs scaled far below unit scale do to training: pixels divided twice by 255, or by a
number pasted in by mistake.

    .venv/bin/python bench/calibrate_vanishing_inputs.py [--seeds 3] [--epochs 20]

The data: scikit-learn's 8x8 digits (1,797 images, 10 classes; 1,347 to train, 450 held out),
pixels 0-16 rescaled to [0, 1] and then multiplied by each factor below, so the largest input is
the factor itself. The model: Dense(64, relu), Dense(10, softmax), sparse categorical
cross-entropy, batches of 32, under Adam (its default rate) and under plain SGD at 0.01. Prints
per factor and optimizer the held-out accuracy per seed and on how many seeds the model predicted
one class for 95% or more of the held-out images. DF301 cites these figures for inputs scaled
to vanishing.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

FACTORS = (1.0, 1 / 255, 1e-4, 1e-6, 1e-8, 1e-14)
OPTIMIZERS = ("adam", "sgd")
COLLAPSE = 0.95


def run(seed: int, factor: float, optimizer: str, epochs: int) -> tuple[float, float]:
    import keras
    import numpy as np
    from sklearn.datasets import load_digits

    keras.utils.set_random_seed(seed)
    digits = load_digits()
    x = (digits.data / 16.0 * factor).astype("float32")
    y = digits.target
    order = np.random.default_rng(seed).permutation(len(x))
    x, y = x[order], y[order]
    x_train, y_train, x_test, y_test = x[:1347], y[:1347], x[1347:], y[1347:]
    model = keras.Sequential(
        [
            keras.Input((64,)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    chosen = keras.optimizers.Adam() if optimizer == "adam" else keras.optimizers.SGD(0.01)
    model.compile(chosen, "sparse_categorical_crossentropy")
    model.fit(x_train, y_train, batch_size=32, epochs=epochs, verbose=0)
    predicted = np.argmax(model.predict(x_test, verbose=0), axis=1)
    share = float(np.bincount(predicted, minlength=10).max() / len(predicted))
    return float(np.mean(predicted == y_test)), share


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=20)
    args = parser.parse_args()
    for optimizer in OPTIMIZERS:
        for factor in FACTORS:
            results = [run(seed, factor, optimizer, args.epochs) for seed in range(args.seeds)]
            accuracies = ", ".join(f"{a:.3f}" for a, _ in results)
            collapsed = sum(s >= COLLAPSE for _, s in results)
            print(
                f"{optimizer:4} largest input {factor:<9.3g}: held-out accuracy {accuracies}; "
                f"one class on {collapsed}/{args.seeds} seeds",
                flush=True,
            )


if __name__ == "__main__":
    main()
