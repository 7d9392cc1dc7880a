"""DF301's fix scales images on the line after `load_data()`, so fit(), its validation data,
evaluate() and predict() all see the same scale. Where the load is written another way, or the
file divides one of those arrays itself, the fix scales what fit() is given instead."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source
from defib.engine.fixes import apply_fixes

_TRAIN = """model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, validation_data=(x_test, y_test), steps_per_epoch=len(x_train) // 32)
{after}
"""

_LOADED = "import keras\n(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()\n"


def fixed(source: str) -> tuple[str, str]:
    [finding] = [d for d in analyse_source(source, "train.py").diagnostics if d.code == "DF301"]
    assert finding.fix is not None
    return finding.fix.message, apply_fixes(source, [finding], unsafe=True)


def test_the_images_are_scaled_on_the_line_after_they_are_loaded() -> None:
    source = _LOADED + _TRAIN.format(after="model.evaluate(x_test, y_test)")
    title, after = fixed(source)
    assert title == "Divide the images by 255 where they are loaded"
    assert after == source.replace(
        "load_data()\n",
        'load_data()\nx_train, x_test = x_train.astype("float32") / 255.0, '
        'x_test.astype("float32") / 255.0\n',
    )


def test_a_load_without_test_images_scales_the_training_ones() -> None:
    source = (
        "import keras\n(x_train, y_train), _ = keras.datasets.mnist.load_data()\n"
        + _TRAIN.format(after="").replace(", validation_data=(x_test, y_test)", "")
    )
    assert 'load_data()\nx_train = x_train.astype("float32") / 255.0\n' in fixed(source)[1]


def test_the_images_are_kept_in_float32() -> None:
    # uint8 / 255.0 is float64 in numpy: eight times the images' size.
    source = (_LOADED + _TRAIN.format(after="")).replace('"', "'")
    assert "x_train.astype('float32') / 255.0" in fixed(source)[1]


def test_a_division_in_a_comment_does_not_count() -> None:
    source = _LOADED + "# x_test = x_test / 255.\n" + _TRAIN.format(after="")
    assert fixed(source)[0] == "Divide the images by 255 where they are loaded"


@pytest.mark.parametrize(
    "after",
    [
        # A lesson's raw baseline before its scaled run: scaling it would change the lesson.
        "x_train = x_train / 255.0  # the normalised run follows",
        # A second fit(): scaling the first alone would leave it training on 0-255.
        "model.fit(x_train, y_train, epochs=30)",
    ],
)
def test_a_fit_call_fix_is_withheld_where_it_would_not_be_the_only_training(after: str) -> None:
    source = (
        "import keras\ndef load():\n    return keras.datasets.mnist.load_data()\n"
        "(x_train, y_train), (x_test, y_test) = load()\n" + _TRAIN.format(after=after)
    )
    [finding] = [d for d in analyse_source(source, "t.py").diagnostics if d.code == "DF301"]
    assert finding.fix is None


def test_a_file_that_divides_the_test_images_itself_gets_the_fit_call_scaled() -> None:
    # Scaling at the load would scale evaluate()'s images twice.
    source = _LOADED + _TRAIN.format(after="model.evaluate(x_test / 255.0, y_test)")
    title, after = fixed(source)
    assert title.startswith("Divide the images given to fit() by 255")
    assert "model.fit(x_train / 255.0, y_train, validation_data=(x_test / 255.0" in after
    assert "load_data()\nmodel" in after


def test_a_load_beside_a_comment_gets_the_fit_call_scaled() -> None:
    source = _LOADED.replace("load_data()\n", "load_data()  # 60,000 digits\n") + _TRAIN.format(
        after=""
    )
    title, _ = fixed(source)
    assert title.startswith("Divide the images given to fit() by 255")


def test_a_load_inside_a_function_gets_the_fit_call_scaled() -> None:
    source = (
        "import keras\ndef load():\n"
        "    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()\n"
        "    return x_train, y_train, x_test, y_test\n"
        "x_train, y_train, x_test, y_test = load()\n" + _TRAIN.format(after="")
    )
    title, _ = fixed(source)
    assert title.startswith("Divide the images given to fit() by 255")


def test_validation_images_from_another_load_are_scaled_at_the_fit_call() -> None:
    source = (
        "import keras\n(x_train, y_train), _ = keras.datasets.mnist.load_data()\n"
        "(x_test, y_test), _ = keras.datasets.fashion_mnist.load_data()\n" + _TRAIN.format(after="")
    )
    _, after = fixed(source)
    assert 'mnist.load_data()\nx_train = x_train.astype("float32") / 255.0\n' in after
    assert "validation_data=(x_test / 255.0, y_test)" in after


def test_a_division_in_a_docstring_or_a_string_does_not_count() -> None:
    source = (
        '"""Raw pixels: the fix is `x_train / 255.0`."""\n'
        + _LOADED
        + 'print("x_test / 255 would scale them")\n'
        + _TRAIN.format(after="")
    )
    assert fixed(source)[0] == "Divide the images by 255 where they are loaded"
