"""DF310 on inputs scaled twice or by a mistyped number, and not on data scaled once."""

from __future__ import annotations

import pytest
from defib.engine.analysis import analyse_source

_CIFAR = """import numpy as np
from keras.datasets import cifar10
from keras.models import Sequential
from keras.layers import Conv2D, Flatten, Dense

(x_train, y_train), (x_test, y_test) = cifar10.load_data()
x_train = x_train.astype("float32")
{scaling}
model = Sequential([Conv2D(32, 3, activation="relu", input_shape=(32, 32, 3)), Flatten(),
                    Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, epochs=10)
"""


def _df310(scaling: str) -> list[str]:
    source = _CIFAR.format(scaling=scaling)
    return [d.message for d in analyse_source(source, "m.py").diagnostics if d.code == "DF310"]


@pytest.mark.parametrize(
    "scaling",
    [
        "x_train /= 255\nx_train = x_train / 255.0",  # in place, then again
        "x_train = x_train / (255.0 * 255.0)",
        "x_train = x_train / 255.0 / 255.0",
    ],
)
def test_pixels_scaled_twice_are_reported(scaling: str) -> None:
    [message] = _df310(scaling)
    assert message.startswith("These inputs reach at most 0.00392:")


@pytest.mark.parametrize(
    "scaling",
    [
        "x_train /= 255",
        "x_train = (x_train - 127.5) / 127.5",
        "x_train = x_train / 255.0 * 2 - 1",
        "x_train = np.zeros_like(x_train)",  # all zeros: another problem, not this one
    ],
)
def test_pixels_scaled_once_are_not_reported(scaling: str) -> None:
    assert _df310(scaling) == []


def test_an_array_of_zeros_filled_image_by_image_is_not_judged() -> None:
    # Ecosystem: X = np.zeros(...) filled with images of 0 and 255 in a loop, then X / 255.
    # What the loop put there is not followed, so nothing is known of its size.
    source = """import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Flatten

X_train = np.zeros((1000, 50, 50, 1))
for i in range(1000):
    X_train[i] = generate_image_with_bars(50, 10)
X_train = X_train / 255
model = Sequential([Flatten(input_shape=(50, 50, 1)), Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(X_train, Y_train, epochs=5)
"""
    assert "DF310" not in {d.code for d in analyse_source(source, "m.py").diagnostics}


def test_small_literal_inputs_are_reported_and_all_zero_ones_are_left_to_others() -> None:
    source = """import numpy as np
from keras.models import Sequential
from keras.layers import Dense

x = np.array({rows})
y = np.array([0, 1, 1, 0])
model = Sequential([Dense(8, activation="relu", input_dim=2), Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=100)
"""

    def codes(rows: str) -> set[str]:
        return {d.code for d in analyse_source(source.format(rows=rows), "m.py").diagnostics}

    assert "DF310" in codes("[[0, 0], [0, 0.001], [0.001, 0], [0.001, 0.001]]")
    assert "DF310" not in codes("[[0, 0], [0, 0], [0, 0], [0, 0]]")
    assert "DF310" not in codes("[[0, 0], [0, 1], [1, 0], [1, 1]]")


_PIPELINE = """import tensorflow as tf
from tensorflow import keras

train_ds = keras.utils.image_dataset_from_directory("train", image_size=(64, 64))

def process(image, label):
    image = tf.cast(image / 255.0, tf.float32)
    return image, label

{maps}
model = keras.Sequential([keras.Input((64, 64, 3)), keras.layers.Conv2D(8, 3, activation="relu"),
                          keras.layers.Flatten(), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(train_ds, epochs=10)
"""


def test_a_pipeline_mapped_twice_by_the_same_scaling_is_reported() -> None:
    # A held-out reader's notebook (68a) ran `train_ds.map(process)` in two cells; its
    # replica stayed at chance with a near-constant output on 3 of 3 runs.
    once = "train_ds = train_ds.map(process)\n"
    source = _PIPELINE.format(maps=once * 2)
    [finding] = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF310"]
    assert finding.message.startswith("These inputs reach at most 0.00392")
    source = _PIPELINE.format(maps=once)
    assert [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF310"] == []
