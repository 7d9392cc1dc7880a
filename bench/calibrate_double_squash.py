"""A sigmoid output applied on top of another activation, against a sigmoid alone.

    .venv/bin/python bench/calibrate_double_squash.py [--seeds 3] [--epochs 20]

A binary classifier (10 standardised features, a label that a random linear map of them
decides, 1,024 training and 256 held-out rows; a 32-unit ReLU layer, then `Dense(1)` and the
head under test; Adam at 0.001, batches of 32, binary cross-entropy). The head is a sigmoid
alone (the control), or a ReLU, a sigmoid or a tanh followed by a second sigmoid. Prints,
per head and seed, the held-out outputs' smallest and largest value, the share of them at
exactly 0.5, the held-out accuracy at a 0.5 threshold (Keras's: above 0.5 is class 1) and the
final training loss. DF409 cites these figures.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

HEADS = ("sigmoid", "relu + sigmoid", "sigmoid + sigmoid", "tanh + sigmoid")


def run(seed: int, head: str, epochs: int) -> tuple[float, float, float, float, float]:
    """(smallest output, largest output, share at 0.5, accuracy, final loss)."""
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(1280, 10)).astype("float32")
    y = (x @ rng.normal(size=(10,)) > 0).astype("float32")
    layers: list[keras.layers.Layer] = [
        keras.Input((10,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1),
    ]
    layers += [keras.layers.Activation(name) for name in head.split(" + ")]
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(0.001), loss="binary_crossentropy")
    history = model.fit(x[:1024], y[:1024], epochs=epochs, batch_size=32, verbose=0)
    out = model.predict(x[1024:], verbose=0).ravel()
    accuracy = float(np.mean((out > 0.5) == (y[1024:] > 0.5)))
    return (
        float(out.min()),
        float(out.max()),
        float(np.mean(out == 0.5)),
        accuracy,
        float(history.history["loss"][-1]),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=20)
    args = parser.parse_args()
    print(
        f"{'head':18} {'seed':>4} {'min':>7} {'max':>7} {'at 0.5':>7} {'accuracy':>9} {'loss':>7}"
    )
    for head in HEADS:
        for seed in range(args.seeds):
            low, high, half, accuracy, loss = run(seed, head, args.epochs)
            print(
                f"{head:18} {seed:>4} {low:>7.3f} {high:>7.3f} {half:>7.2f} {accuracy:>9.3f} "
                f"{loss:>7.3f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
