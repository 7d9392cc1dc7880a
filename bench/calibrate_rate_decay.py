"""Measure what DF102 claims of Keras 2's `decay=`: a large one stops training within steps.

    .venv/bin/python bench/calibrate_rate_decay.py [--seeds 3]

Keras 2's optimizers (standalone Keras 2, and tf.keras up to TensorFlow 2.10) divide the rate
by `1 + decay * iterations` at every batch. Keras 3 ignores the argument, so the decay is
applied here with `InverseTimeDecay(rate, decay_steps=1, decay_rate=decay)`, the same formula.
Two trainings, each with Adam at 1e-3 and with SGD at 0.01 (momentum 0.9), for each decay:

- `mlp`: a 10-class classifier (20 features of 10 Gaussian blobs, 2,000 samples, Dense(64,
  relu), Dense(10, softmax)), 20 epochs of batch 32 (1,260 steps);
- `rnn`: a next-character model on text drawn from a random Markov chain over 20 characters
  (1,500 windows of 10, GRU(32), Dense(20, softmax)), 20 epochs of batch 32 (940 steps): the
  char-RNN shape in which a held-out reader met `Adam(lr=0.001, decay=0.5)`.

Prints, per seed: the loss at the start (the untrained model's), at the end, and the end
loss of the same training without decay; and the spread of the predictions across samples
(the mean over classes of their standard deviation) against that of the training without
decay. The untrained-model loss of a 10- or 20-way softmax is about ln 10 = 2.30 and ln 20 =
3.00; a model that only learnt the classes' frequencies ends near the entropy of that
frequency.
"""

from __future__ import annotations

import argparse
import os
import statistics
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

DECAYS = (0.0, 1e-4, 1e-3, 1e-2, 0.1, 0.5, 1.0)
EPOCHS = 20


def data(task: str, seed: int) -> tuple[Any, Any, int]:
    import numpy as np

    rng = np.random.default_rng(seed)
    if task == "mlp":
        centres = rng.normal(scale=2.0, size=(10, 20))
        labels = rng.integers(0, 10, size=2000)
        x = centres[labels] + rng.normal(size=(2000, 20))
        return x.astype("float32"), labels, 10
    # Text from a Markov chain whose next character depends on the last one.
    chain = rng.dirichlet(np.full(20, 0.3), size=20)
    text = [0]
    for _ in range(1500 + 10):
        text.append(int(rng.choice(20, p=chain[text[-1]])))
    windows = np.array([text[i : i + 10] for i in range(1500)])
    x = np.eye(20, dtype="float32")[windows]
    y = np.array([text[i + 10] for i in range(1500)])
    return x, y, 20


def model(keras: Any, task: str, classes: int) -> Any:
    layers = keras.layers
    if task == "mlp":
        body = [keras.Input((20,)), layers.Dense(64, activation="relu")]
    else:
        body = [keras.Input((10, 20)), layers.GRU(32)]
    return keras.Sequential([*body, layers.Dense(classes, activation="softmax")])


def train(task: str, optimizer: str, decay: float, seed: int) -> tuple[float, float, float]:
    """(loss at the start, loss at the end, spread of the predictions at the end)."""
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    x, y, classes = data(task, seed)
    net = model(keras, task, classes)
    rate: Any = 1e-3 if optimizer == "adam" else 1e-2
    if decay:
        rate = keras.optimizers.schedules.InverseTimeDecay(rate, 1, decay)
    opt = (
        keras.optimizers.Adam(rate)
        if optimizer == "adam"
        else keras.optimizers.SGD(rate, momentum=0.9)
    )
    net.compile(optimizer=opt, loss="sparse_categorical_crossentropy")
    start = float(net.evaluate(x, y, verbose=0))
    net.fit(x, y, epochs=EPOCHS, batch_size=32, verbose=0)
    end = float(net.evaluate(x, y, verbose=0))
    spread = float(np.mean(np.std(net.predict(x, verbose=0), axis=0)))
    return start, end, spread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    for task in ("mlp", "rnn"):
        for optimizer in ("adam", "sgd"):
            print(f"{task}, {optimizer}: decay, loss start -> end (no decay), spread (no decay)")
            plain = [train(task, optimizer, 0.0, seed) for seed in range(args.seeds)]
            for decay in DECAYS[1:]:
                runs = [train(task, optimizer, decay, seed) for seed in range(args.seeds)]
                for seed, ((start, end, spread), (_, end0, spread0)) in enumerate(
                    zip(runs, plain, strict=True)
                ):
                    print(
                        f"  {decay:g} seed {seed}: {start:.2f} -> {end:.2f} ({end0:.2f}), "
                        f"{spread:.4f} ({spread0:.4f})"
                    )
                ends = [end for _, end, _ in runs]
                print(f"  {decay:g} median end loss {statistics.median(ends):.2f}")


if __name__ == "__main__":
    main()
