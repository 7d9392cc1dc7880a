"""What dividing class ids like pixels (`y_train = y_train / 255.0`) does to a classifier.

    .venv/bin/python bench/calibrate_divided_labels.py [--seeds 3] [--epochs 3]

The data: 3,000 synthetic 28x28 images of 10 classes (each class a pattern of its own plus
noise, so the classes can be told apart), pixels scaled to [0, 1]. A 128-unit ReLU MLP with a
softmax output trains on the class ids as they are and divided by 255, through
`to_categorical(y, 10)` with categorical cross-entropy and as they are with sparse categorical
cross-entropy. Prints, per run, the held-out accuracy and the share of held-out images
predicted as class 0. DF411's docs cite these figures.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def run(seed: int, divided: bool, loss: str, epochs: int) -> tuple[float, float]:
    import keras
    import numpy as np

    rng = np.random.default_rng(seed)
    keras.utils.set_random_seed(seed)
    patterns = rng.uniform(0, 1, size=(10, 28, 28))
    y = rng.integers(0, 10, size=4000)
    x = np.clip(patterns[y] * 0.6 + rng.normal(0, 0.25, size=(4000, 28, 28)), 0, 1)
    x = x.reshape(-1, 784).astype("float32")
    labels = y / 255.0 if divided else y
    if loss == "categorical_crossentropy":
        labels = keras.utils.to_categorical(labels, 10)
    model = keras.Sequential(
        [
            keras.Input((784,)),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    model.fit(x[:3000], labels[:3000], epochs=epochs, batch_size=32, verbose=0)
    predicted = model.predict(x[3000:], verbose=0).argmax(axis=1)
    return float((predicted == y[3000:]).mean()), float((predicted == 0).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    for loss in ("categorical_crossentropy", "sparse_categorical_crossentropy"):
        for divided in (False, True):
            runs = [run(s, divided, loss, args.epochs) for s in range(args.seeds)]
            print(
                f"{loss:32} ids {'/ 255' if divided else 'as is':6} "
                + "  ".join(f"accuracy {a:.3f} class-0 share {z:.3f}" for a, z in runs),
                flush=True,
            )


if __name__ == "__main__":
    main()
