"""Re-measure what a batch generator that resets numpy's global random generator to a constant
on every batch does to training, beside the same generator without the reset.

    .venv/bin/python bench/calibrate_reseed.py [--seeds 5] [--epochs 15]

A 4-class classifier (20 features, a 64-unit ReLU layer, a softmax of four units, Adam 1e-3)
trained with fit() from a Python generator that draws each batch of 32 from 2000 training
samples with `np.random.choice` and adds Gaussian noise as augmentation (100 steps per epoch);
the class is the quadrant of (x0 + x1, x2 - x3). Three generators:

- no reset: the generator as it should be.
- reset per batch: `np.random.seed(constant)` at the top of the generator's loop.
- reset per sample: the samples are drawn one at a time and each goes through an augmentation
  function called with `seed=constant`, which runs `np.random.seed(seed)` (the shape of the
  Gleason-grading bug, bench/buggy/58).
- reset before noise: the generator walks through one shuffled order of the samples (drawn
  before its loop) and resets the generator before each batch's noise: only the augmentation
  repeats (DF304's info case).

Prints, per generator, on each seed: how many distinct training samples the generator gave,
the last epoch's training accuracy, accuracy on 1000 held-out samples, and the share of
held-out predictions that go to the most frequent class (1.00: one class for everything).
DF304 cites these figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# Keras notes that fit()'s shuffle does not apply to a generator: these draw their own batches.
warnings.filterwarnings("ignore", message=".*shuffle=True.*")

BATCH = 32
STEPS = 100
TRAIN = 2000
HELD_OUT = 1000


def data(seed: int):  # type: ignore[no-untyped-def]
    import numpy as np

    rng = np.random.default_rng(seed)
    x = rng.normal(size=(TRAIN + HELD_OUT, 20)).astype("float32")
    y = 2 * (x[:, 0] + x[:, 1] > 0) + (x[:, 2] - x[:, 3] > 0)
    return x[:TRAIN], y[:TRAIN], x[TRAIN:], y[TRAIN:]


def run(seed: int, variant: str, epochs: int) -> tuple[int, float, float, float]:
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    x, y, x_test, y_test = data(seed)
    constant = 1000 + seed
    seen: set[int] = set()

    def augment(sample, seed=None):  # type: ignore[no-untyped-def]
        if seed is not None:
            np.random.seed(seed)
        return sample + np.random.normal(0.0, 0.1, sample.shape).astype("float32")

    order = np.random.permutation(TRAIN)

    def batches():  # type: ignore[no-untyped-def]
        start = 0
        while True:
            if variant == "reset per batch":
                np.random.seed(constant)
            if variant == "reset per sample":
                idx = []
                rows = []
                for _ in range(BATCH):
                    i = int(np.random.choice(TRAIN))
                    idx.append(i)
                    rows.append(augment(x[i], seed=constant))
                xb = np.stack(rows)
            elif variant == "reset before noise":
                idx = [int(order[(start + k) % TRAIN]) for k in range(BATCH)]
                start = (start + BATCH) % TRAIN
                np.random.seed(constant)
                xb = x[idx] + np.random.normal(0.0, 0.1, (BATCH, 20)).astype("float32")
            else:
                idx = list(np.random.choice(TRAIN, BATCH))
                xb = x[idx] + np.random.normal(0.0, 0.1, (BATCH, 20)).astype("float32")
            seen.update(int(i) for i in idx)
            yield xb, y[idx]

    model = keras.Sequential(
        [
            keras.Input((20,)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(4, activation="softmax"),
        ]
    )
    model.compile(
        keras.optimizers.Adam(1e-3), "sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    history = model.fit(batches(), steps_per_epoch=STEPS, epochs=epochs, verbose=0)
    predicted = np.argmax(model.predict(x_test, verbose=0), axis=1)
    accuracy = float(np.mean(predicted == y_test))
    top_share = float(np.bincount(predicted, minlength=4).max() / len(predicted))
    return len(seen), float(history.history["accuracy"][-1]), accuracy, top_share


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--only", help="comma-separated variants to run (default: all)")
    args = parser.parse_args()
    variants = ("no reset", "reset per batch", "reset per sample", "reset before noise")
    if args.only:
        variants = tuple(v for v in variants if v in args.only.split(","))
    for variant in variants:
        rows = [run(seed, variant, args.epochs) for seed in range(args.seeds)]
        for seed, (distinct, train_acc, test_acc, share) in enumerate(rows):
            print(
                f"{variant:18} seed {seed}: {distinct:4d} distinct samples, train accuracy "
                f"{train_acc:.2f}, held-out accuracy {test_acc:.2f}, top class {share:.2f}"
            )
        accuracies = [r[2] for r in rows]
        print(
            f"{variant:18} held-out accuracy {min(accuracies):.2f}-{max(accuracies):.2f} "
            f"(median {statistics.median(accuracies):.2f}); distinct samples "
            f"{min(r[0] for r in rows)}-{max(r[0] for r in rows)}; one class for 95%+ of the "
            f"held-out set on {sum(r[3] >= 0.95 for r in rows)}/{len(rows)} seeds"
        )


if __name__ == "__main__":
    main()
