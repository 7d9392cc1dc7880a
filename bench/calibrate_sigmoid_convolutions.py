"""Do stacked sigmoid convolutions collapse under Adam, where sigmoid Dense stacks did not?

    .venv/bin/python bench/calibrate_sigmoid_convolutions.py [--seeds 5] [--epochs 10]

DF201 was calibrated on Dense stacks: under Adam four to eight sigmoid layers learnt slowly
but never ended constant. A held-out reader (71b) trained a copy of a hackathon's fruit
classifier, four sigmoid Conv2D layers then a Dense head, and saw one prediction for every
input on every run, scaled or not. This measures it on something reproducible.

The data: 28x28 one-channel images in [0, 1] of four classes (a bar in one of four
orientations, drawn at a random place and thickness, over noise), 4,000 to train on and
1,000 to test. The model: one to five Conv2D layers of 16 filters (3x3, same padding, each
followed by 2x2 max pooling while the image is larger than 4 pixels) with the activation
named, Flatten, Dense(32) with that activation, a 4-way softmax; sparse categorical
cross-entropy; Adam at its default rate; batches of 32. Prints per setting the test
accuracy per seed and how many classes the model predicts on the test set (1: a constant
output), and the count of constant outputs over the seeds.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

SIZE = 28
CLASSES = 4
SETTINGS = (
    ("sigmoid", 1),
    ("sigmoid", 2),
    ("sigmoid", 3),
    ("sigmoid", 4),
    ("sigmoid", 5),
    ("relu", 1),
    ("relu", 4),
)


def images(rng: Any, n: int) -> tuple[Any, Any]:
    import numpy as np

    labels = rng.integers(0, CLASSES, n)
    x = rng.uniform(0.0, 0.3, (n, SIZE, SIZE, 1)).astype("float32")
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    for i, label in enumerate(labels):
        centre = rng.integers(8, SIZE - 8, 2)
        width = rng.uniform(1.0, 2.5)
        dr, dc = rows - centre[0], cols - centre[1]
        # Distance to a line through the centre at 0, 45, 90 or 135 degrees.
        angle = np.pi * label / CLASSES
        distance = np.abs(dr * np.cos(angle) - dc * np.sin(angle))
        along = np.abs(dr * np.sin(angle) + dc * np.cos(angle))
        x[i, :, :, 0] += ((distance < width) & (along < 7)).astype("float32") * 0.7
    return np.clip(x, 0.0, 1.0), labels


def run(activation: str, depth: int, seed: int, epochs: int, data: Any) -> tuple[float, int]:
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    x, y, x_test, y_test = data
    layers: list[Any] = [keras.Input((SIZE, SIZE, 1))]
    size = SIZE
    for _ in range(depth):
        layers.append(keras.layers.Conv2D(16, 3, padding="same", activation=activation))
        if size > 4:
            layers.append(keras.layers.MaxPooling2D(2))
            size //= 2
    layers += [
        keras.layers.Flatten(),
        keras.layers.Dense(32, activation=activation),
        keras.layers.Dense(CLASSES, activation="softmax"),
    ]
    model = keras.Sequential(layers)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=32, epochs=epochs, verbose=0)
    predicted = model.predict(x_test, verbose=0).argmax(1)
    return float(np.mean(predicted == y_test)), len(set(predicted.tolist()))


def main() -> None:
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    data = (*images(rng, 4000), *images(rng, 1000))
    for activation, depth in SETTINGS:
        results = [run(activation, depth, seed, args.epochs, data) for seed in range(args.seeds)]
        shown = " ".join(f"{accuracy:.2f}/{classes}" for accuracy, classes in results)
        constant = sum(classes == 1 for _, classes in results)
        print(
            f"{activation} x {depth} conv: {shown}  (accuracy/classes predicted; "
            f"constant on {constant} of {len(results)})",
            flush=True,
        )


if __name__ == "__main__":
    main()
