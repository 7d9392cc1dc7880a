"""Which plain-SGD rates a classifier with saturating hidden layers tolerates, against ReLU.

    .venv/bin/python bench/calibrate_saturating_sgd.py [--seeds 3] [--epochs 5]

The data: MNIST-like 784-pixel images in [0, 1] (ten classes, each three sparse stroke
patterns, with pixels dropped and added at random), 6,000 to train on and 1,000 to test. The
model: one to four hidden Dense layers of 256 units (sigmoid; two of tanh or ReLU to compare),
a 10-way softmax, categorical cross-entropy, plain SGD with batches of 128, from Keras's
default initialiser and from small uniform weights in [-0.01, 0.01] (as classic course code
writes). Prints per setting the test accuracy per seed, how many classes the model predicts
on the test set (1: a constant output) and whether the loss went non-finite. DF101 cites
these figures for its limit on classifiers whose hidden layers are all sigmoid.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

CLASSES = 10
PIXELS = 784
SETTINGS = (
    ("sigmoid", 1),
    ("sigmoid", 2),
    ("sigmoid", 3),
    ("sigmoid", 4),
    ("tanh", 2),
    ("relu", 2),
)


def images(rng: Any, n: int, patterns: Any) -> tuple[Any, Any]:

    labels = rng.integers(0, CLASSES, n)
    style = rng.integers(0, 3, n)
    base = patterns[labels * 3 + style]
    keep = rng.random((n, PIXELS)) > 0.35
    extra = rng.random((n, PIXELS)) < 0.06
    x = ((base & keep) | extra) * rng.uniform(0.4, 1.0, (n, PIXELS))
    return x.astype("float32"), labels


def run(
    activation: str, depth: int, init: str, rate: float, seed: int, epochs: int, data: Any
) -> str:
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    x, y, x_test, y_test = data

    def kernel() -> Any:
        if init == "small":
            return keras.initializers.RandomUniform(-0.01, 0.01)
        return "glorot_uniform"

    hidden = [
        keras.layers.Dense(256, activation=activation, kernel_initializer=kernel())
        for _ in range(depth)
    ]
    output = keras.layers.Dense(CLASSES, activation="softmax", kernel_initializer=kernel())
    model = keras.Sequential([keras.Input((PIXELS,)), *hidden, output])
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=rate),
        loss="sparse_categorical_crossentropy",
    )
    history = model.fit(x, y, batch_size=128, epochs=epochs, verbose=0)
    loss = history.history["loss"][-1]
    prediction = model.predict(x_test, verbose=0)
    if not np.all(np.isfinite(prediction)) or not np.isfinite(loss):
        return "NaN"
    accuracy = float(np.mean(prediction.argmax(1) == y_test))
    classes = len(set(prediction.argmax(1).tolist()))
    return f"{accuracy:.2f}/{classes}"


def main() -> None:
    import numpy as np

    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    patterns = rng.random((CLASSES * 3, PIXELS)) < 0.19
    x, y = images(rng, 6000, patterns)
    x_test, y_test = images(rng, 1000, patterns)
    data = (x, y, x_test, y_test)
    print("test accuracy / classes predicted, per seed (NaN: the loss went non-finite)")
    for activation, depth in SETTINGS:
        for init in ("default", "small"):
            for rate in (0.1, 1.0, 3.0, 5.0, 10.0):
                results = [
                    run(activation, depth, init, rate, seed, args.epochs, data)
                    for seed in range(args.seeds)
                ]
                setting = f"{activation} x{depth}"
                print(f"{setting:10s} {init:8s} SGD {rate:<5g} {'  '.join(results)}", flush=True)


if __name__ == "__main__":
    main()
