"""Validation (or test) inputs left on their raw scale while the training inputs were scaled.

    .venv/bin/python bench/calibrate_validation_scale.py [--seeds 3] [--epochs 30]

scikit-learn's bundled tables (wine: 13 features up to 1,680; digits: 64 pixels in 0-16;
breast cancer: 30 features up to 4,254) split into a training and a held-out quarter. The
training quarter is scaled one of two ways, standardised with its own mean and deviation or
divided by its largest value (as images are divided by 255), and a small MLP (32 and 16 ReLU
units, softmax or one sigmoid unit, Adam at 0.001, batches of 32) trains on it. The held-out
rows are then given to the model twice: scaled the same way, and raw, as a notebook that
scales `X_train` and forgets `X_test` passes them to `validation_data=` and `evaluate()`.
Prints, per table, scaling and seed, the held-out accuracy and the share of held-out rows
predicted as the most common predicted class, both ways. DF311 cites these figures.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

TABLES = ("wine", "digits", "breast_cancer")
SCALINGS = ("standardised", "divided by max")


def run(seed: int, table: str, scaling: str, epochs: int) -> tuple[float, float, float, float]:
    """(accuracy scaled, top-class share scaled, accuracy raw, top-class share raw)."""
    import keras
    import numpy as np
    from sklearn import datasets
    from sklearn.model_selection import train_test_split

    keras.utils.set_random_seed(seed)
    x, y = getattr(datasets, f"load_{table}")(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(
        x.astype("float32"), y, test_size=0.25, random_state=seed, stratify=y
    )
    if scaling == "standardised":
        mean, std = x_train.mean(axis=0), x_train.std(axis=0) + 1e-7

        def scale(a: np.ndarray) -> np.ndarray:
            return (a - mean) / std
    else:
        top = x_train.max()

        def scale(a: np.ndarray) -> np.ndarray:
            return a / top

    classes = int(y.max()) + 1
    binary = classes == 2
    model = keras.Sequential(
        [
            keras.Input((x.shape[1],)),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid")
            if binary
            else keras.layers.Dense(classes, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss="binary_crossentropy" if binary else "sparse_categorical_crossentropy",
    )
    model.fit(scale(x_train), y_train, epochs=epochs, batch_size=32, verbose=0)

    def judged(inputs: np.ndarray) -> tuple[float, float]:
        out = model.predict(inputs, verbose=0)
        guess = (out[:, 0] > 0.5).astype(int) if binary else out.argmax(axis=1)
        top_share = float(np.bincount(guess).max() / len(guess))
        return float(np.mean(guess == y_test)), top_share

    return (*judged(scale(x_test)), *judged(x_test))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=30)
    args = parser.parse_args()
    print(f"{'table':14} {'training inputs':16} seed  scaled: acc  top class   raw: acc  top class")
    for table in TABLES:
        for scaling in SCALINGS:
            for seed in range(args.seeds):
                acc, top, raw_acc, raw_top = run(seed, table, scaling, args.epochs)
                print(
                    f"{table:14} {scaling:16} {seed:>4}  {acc:>11.2f}  {top:>9.2f}"
                    f"  {raw_acc:>9.2f}  {raw_top:>9.2f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
