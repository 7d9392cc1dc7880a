"""DF603: how much a dropout after the output costs, by its rate."""

from __future__ import annotations

from defib.engine import analyse_source
from defib.engine.config import Config
from defib.engine.diagnostics import Diagnostic, Severity

_MODEL = """import keras
import numpy as np
rate = np.random.choice([0.1, 0.3])
model = keras.Sequential([
    keras.Input((8,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1),
    keras.layers.Dropout({rate}),
])
model.compile(optimizer="adam", loss="mse")
"""


def finding(rate: str, config: Config | None = None) -> Diagnostic | None:
    found = analyse_source(_MODEL.format(rate=rate), "m.py", config).diagnostics
    return next((d for d in found if d.code == "DF603"), None)


def test_the_outputs_run_low_by_the_rate_and_a_small_rate_is_an_info() -> None:
    # Measured: 0.95 of the mean target at 0.05, 0.50 at 0.5; held-out error 0.008 at 0.01
    # against 0.007 without the dropout.
    high, small = finding("0.3"), finding("0.01")
    assert high is not None and high.severity is Severity.WARNING
    assert "run about 30% low" in high.message
    assert small is not None and small.severity is Severity.INFO
    assert "run about 1% low" in small.message and "not known" not in small.message


def test_a_rate_of_zero_drops_nothing() -> None:
    assert finding("0.0") is None and finding("rate=0") is None


def test_an_unknown_rate_is_an_info_without_a_figure() -> None:
    # It may be 0: the one such warning on the ecosystem corpus read a configuration's rate,
    # and both shipped configurations set it to 0.0.
    found = finding("rate")
    assert found is not None and found.severity is Severity.INFO and "%" not in found.message
    assert "rate is not known here" in found.message


def test_the_small_rate_is_a_threshold_the_user_sets() -> None:
    config = Config(thresholds={"small-rate": 0.5})
    found = finding("0.3", config)
    assert found is not None and found.severity is Severity.INFO


def test_a_classifiers_dropped_scores_are_said_to_flatten_its_probabilities() -> None:
    # A reader's replica of a keyword spotter: top probability 0.14 against 0.60, same accuracy.
    source = """import tensorflow as tf
from tensorflow.keras import layers, models
model = models.Sequential([layers.Input(shape=(40,)), layers.Dense(64, activation="relu"),
    layers.Dropout(0.5)])
model.compile(optimizer="adam",
    loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(x, y, epochs=3)
"""
    [finding] = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF603"]
    assert "the class scores themselves" in finding.message
    assert "under-confident" in finding.message and "% low" not in finding.message


def test_a_binary_classifiers_one_probability_is_not_called_class_scores() -> None:
    # A held-out reader found "class scores" and "the predicted class" odd for one sigmoid.
    source = """import tensorflow as tf
from tensorflow.keras import layers, models
model = models.Sequential([layers.Input(shape=(40,)), layers.Dense(64, activation="relu"),
    layers.Dense(1, activation="sigmoid"), layers.Dropout(0.5)])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=3)
"""
    [finding] = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF603"]
    assert "the predicted probability itself" in finding.message
    assert "class" not in finding.message and "under-confident" in finding.message
