"""Whether a loss that reads its prediction only multiplied by 0 trains anything.

    .venv/bin/python bench/calibrate_loss_ignores_prediction.py [--seeds 3] [--epochs 10]

The model: 16 normal features, Dense(32, relu), Dense(8), Adam, batches of 32, 2,000 rows.
The losses: a pair loss computed from the labels alone plus `0 * y_pred` (the form of a real
speaker-embedding triplet loss that read `y_true` where the prediction was meant), and the
squared error as a control. Prints, per seed, how many of the model's 4 weight arrays changed
at all in training. DF503 cites these figures.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def changed_arrays(loss: Any, seed: int, epochs: int) -> int:
    import keras
    import numpy as np

    rng = np.random.default_rng(seed)
    x = rng.normal(size=(2000, 16)).astype("float32")
    y = rng.normal(size=(2000, 8)).astype("float32")
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [keras.Input((16,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(8)]
    )
    before = [w.copy() for w in model.get_weights()]
    model.compile(optimizer="adam", loss=loss)
    model.fit(x, y, epochs=epochs, batch_size=32, verbose=0)
    return sum(int(np.any(a != b)) for a, b in zip(before, model.get_weights(), strict=True))


def main() -> None:
    from keras import ops

    def pair_loss(y_true: Any, y_pred: Any) -> Any:
        anchor, other = y_true[:, :4], y_true[:, 4:]
        return ops.mean(ops.square(anchor - other)) + 0 * y_pred

    def squared_error(y_true: Any, y_pred: Any) -> Any:
        return ops.mean(ops.square(y_true - y_pred))

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args()
    for name, loss in (
        ("labels-only loss + 0 * y_pred", pair_loss),
        ("squared error", squared_error),
    ):
        changed = [changed_arrays(loss, seed, args.epochs) for seed in range(args.seeds)]
        print(f"{name}: weight arrays changed per seed (of 4): {changed}", flush=True)


if __name__ == "__main__":
    main()
