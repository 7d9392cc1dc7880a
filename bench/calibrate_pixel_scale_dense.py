"""What raw 0-255 pixels cost a small dense classifier under Adam (DF301).

    .venv/bin/python bench/calibrate_pixel_scale_dense.py [--seeds 3] [--epochs 5]

scikit-learn's 8x8 digits (values 0-16) stretched to 0-255, 1,400 rows to train and 397 held
out; Dense(128, relu) and Dense(10, softmax), Adam at its default rate, batches of
32. Prints the held-out accuracy per seed on the raw pixels and on the pixels divided by 255.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def accuracy(divisor: float, seed: int, epochs: int) -> float:
    import keras
    import numpy as np
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    x = (x * 255.0 / 16.0).astype("float32") / divisor
    order = np.random.default_rng(0).permutation(len(x))
    x, y = x[order], y[order]
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input((64,)),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x[:1400], y[:1400], epochs=epochs, batch_size=32, verbose=0)
    return float(model.evaluate(x[1400:], y[1400:], verbose=0)[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=5)
    args = parser.parse_args()
    for divisor, name in ((1.0, "raw 0-255 pixels"), (255.0, "pixels / 255")):
        found = [accuracy(divisor, seed, args.epochs) for seed in range(args.seeds)]
        print(f"{name}: held-out accuracy per seed {', '.join(f'{a:.3f}' for a in found)}")


if __name__ == "__main__":
    main()
