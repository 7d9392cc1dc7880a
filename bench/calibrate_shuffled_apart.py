"""Measure what training does when features and labels are shuffled apart (DF305): the
features reordered by a shuffle in place and the labels left in their order, or each shuffled
on its own, against the two shuffled together.

    .venv/bin/python bench/calibrate_shuffled_apart.py [--seeds 5] [--epochs 5]

The data: 20 features drawn from a normal distribution; the label of a row is the largest of
`classes` random linear scores of its features (a problem the model learns to 0.9 and more).
Problems: two balanced classes, two classes at 80/20, ten classes; 10,000 training rows, 2,000
held out. The model: Dense(64, relu) then a softmax over the classes, Adam at its default rate,
batches of 32, sparse categorical cross-entropy. Variants: `together` (one permutation applied
to both), `features alone` (`np.random.shuffle(x)`; the labels keep their order), `each on its
own` (`np.random.shuffle(x)` then `np.random.shuffle(y)`).

Prints, per problem and variant, the median held-out accuracy over the seeds, the median share
of held-out rows predicted as the most predicted class, and the median spread (standard
deviation over held-out rows) of the predicted probability of the most common class, as a
fraction of the spread the `together` model reaches on the same seed: how far the output has
gone constant. DF305 cites these figures.
"""

from __future__ import annotations

import argparse
import os
import statistics

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

ROWS, TEST, FEATURES = 10000, 2000, 20
# (name, classes, share of class 0 or None for the linear scores' own balance)
PROBLEMS = (("2 classes", 2, None), ("2 classes, 80/20", 2, 0.8), ("10 classes", 10, None))
VARIANTS = ("together", "features alone", "each on its own")


def run(seed: int, classes: int, major: float | None, variant: str, epochs: int):
    """Held-out accuracy, top class share, and the spread of the top class's probability."""
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    weights = rng.normal(size=(FEATURES, classes))

    def draw(count: int):
        x = rng.normal(size=(count, FEATURES)).astype("float32")
        scores = x @ weights
        if major is not None:  # shift the boundary so that `major` of the rows are class 0
            margin = scores[:, 0] - scores[:, 1]
            y = (margin < np.quantile(margin, 1 - major)).astype("int64")
            return x, y
        return x, np.argmax(scores, axis=1)

    x, y = draw(ROWS)
    x_test, y_test = draw(TEST)
    if variant == "together":
        order = rng.permutation(len(x))
        x, y = x[order], y[order]
    else:
        rng.shuffle(x)
        if variant == "each on its own":
            rng.shuffle(y)
    model = keras.Sequential(
        [
            keras.Input((FEATURES,)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(classes, activation="softmax"),
        ]
    )
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=32, epochs=epochs, verbose=0)
    probabilities = model.predict(x_test, verbose=0)
    predicted = np.argmax(probabilities, axis=1)
    accuracy = float(np.mean(predicted == y_test))
    top_share = float(np.bincount(predicted, minlength=classes).max() / len(predicted))
    common = int(np.bincount(y_test, minlength=classes).argmax())
    return accuracy, top_share, float(np.std(probabilities[:, common]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=5)
    args = parser.parse_args()
    for name, classes, major in PROBLEMS:
        spreads: dict[int, float] = {}
        for variant in VARIANTS:
            results = []
            for seed in range(args.seeds):
                accuracy, share, spread = run(seed, classes, major, variant, args.epochs)
                if variant == "together":
                    spreads[seed] = spread
                results.append((accuracy, share, spread / spreads[seed]))
            print(
                f"{name:17} {variant:16}: median held-out accuracy "
                f"{statistics.median(r[0] for r in results):.3f}, top class "
                f"{statistics.median(r[1] for r in results):.0%} of predictions, output spread "
                f"{statistics.median(r[2] for r in results):.3f} of the paired model's",
                flush=True,
            )


if __name__ == "__main__":
    main()
