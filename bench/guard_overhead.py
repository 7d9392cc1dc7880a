"""How much time does the guard add to a realistic training?

    .venv/bin/python bench/guard_overhead.py [--epochs 5] [--repeats 1] [--samples 60000]

MNIST-sized data (60,000 28x28 images, 10 classes; synthetic: class templates plus noise, since
the machine has no network to download MNIST), a small CNN and an MLP, `fit()` for --epochs with
batch size 32. Each model is trained from the same initial weights without and with the guard,
alternately (--repeats pairs, the order swapped each time), so load on the machine falls on
both. Prints, per model, the wall-clock ratio (guarded / unguarded - 1) and the guard's own
measured time over the guarded training's time; the target is 3%.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
from defib.keras import Guard

TARGET = 0.03


def mnist_like(samples: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Images of 10 classes: a fixed random template per class, shifted and noised."""
    rng = np.random.default_rng(seed)
    templates = rng.random((10, 28, 28)).astype("float32")
    labels = rng.integers(0, 10, samples)
    images = templates[labels] + 0.5 * rng.standard_normal((samples, 28, 28)).astype("float32")
    return np.clip(images, 0.0, 1.0)[..., None], labels.astype("int64")


def cnn() -> keras.Model:
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(16, 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Conv2D(32, 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Flatten(),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def mlp() -> keras.Model:
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def train(
    build: object,
    weights: list[np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    epochs: int,
    guard: Guard | None,
) -> float:
    keras.utils.set_random_seed(0)
    model = build()  # type: ignore[operator]
    model.set_weights(weights)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    callbacks = [guard] if guard is not None else []
    started = time.perf_counter()
    model.fit(x, y, epochs=epochs, batch_size=32, verbose=0, callbacks=callbacks)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--samples", type=int, default=60_000)
    args = parser.parse_args()
    x, y = mnist_like(args.samples)
    rows = np.random.default_rng(1).permutation(len(x))[:256]
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, build in (("cnn", cnn), ("mlp", mlp)):
        keras.utils.set_random_seed(0)
        weights = build().get_weights()
        train(build, weights, x[:2048], y[:2048], 1, None)  # warm TensorFlow's kernels
        plain: list[float] = []
        guarded: list[float] = []
        own: list[float] = []
        for repeat in range(args.repeats):
            order = (False, True) if repeat % 2 == 0 else (True, False)
            for with_guard in order:
                guard = Guard(x[rows], y[rows]) if with_guard else None
                seconds = train(build, weights, x, y, args.epochs, guard)
                if guard is not None:
                    guarded.append(seconds)
                    own.append(guard.seconds / seconds)
                    looks = guard.looks
                else:
                    plain.append(seconds)
        wall = statistics.median(guarded) / statistics.median(plain) - 1.0
        print(
            f"{name}: {args.epochs} epochs on {len(x)} samples: {statistics.median(plain):.1f} s"
            f" without the guard, {statistics.median(guarded):.1f} s with ({looks} looks);"
            f" wall-clock overhead {wall:+.1%}, the guard's own time {statistics.median(own):.2%}"
            f" (target <= {TARGET:.0%})"
        )
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
