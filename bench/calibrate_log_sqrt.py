"""Re-measure how often a hand-written loss or distance that takes `log` of a probability, or
`sqrt` of a sum of squares, with no floor turns training to NaN, beside the same code with the
floor Keras's own losses use (`K.epsilon()`).

    .venv/bin/python bench/calibrate_log_sqrt.py [--seeds 5] [--epochs 20] [--only softplus]

- log: a binary classifier (20 features, a 64-unit ReLU layer, one sigmoid unit) trained with a
  hand-written cross-entropy `-mean(y log p + (1 - y) log(1 - p))` on separable data (Adam,
  learning rate 0.01): bare, and with `p` clipped to [eps, 1 - eps].
- softmax log: the same with ten classes (the largest of the first ten features), one-hot
  labels, a softmax of ten units and a hand-written `-sum(y log p)`: bare, and clipped.
- sqrt: a siamese network (two 16x16 inputs, one shared 64-32 ReLU encoder) trained with the
  contrastive loss on the Euclidean distance `sqrt(sum(square(a - b), axis=1))` of its two
  embeddings; pairs are drawn from 200 images, so as in real pair lists some pairs hold one
  image twice: bare, and with the sum floored at eps. (TensorFlow gives a 0 gradient at a
  distance of 0 where the loss's own gradient is 0, as for those same-class pairs: only a
  distance of 0 the loss pushes apart turns NaN.)
- density sqrt: a crowd-counting shape (16x16 images, a ReLU convolution, a one-channel
  output) trained on density maps that are 0 but on 5% of pixels, with the per-pixel
  `sqrt(sum(square(y_pred - y_true), axis=-1))` of CSRNet ports, under a ReLU output and a
  linear one: bare, and with the sum floored at eps.
- softplus: a classifier of 784-pixel images (two 128-unit hidden layers whose activation is a
  hand-written `log(1 + exp(z))`, ten softmax units, Adam) on pixels scaled to [0, 1] and on
  raw 0-255 pixels: bare, and with `softplus(z)` (the same function, computed without `exp`
  overflowing), whose "floor" is the stable form.

Prints, per variant, on how many seeds the loss became NaN and the median epoch it did.
DF701 cites these figures.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def first_nan(history: list[float]) -> int | None:
    """The 1-based epoch whose loss was first not finite, or None."""
    for epoch, value in enumerate(history, start=1):
        if not math.isfinite(value):
            return epoch
    return None


def log_run(seed: int, floor: bool, epochs: int, classes: int = 1) -> int | None:
    """A hand-written cross-entropy: binary on one sigmoid unit, or categorical on a softmax
    of `classes` units."""
    import keras
    import numpy as np
    from keras import ops

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(2000, 20)).astype("float32")
    if classes == 1:
        y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype("float32")[:, None]
    else:
        y = keras.utils.to_categorical(np.argmax(x[:, :classes], axis=1), classes)
    eps = keras.config.epsilon()

    def cross_entropy(y_true, y_pred):
        p = ops.clip(y_pred, eps, 1 - eps) if floor else y_pred
        if classes == 1:
            return -ops.mean(y_true * ops.log(p) + (1 - y_true) * ops.log(1 - p))
        return -ops.mean(ops.sum(y_true * ops.log(p), axis=-1))

    model = keras.Sequential(
        [
            keras.Input((20,)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(classes, activation="sigmoid" if classes == 1 else "softmax"),
        ]
    )
    model.compile(keras.optimizers.Adam(0.01), cross_entropy)
    history = model.fit(x, y, epochs=epochs, batch_size=32, verbose=0)
    return first_nan(history.history["loss"])


def softmax_log_run(seed: int, floor: bool, epochs: int) -> int | None:
    return log_run(seed, floor, epochs, classes=10)


def sqrt_run(seed: int, floor: bool, epochs: int) -> int | None:
    import keras
    import numpy as np
    from keras import ops

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    images = rng.uniform(size=(200, 256)).astype("float32")
    classes = rng.integers(0, 10, 200)
    first, second = rng.integers(0, 200, 4000), rng.integers(0, 200, 4000)
    same = (classes[first] == classes[second]).astype("float32")
    eps = keras.config.epsilon()

    def distance(pair):
        a, b = pair
        squares = ops.sum(ops.square(a - b), axis=1, keepdims=True)
        return ops.sqrt(ops.maximum(squares, eps) if floor else squares)

    def contrastive(y_true, d):
        return ops.mean(y_true * ops.square(d) + (1 - y_true) * ops.square(ops.maximum(1 - d, 0)))

    encoder = keras.Sequential(
        [
            keras.Input((256,)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(32, activation="relu"),
        ]
    )
    left, right = keras.Input((256,)), keras.Input((256,))
    d = keras.layers.Lambda(distance, output_shape=(1,))([encoder(left), encoder(right)])
    model = keras.Model([left, right], d)
    model.compile(keras.optimizers.RMSprop(), contrastive)
    history = model.fit(
        [images[first], images[second]], same, epochs=epochs, batch_size=128, verbose=0
    )
    return first_nan(history.history["loss"])


def density_run(seed: int, floor: bool, epochs: int, output: str = "relu") -> int | None:
    import keras
    import numpy as np
    from keras import ops

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    images = rng.uniform(size=(256, 16, 16, 3)).astype("float32")
    # Density maps: 0 on the background, a small value on a few pixels (a person's head).
    maps = np.where(rng.uniform(size=(256, 16, 16, 1)) < 0.05, 0.1, 0.0).astype("float32")
    eps = keras.config.epsilon()

    def euclidean(y_true, y_pred):
        squares = ops.sum(ops.square(y_pred - y_true), axis=-1)
        return ops.sqrt(ops.maximum(squares, eps) if floor else squares)

    model = keras.Sequential(
        [
            keras.Input((16, 16, 3)),
            keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
            keras.layers.Conv2D(1, 1, activation=output),
        ]
    )
    model.compile(keras.optimizers.Adam(), euclidean)
    history = model.fit(images, maps, epochs=epochs, batch_size=16, verbose=0)
    return first_nan(history.history["loss"])


def linear_density_run(seed: int, floor: bool, epochs: int) -> int | None:
    return density_run(seed, floor, epochs, output="linear")


def softplus_run(seed: int, floor: bool, epochs: int, scale: float = 1.0) -> int | None:
    import keras
    import numpy as np
    from keras import ops

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x = rng.uniform(size=(2000, 784)).astype("float32")
    y = np.argmax(x[:, :10], axis=1)

    def activation(z):
        return ops.softplus(z) if floor else ops.log(1 + ops.exp(z))

    model = keras.Sequential(
        [
            keras.Input((784,)),
            keras.layers.Dense(128, activation=activation),
            keras.layers.Dense(128, activation=activation),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(keras.optimizers.Adam(), "sparse_categorical_crossentropy")
    history = model.fit(x * scale, y, epochs=epochs, batch_size=32, verbose=0)
    return first_nan(history.history["loss"])


def raw_softplus_run(seed: int, floor: bool, epochs: int) -> int | None:
    return softplus_run(seed, floor, epochs, scale=255.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument(
        "--only", help="run one variant: log, softmax log, sqrt, density sqrt, softplus"
    )
    args = parser.parse_args()
    runs = (
        ("log", log_run),
        ("softmax log", softmax_log_run),
        ("sqrt", sqrt_run),
        ("density sqrt, relu output", density_run),
        ("density sqrt, linear output", linear_density_run),
        ("softplus, scaled pixels", softplus_run),
        ("softplus, raw pixels", raw_softplus_run),
    )
    for name, run in runs:
        if args.only and not name.startswith(args.only):
            continue
        for floor in (False, True):
            epochs = [run(seed, floor, args.epochs) for seed in range(args.seeds)]
            nan = [e for e in epochs if e is not None]
            when = f", median epoch {statistics.median(nan):g}" if nan else ""
            label = "with the floor" if floor else "bare"
            print(f"{name} {label:15}: NaN on {len(nan)}/{args.seeds} seeds{when}")


if __name__ == "__main__":
    main()
