"""DF502 unbalanced-vae-loss."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.rules import Invalid, Rule, RuleContext

_VAE = """import keras
from keras import backend as K
from keras.layers import Dense, Input, Lambda
from keras.losses import binary_crossentropy
from keras.models import Model

original_dim, latent_dim = 784, 2
x = Input((original_dim,))
h = Dense(256, activation="relu")(x)
z_mean = Dense(latent_dim)(h)
z_log_var = Dense(latent_dim)(h)
z = Lambda(sample)([z_mean, z_log_var])
x_decoded = Dense(original_dim, activation="sigmoid")(Dense(256, activation="relu")(z))

def vae_loss(x, x_decoded):
    xent_loss = {reconstruction}
    kl_loss = -0.5 * K.sum(1 + z_log_var - K.square(z_mean) - K.exp(z_log_var), axis=-1)
    return xent_loss + kl_loss

vae = Model(x, x_decoded)
vae.compile(optimizer="rmsprop", loss=vae_loss)
"""

_ADD_LOSS = """import keras
from keras import backend as K
from keras.losses import mse
from keras.models import Model

outputs = decoder(encoder(inputs)[2])
vae = Model(inputs, outputs, name="vae_mlp")
{reconstruction}
kl_loss = 1 + z_log_var - K.square(z_mean) - K.exp(z_log_var)
kl_loss = K.sum(kl_loss, axis=-1)
kl_loss *= {kl_weight}
vae_loss = K.mean(reconstruction_loss + kl_loss)
vae.add_loss(vae_loss)
vae.compile(optimizer="adam")
"""


class UnbalancedVaeLoss(Rule):
    """A VAE's reconstruction term averaged over the features, beside a KL term summed over
    the latent dimensions.

    ## What it does
    Flags the sum of a reconstruction term and a KL term when the reconstruction is one of
    Keras's loss functions as it is (`binary_crossentropy`, `mse`, `mae`: a mean over the
    last axis, the pixels of a flattened image), neither multiplied nor summed over the
    features, and the KL term sums over the latent dimensions
    (`-0.5 * K.sum(1 + z_log_var - K.square(z_mean) - K.exp(z_log_var), axis=-1)`). Read from
    the syntax of the block where the two are added (a loss function, the file's top level, a
    `train_step`), through the names assigned there. Not flagged: a reconstruction multiplied
    (`original_dim * binary_crossentropy(...)`, `reconstruction_loss *= original_dim`) or
    summed over the features; a KL term weighted by anything but its usual 0.5 (a beta, a
    small factor), which is a choice of balance; the backend's elementwise
    `K.binary_crossentropy`.

    ## Why is this bad?
    The loss of a VAE sums the reconstruction error over every feature. Averaged instead, it
    weighs as much as one feature, while the KL term keeps its full weight: the encoder is
    paid to carry nothing, its code matches the prior for every input, and the decoder learns
    the one output that fits all inputs best, the average image. Measured with
    `bench/calibrate_vae_balance.py` (the classic Keras VAE: 784 pixels in [0, 1], a 2-D code,
    RMSprop, 10 epochs on 10,000 images, 3 seeds): with the mean reconstruction the
    reconstructions of different images spread 0.00 of the images' own spread, the KL term
    ended at 0.000, and the nearest class centre of a reconstruction was the image's own for
    0.09-0.10 of the images (chance); multiplied by 784, the spread was 0.24-0.26, the KL term
    3.7-3.9 and the class right for 0.41-0.45. The Keras VAE example's fix ("multiply the
    reconstruction loss by original_dim") is this bug.

    ## Example
    ```python
    xent_loss = binary_crossentropy(x, x_decoded)
    kl_loss = -0.5 * K.sum(1 + z_log_var - K.square(z_mean) - K.exp(z_log_var), axis=-1)
    return xent_loss + kl_loss
    ```

    ## Use instead
    ```python
    xent_loss = original_dim * binary_crossentropy(x, x_decoded)
    ```

    ## Fix safety
    No fix: the number of features to multiply by is the user's to write.
    """

    code = "DF502"
    name = "unbalanced-vae-loss"
    severity = Severity.WARNING
    message = "A VAE's mean reconstruction term is outweighed by its summed KL term"

    VALID = [
        _VAE.format(reconstruction="original_dim * binary_crossentropy(x, x_decoded)"),
        _VAE.format(reconstruction="K.sum(K.binary_crossentropy(x, x_decoded), axis=-1)"),
        _ADD_LOSS.format(
            reconstruction="reconstruction_loss = mse(inputs, outputs)\n"
            "reconstruction_loss *= original_dim",
            kl_weight="-0.5",
        ),
        # A small weight on the KL term is a balance chosen on purpose.
        _ADD_LOSS.format(
            reconstruction="reconstruction_loss = mse(inputs, outputs)", kl_weight="-5e-4"
        ),
    ]
    INVALID = [
        Invalid(_VAE.format(reconstruction="binary_crossentropy(x, x_decoded)")),
        Invalid(
            _ADD_LOSS.format(
                reconstruction="reconstruction_loss = mse(inputs, outputs)", kl_weight="-0.5"
            )
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for found in ctx.unbalanced_elbos():
            loss = f"`{found.loss}`" if found.loss else "The reconstruction term"
            ctx.report(
                found.reconstruction,
                f"{loss} averages the reconstruction error over the features, while the KL term "
                "it is added to sums over the latent dimensions: the KL term outweighs it, and "
                "such a VAE learns to encode nothing and decode one output for every input. "
                "Multiply the reconstruction term by the number of features (or sum it over "
                "them)",
                related=[(found.kl, "KL term summed over the latent dimensions")],
            )
