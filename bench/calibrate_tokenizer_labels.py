"""Re-measure what a Tokenizer's label indices cost a softmax trained with sparse categorical
cross-entropy: the indices start at 1, so k label words are class ids 1..k.

    .venv/bin/python bench/calibrate_tokenizer_labels.py [--seeds 5] [--epochs 10]

The task: 2,000 samples of 20 normal features, one of five label words per sample (drawn at
random), the word's index added to the first feature so the task can be learnt. The labels are
`Tokenizer().texts_to_sequences(words)`, as text-classification tutorials make them. A 24-unit
ReLU layer and a softmax of 5 units (one per word) or 6 (one more) train with Adam. Prints, per
output width, how many seeds raised and the median final accuracy of the rest.

DF407 cites these figures.
"""

from __future__ import annotations

import argparse
import os
import statistics

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

WORDS = ["sport", "business", "politics", "tech", "entertainment"]


def train(units: int, seed: int, epochs: int) -> float | None:
    """The final training accuracy, or None when training raised."""
    import keras
    import numpy as np
    import tensorflow as tf
    from keras.src.legacy.preprocessing.text import Tokenizer

    rng = np.random.default_rng(seed)
    words = [WORDS[i] for i in rng.integers(0, len(WORDS), 2000)]
    tokenizer = Tokenizer()
    tokenizer.fit_on_texts(words)
    y = np.array(tokenizer.texts_to_sequences(words))
    x = rng.normal(size=(2000, 20)).astype("float32")
    x[:, 0] += y[:, 0]
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input((20,)),
            keras.layers.Dense(24, activation="relu"),
            keras.layers.Dense(units, activation="softmax"),
        ]
    )
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    try:
        history = model.fit(x, y, epochs=epochs, verbose=0)
    except tf.errors.InvalidArgumentError:
        return None
    return float(history.history["accuracy"][-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args()
    print(f"label ids: 1..{len(WORDS)} ({len(WORDS)} label words), {args.seeds} seeds")
    for units in (len(WORDS), len(WORDS) + 1):
        results = [train(units, seed, args.epochs) for seed in range(args.seeds)]
        trained = [r for r in results if r is not None]
        median = f"{statistics.median(trained):.2f}" if trained else "-"
        raised = len(results) - len(trained)
        print(f"Dense({units}): raised {raised}/{args.seeds}, median accuracy of the rest {median}")


if __name__ == "__main__":
    main()
