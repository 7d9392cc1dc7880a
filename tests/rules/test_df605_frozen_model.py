"""DF605: which freezes leave a model that fit() cannot train."""

from __future__ import annotations

from defib.engine import analyse_source

_PROGRAM = """import numpy as np
import keras
import some_library

base = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu")])
model = keras.Sequential([base, keras.layers.Dense(3, activation="softmax")])
x, y = np.random.rand(64, 8), np.random.randint(0, 3, 64)
{before}
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
{after}
model.fit(x, y, epochs=5)
"""


def reported(before: str, after: str = "") -> bool:
    source = _PROGRAM.format(before=before, after=after)
    return any(d.code == "DF605" for d in analyse_source(source, "m.py").diagnostics)


def test_a_model_compiled_and_fitted_with_every_layer_frozen_is_reported() -> None:
    assert reported("for layer in model.layers:\n    layer.trainable = False")
    assert reported("model.trainable = False")


def test_freezing_a_part_or_a_base_leaves_something_to_train() -> None:
    assert not reported("for layer in model.layers[:-1]:\n    layer.trainable = False")
    assert not reported("base.trainable = False")
    assert not reported("for layer in base.layers:\n    layer.trainable = False")


def test_anything_made_trainable_again_undoes_the_freeze() -> None:
    frozen = "model.trainable = False\n"
    assert not reported(frozen + "model.layers[-1].trainable = True")
    assert not reported(frozen + "for layer in model.layers[1:]:\n    layer.trainable = True")
    assert not reported(frozen + "model.get_layer('dense').trainable = True")
    # A layer added after the freeze is trainable.
    assert not reported(frozen + "model.add(keras.layers.Dense(3))")


def test_a_freeze_after_compile_or_under_an_unknown_condition_is_not_certain() -> None:
    # Keras 2 trains what compile() saw trainable (a GAN's discriminator).
    assert not reported("", after="model.trainable = False")
    assert not reported("if some_library.fine_tune:\n    model.trainable = False")
