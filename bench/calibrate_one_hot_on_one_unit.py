"""Measure what DF407 claims of one output unit trained with mse against one-hot labels.

    .venv/bin/python bench/calibrate_one_hot_on_one_unit.py [--seeds 2]

tf.keras 2 and Keras 3 broadcast a `(batch, 1)` output against `(batch, k)` one-hot labels under
mse, so each row's loss is lowest at the mean of its columns, 1/k, whatever the input. Three
Gaussian classes (8 features, 1,500 samples), labels one-hot by `to_categorical`; a Dense(32,
relu) layer, then Dense(1) (linear, mse) or Dense(3, softmax) (categorical cross-entropy), Adam,
20 and 60 epochs. Prints the mean prediction, its spread across samples, and how many classes
the argmax of the output picks.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main() -> None:
    import keras
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=2)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(3, 8)) * 2
    y = rng.integers(0, 3, 1500)
    x = (centres[y] + rng.normal(size=(1500, 8))).astype("float32")
    labels = keras.utils.to_categorical(y, 3)
    for units, loss in ((1, "mse"), (3, "categorical_crossentropy")):
        for seed in range(args.seeds):
            for epochs in (20, 60):
                keras.utils.set_random_seed(seed)
                model = keras.Sequential(
                    [
                        keras.Input((8,)),
                        keras.layers.Dense(32, activation="relu"),
                        keras.layers.Dense(units, activation="softmax" if units > 1 else None),
                    ]
                )
                model.compile(optimizer="adam", loss=loss)
                model.fit(x, labels, epochs=epochs, verbose=0)
                prediction = model.predict(x, verbose=0)
                picked = len(set(np.argmax(prediction, axis=1).tolist()))
                print(
                    f"Dense({units}) {loss}, seed {seed}, {epochs} epochs: mean "
                    f"{prediction.mean():.3f}, spread {prediction.std(axis=0).mean():.4f}, "
                    f"argmax picks {picked} of 3 classes",
                    flush=True,
                )


if __name__ == "__main__":
    main()
