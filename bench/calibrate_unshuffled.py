"""Re-measure what training on data ordered by label does when it reaches fit() as a `tf.data`
Dataset that is never shuffled, beside the same Dataset with `.shuffle(len)` and the same
arrays given to fit() directly (which shuffles them every epoch by default).

    .venv/bin/python bench/calibrate_unshuffled.py [--seeds 5] [--epochs 3]

The data: 20 features drawn from a normal distribution; the label of a row is the largest of
`classes` random linear scores of its features, with noise added to the scores in the "noisy"
problem (the best possible accuracy is then about 75%, as on real tasks where the features say
only part of the label). The training rows are sorted by label (all of class 0, then all of
class 1, ...), as data loaded class by class or Hugging Face's IMDB train split is; held-out
rows come in random order. The model: Dense(64, relu) then a softmax over the classes, Adam at
its default rate, batches of 32, sparse categorical cross-entropy.

Problems: two classes (20,000 rows, as IMDB's 25,000), two noisy classes (20,000 rows), ten
classes (10,000 rows). Variants: `dataset` (`from_tensor_slices((x, y)).batch(32)`),
`shuffled dataset` (the same with `.shuffle(len(x))` before `.batch`), `arrays`
(`fit(x, y, batch_size=32)`). Prints, per problem and variant, the median held-out accuracy
over the seeds, the median share of held-out rows predicted as the most predicted class, and
on how many seeds the model collapsed (95% or more of its predictions one class). DF303 cites
these figures.
"""

from __future__ import annotations

import argparse
import os
import statistics

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

TEST, FEATURES = 2000, 20
COLLAPSE = 0.95
# (name, classes, training rows, noise on the scores)
PROBLEMS = (
    ("2 classes", 2, 20000, 0.0),
    ("2 noisy classes", 2, 20000, 1.0),
    ("10 classes", 10, 10000, 0.0),
)
VARIANTS = ("dataset", "shuffled dataset", "arrays")


def run(
    seed: int, classes: int, rows: int, noise: float, variant: str, epochs: int
) -> tuple[float, float]:
    """Held-out accuracy, and the share of held-out rows predicted as the most predicted class."""
    import warnings

    import keras
    import numpy as np
    import tensorflow as tf

    warnings.filterwarnings("ignore", message=".*shuffle=True.*")  # Keras's note on a Dataset
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    weights = rng.normal(size=(FEATURES, classes))

    def draw(count: int) -> tuple[np.ndarray, np.ndarray]:
        x = rng.normal(size=(count, FEATURES)).astype("float32")
        scores = x @ weights + noise * np.sqrt(FEATURES) * rng.normal(size=(count, classes))
        return x, np.argmax(scores, axis=1)

    x, y = draw(rows)
    order = np.argsort(y, kind="stable")  # ordered by label: class 0 first, the last class last
    x, y = x[order], y[order]
    x_test, y_test = draw(TEST)

    model = keras.Sequential(
        [
            keras.Input((FEATURES,)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(classes, activation="softmax"),
        ]
    )
    model.compile("adam", "sparse_categorical_crossentropy")
    if variant == "arrays":
        model.fit(x, y, batch_size=32, epochs=epochs, verbose=0)
    else:
        dataset = tf.data.Dataset.from_tensor_slices((x, y))
        if variant == "shuffled dataset":
            dataset = dataset.shuffle(len(x), seed=seed)
        model.fit(dataset.batch(32), epochs=epochs, verbose=0)
    predicted = np.argmax(model.predict(x_test, verbose=0), axis=1)
    accuracy = float(np.mean(predicted == y_test))
    top_share = float(np.bincount(predicted, minlength=classes).max() / len(predicted))
    return accuracy, top_share


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    for name, classes, rows, noise in PROBLEMS:
        for variant in VARIANTS:
            results = [
                run(seed, classes, rows, noise, variant, args.epochs) for seed in range(args.seeds)
            ]
            accuracy = statistics.median(a for a, _ in results)
            share = statistics.median(s for _, s in results)
            collapsed = sum(s >= COLLAPSE for _, s in results)
            print(
                f"{name:15} {variant:16}: median held-out accuracy {accuracy:.3f}, "
                f"top class {share:.0%} of predictions, one class on {collapsed}/{args.seeds} seeds",
                flush=True,
            )


if __name__ == "__main__":
    main()
