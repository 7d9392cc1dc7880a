"""What a cross-entropy makes of a tanh output, whose values go negative.

    .venv/bin/python bench/calibrate_tanh_output.py [--seeds 5] [--epochs 20]

3,000 samples of 16 features around 10 class centres (spread 1.5, unit noise), 2,400 to train
on; Dense(64, relu), then a 10-unit output under Adam, batches of 32. Prints the held-out
accuracy per seed (chance 0.10) of a tanh output under categorical and under sparse
categorical cross-entropy, beside a softmax output under categorical cross-entropy. Keras's
categorical loss divides the outputs by their sum before it clips them, the sparse one clips
them first: with tanh outputs the sum can be near zero or negative. DF404 cites these figures.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

SETTINGS = (
    ("tanh", "categorical_crossentropy"),
    ("tanh", "sparse_categorical_crossentropy"),
    ("softmax", "categorical_crossentropy"),
)


def run(seed: int, activation: str, loss: str, epochs: int) -> float:
    import keras
    import numpy as np

    rng = np.random.default_rng(seed)
    keras.utils.set_random_seed(seed)
    centres = rng.normal(size=(10, 16)) * 1.5
    y = rng.integers(0, 10, 3000)
    x = (centres[y] + rng.normal(size=(3000, 16))).astype("float32")
    targets = y if loss.startswith("sparse") else keras.utils.to_categorical(y, 10)
    model = keras.Sequential(
        [
            keras.Input((16,)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(10, activation=activation),
        ]
    )
    model.compile(optimizer="adam", loss=loss)
    model.fit(x[:2400], targets[:2400], epochs=epochs, batch_size=32, verbose=0)
    predicted = model.predict(x[2400:], verbose=0).argmax(axis=1)
    return float((predicted == y[2400:]).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=20)
    args = parser.parse_args()
    for activation, loss in SETTINGS:
        accuracies = [run(seed, activation, loss, args.epochs) for seed in range(args.seeds)]
        shown = ", ".join(f"{a:.3f}" for a in accuracies)
        print(f"{activation:8} output, {loss:32}: held-out accuracy {shown}", flush=True)


if __name__ == "__main__":
    main()
