"""A VAE's loss read from the syntax: which sums of a reconstruction term and a KL term are
unbalanced (a mean over the features beside a sum over the latent dimensions), written the
ways real VAEs write them."""

from __future__ import annotations

from textwrap import dedent

import pytest
from defib.engine.elbo import unbalanced_elbos
from defib.engine.source import Chunk, StatementCache, split_statements

_KL = "kl_loss = -0.5 * K.sum(1 + z_log_var - K.square(z_mean) - K.exp(z_log_var), axis=-1)"


def found(source: str) -> list[tuple[str, int, int]]:
    """(loss, reconstruction line, KL line) of each unbalanced sum."""
    source = dedent(source)
    statements = split_statements(source)
    assert isinstance(statements, list)
    cache = StatementCache()
    chunks = [Chunk(cache.parse(text), line) for line, text in statements]
    return [(e.loss, e.reconstruction.line, e.kl.line) for e in unbalanced_elbos(source, chunks)]


def loss_function(reconstruction: str, kl: str = _KL, total: str = "xent_loss + kl_loss") -> str:
    return f"""
        from keras import backend as K
        from keras import objectives

        def vae_loss(x, x_decoded_mean):
            xent_loss = {reconstruction}
            {kl}
            return {total}
    """


def test_a_mean_reconstruction_beside_a_summed_kl_term_is_found() -> None:
    source = loss_function("objectives.binary_crossentropy(x, x_decoded_mean)")
    assert found(source) == [("binary_crossentropy", 6, 7)]


def test_the_terms_may_be_added_in_either_order_inside_a_mean() -> None:
    source = loss_function("mse(x, x_decoded_mean)", total="K.mean(kl_loss + xent_loss)")
    assert found(source) == [("mse", 6, 7)]


@pytest.mark.parametrize(
    "reconstruction",
    [
        "original_dim * objectives.binary_crossentropy(x, x_decoded_mean)",
        "objectives.binary_crossentropy(x, x_decoded_mean) * 784",
        "K.sum(objectives.binary_crossentropy(x, x_decoded_mean), axis=(1, 2))",
        # The backend's cross-entropy is elementwise, summed here over the features.
        "K.sum(K.binary_crossentropy(x, x_decoded_mean), axis=-1)",
        "K.binary_crossentropy(x, x_decoded_mean)",
    ],
)
def test_a_reconstruction_scaled_or_summed_over_the_features_is_balanced(
    reconstruction: str,
) -> None:
    assert found(loss_function(reconstruction)) == []


@pytest.mark.parametrize(
    "kl",
    [
        # A small weight, or a beta held in a name: a balance chosen on purpose.
        "kl_loss = -5e-4 * K.mean(1 + z_log_var - K.square(z_mean) - K.exp(z_log_var), axis=-1)",
        "kl_loss = beta * K.sum(1 + z_log_var - K.square(z_mean) - K.exp(z_log_var), axis=-1)",
        "kl_loss = -0.001 * K.sum(1 + z_log_var - K.square(z_mean) - K.exp(z_log_var))",
        # A mean over the latent dimensions, like the reconstruction's over the features.
        "kl_loss = -0.5 * K.mean(1 + z_log_var - K.square(z_mean) - K.exp(z_log_var), axis=-1)",
    ],
)
def test_a_weighted_or_averaged_kl_term_is_left_alone(kl: str) -> None:
    source = loss_function("objectives.binary_crossentropy(x, x_decoded_mean)", kl=kl)
    assert found(source) == []


def test_the_keras_example_that_scales_in_place_is_balanced() -> None:
    source = dedent("""
        from keras import backend as K
        from keras.losses import mse
        reconstruction_loss = mse(inputs, outputs)
        reconstruction_loss *= original_dim
        kl_loss = 1 + z_log_var - K.square(z_mean) - K.exp(z_log_var)
        kl_loss = K.sum(kl_loss, axis=-1)
        kl_loss *= -0.5
        vae_loss = K.mean(reconstruction_loss + kl_loss)
    """)
    assert found(source) == []
    assert found(source.replace("reconstruction_loss *= original_dim\n", "")) == [("mse", 4, 6)]


def test_a_name_rescaled_by_reassignment_is_balanced() -> None:
    source = loss_function(
        "objectives.binary_crossentropy(x, x_decoded_mean)\n"
        "            xent_loss = xent_loss * original_dim"
    )
    assert found(source) == []


def test_a_kl_term_weighted_in_place_by_a_beta_is_left_alone() -> None:
    source = """
        from keras import backend as K
        from keras.losses import binary_crossentropy
        reconstruction_loss = binary_crossentropy(inputs, outputs)
        kl_loss = K.sum(1 + z_log_var - K.square(z_mean) - K.exp(z_log_var), axis=-1)
        kl_loss *= beta
        vae_loss = K.mean(reconstruction_loss + kl_loss)
    """
    assert found(source) == []


def test_a_file_without_an_exponential_is_not_read() -> None:
    source = loss_function("mse(x, x_decoded_mean)", kl="kl_loss = K.sum(z_mean, axis=-1)")
    assert found(source) == []
