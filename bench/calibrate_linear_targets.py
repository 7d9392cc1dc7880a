"""Does plain SGD break a linear regression on large targets, or only a stacked one?

    .venv/bin/python bench/calibrate_linear_targets.py

DF302 warns that plain SGD's steps overflow on regression targets far from unit scale. For a
single Dense layer with no activation the squared error is quadratic in the weights, with a
curvature set by the inputs alone, so the targets' scale should not matter; two stacked
linear layers multiply their weights, and it should. Trains both on 512 samples of 10
standardised features, SGD(0.01), batch 32, 20 epochs, 5 seeds, at target scales 1, 1,000
and 100,000, and prints each run's final squared error over the targets' variance (nan: the
predictions went non-finite).
"""

from __future__ import annotations

import numpy as np


def main() -> None:
    import keras

    for stacked in (False, True):
        for scale in (1, 1_000, 100_000):
            errors = []
            for seed in range(5):
                keras.utils.set_random_seed(seed)
                rng = np.random.default_rng(seed)
                x = rng.standard_normal((512, 10)).astype("float32")
                y = (x @ rng.standard_normal(10) + 13.0) * scale
                layers = [keras.Input(shape=(10,))]
                if stacked:
                    layers.append(keras.layers.Dense(1))
                layers.append(keras.layers.Dense(1))
                model = keras.Sequential(layers)
                model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
                model.fit(x, y, epochs=20, batch_size=32, verbose=0)
                prediction = model.predict(x, verbose=0).ravel()
                finite = bool(np.all(np.isfinite(prediction)))
                errors.append(
                    float(np.mean((prediction - y) ** 2) / np.var(y)) if finite else float("nan")
                )
            label = "two stacked Dense(1)" if stacked else "one Dense(1)"
            print(f"{label:22} targets x{scale:<7,} " + " ".join(f"{e:.1e}" for e in errors))


if __name__ == "__main__":
    main()
