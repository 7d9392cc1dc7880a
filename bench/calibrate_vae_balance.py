"""Whether a VAE whose reconstruction term is a mean over the pixels, beside a KL term summed
over the latent dimensions, still reconstructs its inputs.

    .venv/bin/python bench/calibrate_vae_balance.py [--seeds 3] [--epochs 10]

The model is the classic Keras VAE (784 pixels in [0, 1], Dense(256, relu), a 2-D latent code
sampled from z_mean and z_log_var, Dense(256, relu), Dense(784, sigmoid)), trained with RMSprop
in batches of 100 on 10,000 MNIST-like images (ten classes, each three sparse stroke patterns,
pixels dropped and added at random: the generator of bench/calibrate_saturating_sgd.py). Its loss is `recon + kl`, where `kl` is
`-0.5 * sum(1 + z_log_var - z_mean**2 - exp(z_log_var))` over the latent dimensions and
`recon` is `binary_crossentropy(x, x_decoded)`, a mean over the 784 pixels, either as it is
or multiplied by 784 (a sum over the pixels, as the derivation of the loss asks).

For each setting the script prints, on 2,000 held-out digits: how far the reconstructions of
different digits are from each other (their spread, per pixel, against the spread of the digits
themselves: near 0 is one output for every input), the KL term at the end (near 0: the code
carries nothing about the input), and how often a nearest-centroid reading of the
reconstruction gives the image's own class. DF503 cites these figures.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def run(seed: int, scaled: bool, epochs: int) -> tuple[float, float, float]:
    import keras
    import numpy as np
    from calibrate_saturating_sgd import CLASSES, PIXELS, images
    from keras import ops

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    patterns = rng.random((CLASSES * 3, PIXELS)) < 0.19
    x_train, _ = images(rng, 10_000, patterns)
    x_test, y_test = images(rng, 2_000, patterns)

    class Sampling(keras.layers.Layer):
        def call(self, inputs: Any) -> Any:
            mean, log_var = inputs
            noise = keras.random.normal(ops.shape(mean), seed=self.seed_generator)
            return mean + ops.exp(log_var / 2) * noise

        def build(self, input_shape: Any) -> None:
            self.seed_generator = keras.random.SeedGenerator(seed)

    class VAE(keras.Model):
        def __init__(self) -> None:
            super().__init__()
            self.hidden = keras.layers.Dense(256, activation="relu")
            self.mean = keras.layers.Dense(2)
            self.log_var = keras.layers.Dense(2)
            self.sample = Sampling()
            self.decode_hidden = keras.layers.Dense(256, activation="relu")
            self.decode = keras.layers.Dense(784, activation="sigmoid")

        def call(self, x: Any, training: bool = False) -> Any:
            h = self.hidden(x)
            mean, log_var = self.mean(h), self.log_var(h)
            z = self.sample([mean, log_var]) if training else mean
            decoded = self.decode(self.decode_hidden(z))
            recon = keras.losses.binary_crossentropy(x, decoded)
            if scaled:
                recon = 784.0 * recon
            kl = -0.5 * ops.sum(1 + log_var - ops.square(mean) - ops.exp(log_var), axis=-1)
            self.add_loss(ops.mean(recon + kl))
            self.last_kl = ops.mean(kl)
            return decoded

    model = VAE()
    model.compile(optimizer=keras.optimizers.RMSprop())
    model.fit(x_train, epochs=epochs, batch_size=100, verbose=0)
    decoded = model.predict(x_test, batch_size=500, verbose=0)
    spread = float(decoded.std(axis=0).mean() / x_test.std(axis=0).mean())
    h = model.hidden(x_test)
    mean, log_var = model.mean(h), model.log_var(h)
    kl = float(np.mean(-0.5 * np.sum(1 + log_var - np.square(mean) - np.exp(log_var), axis=-1)))
    centroids = np.stack([x_test[y_test == c].mean(axis=0) for c in range(10)])
    nearest = ((decoded[:, None, :] - centroids[None]) ** 2).sum(-1).argmin(1)
    return spread, kl, float((nearest == y_test).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args()
    for scaled in (False, True):
        for seed in range(args.seeds):
            spread, kl, right = run(seed, scaled, args.epochs)
            label = "recon x 784 " if scaled else "recon as mean"
            print(
                f"{label} seed {seed}: reconstruction spread {spread:.2f} of the digits', "
                f"KL {kl:.3f}, nearest-centroid class right {right:.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
