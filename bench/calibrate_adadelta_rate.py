"""Measure what DF102 claims of `Adadelta()` at its default rate under tf.keras and Keras 3.

    .venv/bin/python bench/calibrate_adadelta_rate.py [--seeds 2] [--cnn-samples 12000]

`Adadelta()` defaults to a learning rate of 1.0 in standalone Keras up to 2.3, the rate of the
paper, and to 0.001 in tf.keras and Keras 3. Scripts written for the first (the Keras 2
`mnist_cnn.py` example and its many copies: `optimizer=keras.optimizers.Adadelta()`, 12 epochs
of batch 128) now run at the second. Adadelta's first steps are the rate times
sqrt(epsilon) / |gradient| x gradient, about 3e-4 x the rate per weight, and grow only as its
running average of steps does, so a thousandth of the rate is far more than a thousandth as
fast at the start.

Trains the two models of that example on the ten-class 16x16 bar images of
`bench/calibrate_pixel_scale.py` (divided by 255; MNIST cannot be downloaded here): the MLP
(Dense(512, relu), Dropout(0.2), twice, then Dense(10, softmax)) on 60,000 images, MNIST's
count, and the CNN (Conv2D(32), Conv2D(64), MaxPooling2D, Dropout(0.25), Dense(128),
Dropout(0.5), Dense(10, softmax)) on `--cnn-samples`, each for 12 epochs of batch 128 under
Adadelta at 1.0, 0.1, 0.01 and 0.001. Prints, per run, the loss before and after training
(the untrained model's is about ln 10 = 2.30), the accuracy on 5,000 test images, and the
spread of the predictions across the test images (the mean over classes of their standard
deviation) against the run at 1.0.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

RATES = (1.0, 0.1, 0.01, 0.001)
EPOCHS = 12
BATCH = 128


def model(keras: Any, kind: str) -> Any:
    layers = keras.layers
    if kind == "mlp":
        body = [
            keras.Input((16, 16, 1)),
            layers.Flatten(),
            layers.Dense(512, activation="relu"),
            layers.Dropout(0.2),
            layers.Dense(512, activation="relu"),
            layers.Dropout(0.2),
        ]
    else:
        body = [
            keras.Input((16, 16, 1)),
            layers.Conv2D(32, (3, 3), activation="relu"),
            layers.Conv2D(64, (3, 3), activation="relu"),
            layers.MaxPooling2D((2, 2)),
            layers.Dropout(0.25),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dropout(0.5),
        ]
    return keras.Sequential([*body, layers.Dense(10, activation="softmax")])


def train(kind: str, rate: float, seed: int, samples: int) -> tuple[float, float, float, float]:
    """(loss before, loss after, test accuracy, spread of the test predictions)."""
    import keras
    import numpy as np

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from calibrate_pixel_scale import images

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x, y = images(rng, samples)
    xt, yt = images(rng, 5_000)
    x, xt = x / 255.0, xt / 255.0
    net = model(keras, kind)
    net.compile(
        optimizer=keras.optimizers.Adadelta(learning_rate=rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    before = float(net.evaluate(x[:2000], y[:2000], verbose=0)[0])
    history = net.fit(x, y, epochs=EPOCHS, batch_size=BATCH, verbose=0)
    accuracy = float(net.evaluate(xt, yt, verbose=0)[1])
    spread = float(np.mean(np.std(net.predict(xt, verbose=0), axis=0)))
    return before, float(history.history["loss"][-1]), accuracy, spread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--cnn-samples", type=int, default=12_000)
    parser.add_argument("--only", choices=("mlp", "cnn"))
    parser.add_argument("--rates", type=float, nargs="+", default=RATES)
    args = parser.parse_args()
    for kind in ("mlp", "cnn"):
        if args.only not in (None, kind):
            continue
        samples = 60_000 if kind == "mlp" else args.cnn_samples
        steps = -(-samples // BATCH) * EPOCHS
        print(f"{kind}: {samples:,} images, {steps:,} steps of Adadelta", flush=True)
        spreads: dict[int, float] = {}
        for rate in args.rates:
            accuracies = []
            for seed in range(args.seeds):
                before, after, accuracy, spread = train(kind, rate, seed, samples)
                spreads.setdefault(seed, spread)  # the first rate's, 1.0 by default
                accuracies.append(accuracy)
                print(
                    f"  rate {rate:g} seed {seed}: loss {before:.2f} -> {after:.2f}, test "
                    f"accuracy {accuracy:.3f}, spread {spread:.4f} "
                    f"({spread / spreads[seed]:.2f} of rate {args.rates[0]:g}'s)",
                    flush=True,
                )
            print(f"  rate {rate:g}: median test accuracy {statistics.median(accuracies):.3f}")


if __name__ == "__main__":
    main()
