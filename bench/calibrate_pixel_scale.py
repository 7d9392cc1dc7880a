"""What raw 0-255 pixels cost a CNN, with and without a BatchNormalization (or a Rescaling)
right after its first convolution.

    .venv/bin/python bench/calibrate_pixel_scale.py [--seeds 3] [--epochs 8] [--kinds ...]

The data: 16x16 grayscale images of ten classes, each a bright bar (150-255) of one of ten
orientation-and-place patterns, moved by up to two pixels, on a noisy background (0-100),
stored as 0-255 values as image files give them; 2,000 to train on, 500 to test. Three small
CNNs (two 3x3 convolutions with max pooling, a 10-way softmax) train on the raw pixels and on
the pixels divided by 255, under Adam and under SGD(0.01, momentum 0.9):

- `conv-relu`: no normalisation;
- `conv-relu-BN`: a BatchNormalization right after each ReLU convolution;
- `conv-BN-relu`: each convolution linear, then BatchNormalization, then ReLU;
- `conv-relu-rescale`: a `Rescaling(1/255)` right after the first ReLU convolution, the
  pixels' division moved one layer in;
- `conv-conv-BN`: the first convolution linear and followed by a second linear one before
  the first BatchNormalization (a ResNet stem's path).

A BatchNormalization right after the first convolution divides by the spread of what it
receives, so a factor on the input (255) cancels from its output and from the gradient of the
convolution's kernel; only the convolution's bias, now 255 times smaller beside the kernel's
term, still feels it. Prints per setting the test accuracy per seed and the output's spread
across test inputs (a constant output has spread 0). DF301's exemption of such models cites
these figures.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

SIZE = 16


def images(rng: Any, n: int) -> tuple[Any, Any]:
    import numpy as np

    labels = rng.integers(0, 10, size=n)
    x = rng.uniform(0, 100, size=(n, SIZE, SIZE))
    for i, label in enumerate(labels):
        dy, dx = rng.integers(-2, 3, size=2)
        bar = rng.uniform(150, 255)
        if label < 5:  # a horizontal bar in one of five rows
            row = 2 + 3 * label + dy
            x[i, max(row, 0) : row + 2, 3 + dx : 13 + dx] = bar
        else:  # a vertical bar in one of five columns
            col = 2 + 3 * (label - 5) + dx
            x[i, 3 + dy : 13 + dy, max(col, 0) : col + 2] = bar
    return np.round(x).astype("float32")[..., None], labels.astype("int64")


def model(keras: Any, kind: str) -> Any:
    layers = keras.layers
    stack: list[Any] = [keras.Input((SIZE, SIZE, 1))]
    if kind == "conv-conv-BN":
        stack.append(layers.Conv2D(16, 3, padding="same"))
        kind = "conv-BN-relu"
    for filters in (16, 32):
        if kind == "conv-relu-rescale":
            stack.append(layers.Conv2D(filters, 3, padding="same", activation="relu"))
            if filters == 16:
                stack.append(layers.Rescaling(1 / 255))
        elif kind == "conv-relu":
            stack.append(layers.Conv2D(filters, 3, padding="same", activation="relu"))
        elif kind == "conv-relu-BN":
            stack.append(layers.Conv2D(filters, 3, padding="same", activation="relu"))
            stack.append(layers.BatchNormalization())
        else:
            stack.append(layers.Conv2D(filters, 3, padding="same"))
            stack.append(layers.BatchNormalization())
            stack.append(layers.Activation("relu"))
        stack.append(layers.MaxPooling2D())
    stack += [layers.Flatten(), layers.Dense(10, activation="softmax")]
    return keras.Sequential(stack)


def train(seed: int, kind: str, optimizer: str, scaled: bool, epochs: int) -> tuple[float, float]:
    import keras
    import numpy as np

    rng = np.random.default_rng(seed)
    keras.utils.set_random_seed(seed)
    x, y = images(rng, 2500)
    if scaled:
        x = x / 255.0
    net = model(keras, kind)
    opt = keras.optimizers.Adam() if optimizer == "Adam" else keras.optimizers.SGD(0.01, 0.9)
    net.compile(optimizer=opt, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    net.fit(x[:2000], y[:2000], epochs=epochs, batch_size=32, verbose=0)
    out = net.predict(x[2000:], verbose=0)
    accuracy = float(np.mean(out.argmax(1) == y[2000:]))
    return accuracy, float(out.std(axis=0).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument(
        "--kinds",
        nargs="+",
        default=["conv-relu", "conv-relu-BN", "conv-BN-relu", "conv-relu-rescale", "conv-conv-BN"],
    )
    args = parser.parse_args()
    for kind in args.kinds:
        for optimizer in ("Adam", "SGD(0.01, momentum 0.9)"):
            for scaled in (False, True):
                runs = [
                    train(seed, kind, optimizer, scaled, args.epochs) for seed in range(args.seeds)
                ]
                accuracies = " ".join(f"{a:.2f}" for a, _ in runs)
                spreads = " ".join(f"{s:.1e}" for _, s in runs)
                pixels = "/255" if scaled else "raw "
                print(
                    f"{kind:13} {optimizer:24} {pixels}  test accuracy {accuracies}  "
                    f"output spread {spreads}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
