"""Which model the probe measures when the script builds several: `--line` and pre-training."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from defib.probe.report import format_text

from .helpers import line_of

pytestmark = pytest.mark.tensorflow

Probe = Callable[..., dict[str, Any]]

# An autoencoder is pre-trained, then a classifier reuses its encoder; its one-unit softmax
# head cannot vary, so the classifier collapses while the autoencoder is healthy.
PRETRAINED = """
import numpy as np
import keras
rng = np.random.default_rng(0)
x = rng.standard_normal((256, 8)).astype("float32")
labels = (x[:, 0] > 0).astype("float32")

inputs = keras.Input(shape=(8,))
encoder = keras.layers.Dense(4, activation="relu", name="code")
autoencoder = keras.Model(inputs, keras.layers.Dense(8, name="decoded")(encoder(inputs)), name="autoencoder")
autoencoder.compile(optimizer="adam", loss="mse")
history = autoencoder.fit(x, x, epochs=2, verbose=0)
with open("pretrained.txt", "w") as handle:
    handle.write(str(len(history.history.get("loss", []))))

classifier = keras.Sequential([inputs, encoder, keras.layers.Dense(1, activation="softmax")], name="classifier")
classifier.compile(optimizer="adam", loss="binary_crossentropy")
classifier.fit(x, labels, epochs=5)
"""


def test_line_after_a_pretraining_fit_probes_the_model_there(probe: Probe, tmp_path: Path) -> None:
    line = line_of(PRETRAINED, "classifier = keras.Sequential")
    report = probe(PRETRAINED, line=line)
    assert report["model"]["name"] == "classifier", report.get("error") or report["model"]
    assert report["model"]["line"] == line
    assert report["verdict"] == "collapsed"
    # The pre-training ran for real (two epochs), so the encoder starts where the script has it.
    assert (tmp_path / "pretrained.txt").read_text() == "2"
    seen = {m["name"]: m for m in report["models_seen"]}
    assert seen["autoencoder"]["fit"] == "trained"
    assert seen["autoencoder"]["line"] == line_of(PRETRAINED, "autoencoder = keras.Model")
    assert seen["classifier"]["probed"] and seen["classifier"]["fit"] == "probed"
    assert any("builds 2 models" in note for note in report["notes"])
    assert any("'autoencoder'" in note and "pre-training" in note for note in report["notes"])
    assert "pre-training" in format_text(report)


def test_without_a_line_the_first_fit_is_probed_and_the_script_stops_there(probe: Probe) -> None:
    report = probe(PRETRAINED)
    assert report["model"]["name"] == "autoencoder"
    assert report["verdict"] == "healthy"
    assert [m["name"] for m in report["models_seen"]] == ["autoencoder"]
    assert report["notes"] == []


def test_a_line_on_the_pretrained_model_still_probes_it(probe: Probe) -> None:
    report = probe(PRETRAINED, line=line_of(PRETRAINED, "autoencoder = keras.Model"))
    assert report["model"]["name"] == "autoencoder"
    assert report["verdict"] == "healthy"


ONE_MODEL = """
import numpy as np
import keras
keras.utils.set_random_seed(1)
rng = np.random.default_rng(0)
x = rng.standard_normal((256, 4)).astype("float32")
y = (x @ np.array([1.0, -2.0, 0.5, 3.0])).astype("float32")
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=30, verbose=0)
print(model.evaluate(x, y, verbose=0))
"""


def test_a_line_below_the_only_fit_probes_it_from_its_untrained_weights(probe: Probe) -> None:
    first = probe(ONE_MODEL)
    below = probe(ONE_MODEL, line=line_of(ONE_MODEL, "print(model.evaluate"))
    assert below["data"]["source"] == "fit"
    assert below["model"]["name"] == first["model"]["name"]
    # The same starting loss: the weights from before the real training the script ran.
    assert below["metrics"]["loss"][0] == pytest.approx(first["metrics"]["loss"][0], rel=1e-5)
    assert below["models_seen"][0]["fit"] == "probed"
