"""How often a ReLU output unit of a regression dies, by what feeds it.

    .venv/bin/python bench/calibrate_relu_output.py [--seeds 10] [--epochs 20] [--feeders ...]

The data: 512 samples of 8 standardised features and a target made from them (a sum of a
linear and a quadratic term plus noise), either shifted to be non-negative (0 to about 20, as
counts and prices are) or standardised (centred on zero, half of it negative). Three networks
end in `Dense(1, activation="relu")` under the squared error and Adam, differing in what feeds
that unit:

- `relu stack`: Dense(32, relu), Dense(8, relu): its inputs are never negative (`relu stack
  64`: Dense(64, relu) in place of the 8 units);
- `tanh layer`: Dense(32, relu), Dense(8, tanh): its inputs take both signs;
- `LayerNorm`: Dense(32, relu), Dense(8, relu), LayerNormalization: centred on every sample;
- `sigmoid->linear`: Dense(32, relu), Dense(8, sigmoid), Dense(32) (linear): a linear layer
  whose own inputs are all positive (an autoencoder's sigmoid code), so each of its units keeps
  nearly one sign on every sample although the layer has no activation.

A run is dead when the output is 0 for every training input at the end (the unit's input
negative for all of them). Prints the dead runs per setting, and how many were dead at
initialisation already. DF402's severity cites these figures.

`embeddings N` is a collaborative filter's head: user and item ids (300 and 200 of them,
4,096 ratings made from hidden factors) into two `Embedding(n, 64)`s, concatenated into
`Dense(N, relu)`, then the `Dense(1, relu)` output; its targets are the ratings shifted to be
non-negative or standardised, as above.

A last setting is an image-to-image model (a denoising autoencoder: Conv2D(16, relu),
Conv2D(16, relu), then `Conv2D(1, activation="relu")`) on 512 16x16 images of blurred shapes
in [0, 1], noisy inputs and clean targets. An output channel is dead when it is 0 at every pixel
of every image; DF402 leaves a convolution's image output alone on these figures.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def network(keras: Any, feeder: str) -> Any:
    layers = keras.layers
    stack: list[Any] = [keras.Input((8,)), layers.Dense(32, activation="relu")]
    if feeder == "tanh layer":
        stack.append(layers.Dense(8, activation="tanh"))
    elif feeder == "sigmoid->linear":
        stack += [layers.Dense(8, activation="sigmoid"), layers.Dense(32)]
    else:  # "relu stack", or "relu stack 64" for a wider feeder
        width = int(feeder.rsplit(" ", 1)[1]) if feeder.startswith("relu stack ") else 8
        stack.append(layers.Dense(width, activation="relu"))
    if feeder == "LayerNorm":
        stack.append(layers.LayerNormalization())
    stack.append(layers.Dense(1, activation="relu"))
    return keras.Sequential(stack)


def run(seed: int, feeder: str, targets: str, epochs: int) -> tuple[bool, bool]:
    import keras
    import numpy as np

    rng = np.random.default_rng(seed)
    keras.utils.set_random_seed(seed)
    x = rng.normal(size=(512, 8)).astype("float32")
    y = x @ rng.normal(size=8) + 0.5 * (x[:, 0] * x[:, 1]) + 0.1 * rng.normal(size=512)
    y = (y - y.min()) if targets == "non-negative" else (y - y.mean()) / y.std()
    model = network(keras, feeder)
    dead_at_start = bool(np.all(model.predict(x, verbose=0) == 0.0))
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y.astype("float32")[:, None], epochs=epochs, batch_size=32, verbose=0)
    return dead_at_start, bool(np.all(model.predict(x, verbose=0) == 0.0))


def embedding_run(seed: int, width: int, targets: str, epochs: int) -> tuple[bool, bool]:
    import keras
    import numpy as np

    rng = np.random.default_rng(seed)
    keras.utils.set_random_seed(seed)
    users, items, samples = 300, 200, 4096
    u, i = rng.integers(0, users, samples), rng.integers(0, items, samples)
    y = (rng.normal(size=(users, 4))[u] * rng.normal(size=(items, 4))[i]).sum(1)
    y += 0.5 * rng.normal(size=samples)
    y = (y - y.min()) if targets == "non-negative" else (y - y.mean()) / y.std()
    ids = np.stack([u, i], 1).astype("int32")
    layers = keras.layers
    inputs = keras.Input((2,), dtype="int32")
    user = layers.Flatten()(layers.Embedding(users, 64)(inputs[:, :1]))
    item = layers.Flatten()(layers.Embedding(items, 64)(inputs[:, 1:]))
    hidden = layers.Dense(width, activation="relu")(layers.Concatenate()([user, item]))
    model = keras.Model(inputs, layers.Dense(1, activation="relu")(hidden))
    dead_at_start = bool(np.all(model.predict(ids, verbose=0) == 0.0))
    model.compile(optimizer="adam", loss="mse")
    model.fit(ids, y.astype("float32")[:, None], epochs=epochs, batch_size=64, verbose=0)
    return dead_at_start, bool(np.all(model.predict(ids, verbose=0) == 0.0))


def image_run(seed: int, epochs: int) -> tuple[bool, bool]:
    import keras
    import numpy as np

    rng = np.random.default_rng(seed)
    keras.utils.set_random_seed(seed)
    grid = np.stack(np.meshgrid(np.arange(16), np.arange(16), indexing="ij"), -1)
    centres = rng.uniform(3, 13, size=(512, 1, 1, 2))
    radii = rng.uniform(2, 5, size=(512, 1, 1))
    clean = (np.linalg.norm(grid[None] - centres, axis=-1) < radii).astype("float32")
    clean = (clean + np.roll(clean, 1, 1) + np.roll(clean, 1, 2)) / 3.0
    noisy = np.clip(clean + 0.2 * rng.normal(size=clean.shape), 0.0, 1.0).astype("float32")
    layers = keras.layers
    model = keras.Sequential(
        [
            keras.Input((16, 16, 1)),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Conv2D(1, 3, padding="same", activation="relu"),
        ]
    )
    dead_at_start = bool(np.all(model.predict(noisy[..., None], verbose=0) == 0.0))
    model.compile(optimizer="adam", loss="mse")
    model.fit(noisy[..., None], clean[..., None], epochs=epochs, batch_size=32, verbose=0)
    return dead_at_start, bool(np.all(model.predict(noisy[..., None], verbose=0) == 0.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument(
        "--feeders",
        default="relu stack,tanh layer,LayerNorm,sigmoid->linear",
        help="comma-separated settings to run ('embeddings 64' and the like as well), and no "
        "image model unless 'image' is named",
    )
    args = parser.parse_args()
    feeders = args.feeders.split(",")
    for targets in ("non-negative", "standardised"):
        for feeder in (name for name in feeders if name != "image"):
            runs = [
                embedding_run(seed, int(feeder.split()[1]), targets, args.epochs)
                if feeder.startswith("embeddings ")
                else run(seed, feeder, targets, args.epochs)
                for seed in range(args.seeds)
            ]
            dead = sum(end for _, end in runs)
            at_start = sum(start for start, _ in runs)
            print(
                f"{targets:13} targets, {feeder:10}: dead {dead}/{args.seeds} "
                f"(dead at initialisation {at_start}/{args.seeds})",
                flush=True,
            )
    if "image" not in feeders and args.feeders != parser.get_default("feeders"):
        return
    runs = [image_run(seed, args.epochs) for seed in range(args.seeds)]
    print(
        f"image targets, conv output: dead {sum(end for _, end in runs)}/{args.seeds} "
        f"(dead at initialisation {sum(start for start, _ in runs)}/{args.seeds})",
        flush=True,
    )


if __name__ == "__main__":
    main()
