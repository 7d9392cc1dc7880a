"""DF405-DF407 read the labels given to fit(): one finding per cause, none where unsure."""

from __future__ import annotations

from textwrap import dedent

import pytest
from defib.engine import analyse_source
from defib.engine.diagnostics import Diagnostic


def findings(source: str) -> list[Diagnostic]:
    return analyse_source(dedent(source), "train.py").diagnostics


def codes(source: str) -> set[str]:
    return {d.code for d in findings(source)}


def mnist(output: str, loss: str, labels: str = "y", extra: str = "") -> str:
    return (
        "from tensorflow import keras\n"
        "(x, y), _ = keras.datasets.mnist.load_data()\n"
        f"{extra}"
        f"model = keras.Sequential([keras.layers.Flatten(), {output}])\n"
        f"model.compile(optimizer='adam', loss={loss}, metrics=['accuracy'])\n"
        f"model.fit(x / 255.0, {labels}, epochs=2)\n"
    )


def test_one_unit_with_the_sparse_loss_is_only_df403s() -> None:
    source = mnist(
        "keras.layers.Dense(1, activation='sigmoid')", "'sparse_categorical_crossentropy'"
    )
    assert codes(source) & {"DF403", "DF405", "DF406", "DF407"} == {"DF403"}


def test_a_sigmoid_read_as_logits_is_only_df404s() -> None:
    loss = "keras.losses.SparseCategoricalCrossentropy(from_logits=True)"
    source = mnist("keras.layers.Dense(10, activation='sigmoid')", loss)
    assert codes(source) & {"DF404", "DF406"} == {"DF404"}


def test_class_ids_with_the_one_hot_loss_point_at_the_labels() -> None:
    source = mnist("keras.layers.Dense(10, activation='softmax')", "'categorical_crossentropy'")
    [finding] = [d for d in findings(source) if d.code == "DF405"]
    assert finding.severity.value == "error"
    assert "shape error" in finding.message
    related = {r.message for r in finding.related}
    assert related == {"the labels given to fit()", "where the labels are made"}
    assert finding.what_if is not None
    assert finding.what_if.value == "sparse_categorical_crossentropy"


def test_labels_converted_inline_in_fit_are_one_hot() -> None:
    source = mnist(
        "keras.layers.Dense(10, activation='softmax')",
        "'categorical_crossentropy'",
        labels="keras.utils.to_categorical(y, 10)",
    )
    assert not codes(source) & {"DF405", "DF407"}


def test_more_units_than_classes_is_not_flagged() -> None:
    source = mnist(
        "keras.layers.Dense(16, activation='softmax')", "'sparse_categorical_crossentropy'"
    )
    assert "DF407" not in codes(source)


def test_fewer_units_than_one_hot_columns_is_a_shape_error() -> None:
    source = mnist(
        "keras.layers.Dense(8, activation='softmax')",
        "'categorical_crossentropy'",
        extra="y = keras.utils.to_categorical(y)\n",
    )
    [finding] = [d for d in findings(source) if d.code == "DF407"]
    assert "needs 10 units" in finding.message


def test_a_binary_output_on_ten_classes_says_the_output_goes_to_one() -> None:
    source = mnist("keras.layers.Dense(1, activation='sigmoid')", "'binary_crossentropy'")
    [finding] = [d for d in findings(source) if d.code == "DF406"]
    assert finding.severity.value == "error"
    assert "1.0 for every input" in finding.message


@pytest.mark.parametrize(("classes", "reads"), [(10, "0.90"), (2, "0.50")])
def test_one_hot_labels_on_sigmoids_say_what_binary_accuracy_reads(
    classes: int, reads: str
) -> None:
    # Predicting no class at all scores (k - 1) / k in binary accuracy: high for ten classes,
    # a coin's worth for two.
    source = mnist(
        f"keras.layers.Dense({classes}, activation='sigmoid')",
        "'binary_crossentropy'",
        labels=f"keras.utils.to_categorical(y % {classes})",
    )
    [finding] = [d for d in findings(source) if d.code == "DF406"]
    assert "binary accuracy" not in finding.message  # TF 2.2 on picks accuracy by shape
    assert finding.message.endswith("(use a softmax output and categorical_crossentropy)")
    # Standalone Keras may be 2.3 or earlier, which picks binary accuracy by the loss.
    source = source.replace("from tensorflow import keras", "import keras")
    [finding] = [d for d in findings(source) if d.code == "DF406"]
    assert f"binary accuracy, {reads} for a model that predicts no class" in finding.message


def test_two_class_labels_on_one_sigmoid_unit_are_right() -> None:
    source = (
        "import numpy as np\nfrom tensorflow import keras\n"
        "x = np.random.random((200, 4))\ny = np.random.randint(0, 2, size=(200, 1))\n"
        "model = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])\n"
        "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])\n"
        "model.fit(x, y)\n"
    )
    assert not codes(source) & {"DF403", "DF405", "DF406", "DF407"}


def test_labels_of_unknown_form_say_nothing() -> None:
    source = (
        "import numpy as np\nfrom tensorflow import keras\n"
        "x, y = np.load('x.npy'), np.load('y.npy')\n"
        "model = keras.Sequential([keras.layers.Dense(10, activation='softmax')])\n"
        "model.compile(optimizer='adam', loss='categorical_crossentropy')\n"
        "model.fit(x, y)\n"
    )
    assert not codes(source) & {"DF405", "DF406", "DF407"}


def next_number(targets: str) -> str:
    return (
        "import numpy as np\n"
        "from tensorflow import keras\n"
        "x = np.array([[1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 6], [5, 6, 7], [6, 7, 8]])\n"
        f"y = np.array({targets})\n"
        "model = keras.Sequential([keras.layers.Dense(10, activation='relu'),\n"
        "    keras.layers.Dense(1)])\n"
        "model.compile(optimizer='adam', loss='mse', metrics=['acc'])\n"
        "model.fit(x, y, epochs=100)\n"
    )


def test_the_next_numbers_of_sequences_are_not_class_ids() -> None:
    # Each target once and none at 0 or 1: a forecasting exercise, whatever `acc` says.
    assert "DF407" not in codes(next_number("[4, 5, 6, 7, 8, 9]"))


def test_a_first_regression_of_y_equal_to_x_is_not_class_ids() -> None:
    # Round 39b: a study repository's `x = y = np.array([1, ..., 10])` fitted with mse and
    # `metrics=['acc']`. Each number once, five or more of them: numbers, not classes.
    assert "DF407" not in codes(next_number("[1, 2, 3, 4, 5, 6]"))
    assert "DF407" not in codes(next_number("[0, 1, 2, 3, 4, 5]"))


def test_repeated_whole_numbers_regressed_with_accuracy_are_class_ids() -> None:
    assert "DF407" in codes(next_number("[0, 2, 1, 2, 0, 1]"))
    assert "DF407" in codes(next_number("[2, 3, 2, 4, 3, 4]"))


@pytest.mark.parametrize(
    ("loss", "labels", "said"),
    [
        ("'sparse_categorical_crossentropy'", "y", ": it trains"),
        ("'categorical_crossentropy'", "keras.utils.to_categorical(y, 10)", ": it trains"),
        # Labels built where the engine cannot read them: given one column of 0/1, Keras
        # raises at fit(), so the info does not promise that it trains.
        ("'categorical_crossentropy'", "load_labels()", ": with one-hot labels it trains"),
    ],
)
def test_sigmoid_units_under_a_categorical_loss_train_only_with_the_labels_it_takes(
    loss: str, labels: str, said: str
) -> None:
    source = mnist("keras.layers.Dense(10, activation='sigmoid')", loss, labels)
    [finding] = [d for d in findings(source) if d.code == "DF406"]
    assert said in finding.message


def test_sigmoid_units_under_a_categorical_loss_in_keras_2_code_are_not_said_to_train() -> None:
    # Keras 2 divides the sigmoid scores by their sum before the loss; a reader's notebook on
    # it logged a loss of 0.6931 for 30 epochs.
    source = mnist(
        "keras.layers.Dense(10, activation='sigmoid')",
        "'categorical_crossentropy'",
        "keras.utils.to_categorical(y, 10)",
    ).replace("epochs=2", "nb_epoch=2")
    [finding] = [d for d in findings(source) if d.code == "DF406"]
    assert "it trains" not in finding.message
    assert "the Keras this code is written for (1 or 2)" in finding.message


def test_sigmoid_units_under_a_categorical_loss_with_multi_hot_labels_are_told_the_loss() -> None:
    # Several genres per track, from MultiLabelBinarizer: the sigmoids are right, the loss is
    # not, and a softmax (the fix for exclusive classes) would make it worse.
    source = dedent(
        """\
        import numpy as np
        from sklearn.preprocessing import MultiLabelBinarizer
        from tensorflow import keras
        x = np.load("features.npy")
        tags = [["rock", "pop"], ["jazz"], ["rock"]]
        model = keras.Sequential([keras.layers.Dense(3, activation='sigmoid')])
        model.compile(optimizer='adam', loss='categorical_crossentropy')
        model.fit(x, MultiLabelBinarizer().fit_transform(tags), epochs=2)
        """
    )
    [finding] = [d for d in findings(source) if d.code == "DF406"]
    assert finding.severity.name == "INFO"
    assert "keep the sigmoid and use binary_crossentropy" in finding.message
    assert "use softmax" not in finding.message
    assert finding.fix is None
