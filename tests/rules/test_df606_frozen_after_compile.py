"""DF606: Keras 2's GAN recipe (compile, then freeze, then train the model on its own), read
through a GAN class as such code is usually written."""

from __future__ import annotations

from defib.engine import analyse_source

_GAN = """import numpy as np
from keras.layers import Dense, Input
from keras.models import Model, Sequential
from keras.optimizers import Adam

class GAN:
    def __init__(self):
        self.discriminator = Sequential([Input((4,)), Dense(1, activation="sigmoid")])
        self.discriminator.compile(loss="binary_crossentropy", optimizer={optimizer})
        self.generator = Sequential([Input((2,)), Dense(4)])
        z = Input((2,))
        self.discriminator.trainable = False
        self.combined = Model(z, self.discriminator(self.generator(z)))
        self.combined.compile(loss="binary_crossentropy", optimizer={optimizer})

    def train(self, steps):
        for step in range(steps):
            noise = np.random.normal(size=(8, 2))
{before}            self.discriminator.train_on_batch(self.generator.predict(noise), np.zeros(8))
{after}            self.combined.train_on_batch(noise, np.ones(8))

if __name__ == "__main__":
    GAN().train(1000)
"""


def codes(
    optimizer: str = "Adam(learning_rate=2e-4)", before: str = "", after: str = ""
) -> list[str]:
    source = _GAN.format(optimizer=optimizer, before=before, after=after)
    return [d.code for d in analyse_source(source, "gan.py").diagnostics]


def test_the_discriminator_trained_while_frozen_after_compile_is_reported() -> None:
    assert codes() == ["DF606"]


def test_a_discriminator_made_trainable_for_its_own_steps_is_left_alone() -> None:
    assert (
        codes(
            before="            self.discriminator.trainable = True\n",
            after="            self.discriminator.trainable = False\n",
        )
        == []
    )


def test_keras_2_code_is_left_alone() -> None:
    # `lr=` only runs under Keras 2, where compile() kept the discriminator trainable.
    assert codes(optimizer="Adam(lr=2e-4)") == []
