"""DF602: what a very high dropout rate does, by how high it is."""

from __future__ import annotations

from defib.engine import analyse_source
from defib.engine.diagnostics import Diagnostic, Severity

_MODEL = """import keras
model = keras.Sequential([
    keras.Input((32,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dropout({rate}),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""


def finding(rate: str) -> Diagnostic | None:
    found = analyse_source(_MODEL.format(rate=rate), "m.py").diagnostics
    return next((d for d in found if d.code == "DF602"), None)


def test_a_rate_near_one_is_a_risk_and_one_drops_everything() -> None:
    high, total = finding("0.95"), finding("1.0")
    assert high is not None and high.severity is Severity.INFO and high.fix is not None
    assert total is not None and total.severity is Severity.ERROR and "drops 100%" in total.message


def test_a_rate_above_one_is_not_a_rate_and_gets_no_guessed_fix() -> None:
    # `Dropout(num_classes)` for `Dense(num_classes)`: Keras 3 raises when the layer is made,
    # Keras 2 leaves the layer out. Neither drops "1000% of the inputs".
    found = finding("10")
    assert found is not None and found.severity is Severity.ERROR
    assert "not a fraction" in found.message and "%" not in found.message
    assert found.fix is None and found.what_if is None


def test_a_rate_of_one_in_keras_2_code_is_an_info_that_says_what_each_version_does() -> None:
    # Round 46a: standalone Keras 2 drops only for rates strictly between 0 and 1, so its
    # Dropout(1.0) does nothing; tf.keras 2 refuses it. Only Keras 3 zeros every input.
    source = _MODEL.format(rate="1.0").replace(
        "import keras\n", "import keras\nfrom keras.utils.np_utils import to_categorical\n"
    )
    found = analyse_source(source, "m.py").diagnostics
    [dropout] = [d for d in found if d.code == "DF602"]
    assert dropout.severity is Severity.INFO
    assert "standalone Keras 2 skips a rate of 1" in dropout.message
    assert dropout.fix is None


def test_a_parameter_named_like_a_keras_2_keyword_does_not_make_the_file_keras_2() -> None:
    # `def build(init="zeros", rate=1.0)`: the file's own function, not Keras 2's `init=`.
    source = (
        "import keras\n"
        "def build(init='glorot_uniform', rate=0.5):\n"
        "    return keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation='relu',"
        " kernel_initializer=init), keras.layers.Dropout(1.0), keras.layers.Dense(1)])\n"
        "model = build()\nmodel.compile(optimizer='adam', loss='mse')\n"
    )
    [dropout] = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF602"]
    assert dropout.severity is Severity.ERROR
