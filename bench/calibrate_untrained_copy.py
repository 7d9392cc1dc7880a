"""Measure what DF604 and DF605 claim: a model that training never reaches does not change.

    .venv/bin/python bench/calibrate_untrained_copy.py [--seeds 3] [--steps 300]
    .venv/bin/python bench/calibrate_untrained_copy.py --frozen [--seeds 3]
    .venv/bin/python bench/calibrate_untrained_copy.py --frozen-after-compile [--seeds 3]

DF604, a model built from the same layer-building code as the model that is trained, rather
than shared with it:

A small GAN on 2-D points: the generator model predicts the samples, and the combined model
(discriminator over generator) is what trains the generator. Built as the bug does, the
combined model calls the generator's building function again; built as the fix does, it calls
the generator model itself. Prints, per seed and build, the share of the generator model's
weights that changed, and how far the combined model's generator part moved (the change of its
weights over their size). Only the generator's side is measured: under Keras 3, freezing the
discriminator as Keras 2 GAN code does also freezes it in its own training, which changes
nothing here.

DF605 (`--frozen`), a classifier (Dense(16, relu), Dense(3, softmax), Adam, 512 samples, 5
epochs) compiled and fitted after every layer was set `trainable = False`, against only its
first layer frozen: the share of its weights that changed, and its loss at the first and the
last epoch.

DF606 (`--frozen-after-compile`), Keras 2's GAN recipe under the installed Keras: a
discriminator (Dense(16, relu), Dense(1, sigmoid)) is compiled, then set `trainable = False`
so that the combined model (generator, then discriminator) compiled next trains the generator
alone; then `--steps` rounds of `discriminator.train_on_batch` (real points against generated
ones) and `combined.train_on_batch`. Built as Keras 2 code does, and with
`discriminator.trainable = True` before its own step (and False again before the combined
step): the share of the discriminator's weights its own steps changed, and its loss at the
first and the last step.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

CENTRE = 3.0
NOISE = 4
BATCH = 64


def build(keras: Any, shared: bool) -> tuple[Any, Any, Any, Any]:
    layers = keras.layers

    def generator_network(z: Any) -> Any:
        x = layers.Dense(32, activation="relu")(z)
        return layers.Dense(2)(x)

    def discriminator_network(x: Any) -> Any:
        x = layers.Dense(32, activation="relu")(x)
        return layers.Dense(1, activation="sigmoid")(x)

    z = keras.Input((NOISE,))
    points = keras.Input((2,))
    generator = keras.Model(z, generator_network(z))
    discriminator = keras.Model(points, discriminator_network(points))
    discriminator.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
    discriminator.trainable = False
    if shared:
        output = discriminator(generator(z))
        copy = generator
    else:
        copy_output = generator_network(z)
        copy = keras.Model(z, copy_output)
        output = discriminator_network(copy_output)
    combined = keras.Model(z, output)
    combined.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
    return generator, discriminator, combined, copy


def run(seed: int, steps: int, shared: bool) -> tuple[float, float]:
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    generator, discriminator, combined, copy = build(keras, shared)
    before = [w.copy() for w in generator.get_weights()]
    copy_before = [w.copy() for w in copy.get_weights()]
    for _ in range(steps):
        noise = rng.normal(size=(BATCH, NOISE)).astype("float32")
        real = (CENTRE + 0.5 * rng.normal(size=(BATCH, 2))).astype("float32")
        fake = generator.predict_on_batch(noise)
        discriminator.train_on_batch(real, np.ones((BATCH, 1)))
        discriminator.train_on_batch(fake, np.zeros((BATCH, 1)))
        combined.train_on_batch(noise, np.ones((BATCH, 1)))
    after = generator.get_weights()
    changed = sum(int(np.sum(a != b)) for a, b in zip(after, before, strict=True))
    total = sum(a.size for a in after)
    moved = float(
        np.sqrt(
            sum(np.sum((a - b) ** 2) for a, b in zip(copy.get_weights(), copy_before, strict=True))
        )
        / np.sqrt(sum(np.sum(b**2) for b in copy_before))
    )
    return changed / total, moved


def frozen_run(seed: int, frozen: slice) -> tuple[float, float, float]:
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(512, 8)).astype("float32")
    y = np.argmax(x[:, :3], axis=1)
    model = keras.Sequential(
        [
            keras.Input((8,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    for layer in model.layers[frozen]:
        layer.trainable = False
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    before = [w.copy() for w in model.get_weights()]
    history = model.fit(x, y, epochs=5, batch_size=32, verbose=0)
    after = model.get_weights()
    changed = sum(int(np.sum(a != b)) for a, b in zip(after, before, strict=True))
    losses = history.history["loss"]
    return changed / sum(a.size for a in after), losses[0], losses[-1]


def frozen_after_compile_run(seed: int, steps: int, toggle: bool) -> tuple[float, float, float]:
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    discriminator = keras.Sequential(
        [
            keras.Input((2,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    discriminator.compile(optimizer="adam", loss="binary_crossentropy")
    discriminator.trainable = False
    generator = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    noise = keras.Input((4,))
    combined = keras.Model(noise, discriminator(generator(noise)))
    combined.compile(optimizer="adam", loss="binary_crossentropy")
    before = [w.copy() for w in discriminator.get_weights()]
    changed = np.zeros(sum(w.size for w in before), dtype=bool)
    losses = []
    for _ in range(steps):
        real = rng.normal(loc=3.0, size=(32, 2)).astype("float32")
        fake = generator.predict(rng.normal(size=(32, 4)), verbose=0)
        x = np.concatenate([real, fake])
        y = np.concatenate([np.ones(32), np.zeros(32)]).astype("float32")
        if toggle:
            discriminator.trainable = True
        start = [w.copy() for w in discriminator.get_weights()]
        losses.append(float(discriminator.train_on_batch(x, y)))
        end = discriminator.get_weights()
        changed |= np.concatenate([(a != b).ravel() for a, b in zip(start, end, strict=True)])
        if toggle:
            discriminator.trainable = False
        combined.train_on_batch(rng.normal(size=(32, 4)), np.ones(32, dtype="float32"))
    return float(changed.mean()), losses[0], losses[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--frozen", action="store_true", help="DF605's measurement")
    parser.add_argument("--frozen-after-compile", action="store_true", help="DF606's measurement")
    args = parser.parse_args()
    if args.frozen_after_compile:
        import keras

        print(f"Keras {keras.__version__}, {args.steps} rounds")
        print(
            f"{'discriminator':<34} {'seed':>4} {'changed by its steps':>21} {'loss, first':>12} {'last':>8}"
        )
        for toggle, label in (
            (False, "frozen after compile (DF606)"),
            (True, "trainable again for its own steps"),
        ):
            for seed in range(args.seeds):
                changed, first, last = frozen_after_compile_run(seed, args.steps, toggle)
                print(f"{label:<34} {seed:>4} {changed:>21.1%} {first:>12.4f} {last:>8.4f}")
        return
    if args.frozen:
        print(
            f"{'frozen':<22} {'seed':>4} {'weights changed':>16} {'loss, epoch 1':>14} {'epoch 5':>8}"
        )
        for part, label in ((slice(None), "every layer (DF605)"), (slice(0, 1), "the first layer")):
            for seed in range(args.seeds):
                changed, first, last = frozen_run(seed, part)
                print(f"{label:<22} {seed:>4} {changed:>16.1%} {first:>14.4f} {last:>8.4f}")
        return
    print(f"{args.steps} combined steps")
    print(f"{'build':<32} {'seed':>4} {'generator changed':>18} {'trained part moved':>19}")
    for shared, label in ((False, "copies (the bug DF604 flags)"), (True, "shared (the fix)")):
        for seed in range(args.seeds):
            changed, moved = run(seed, args.steps, shared)
            print(f"{label:<32} {seed:>4} {changed:>18.1%} {moved:>19.1%}")


if __name__ == "__main__":
    main()
