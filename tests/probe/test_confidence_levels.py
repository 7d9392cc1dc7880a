"""Each level of confidence on real models: confirmed, likely, inconclusive (real TensorFlow)."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

import pytest
from defib.probe.report import exit_code, format_text

from .helpers import finding, line_of

pytestmark = pytest.mark.tensorflow

Probe = Callable[..., dict[str, Any]]

# Five sigmoid layers under plain SGD on raw 0-255 pixel values, binary labels: the first
# layer saturates, the output varies by about 2e-3 of the labels' spread at both ends of the
# first 30 steps and the loss stays at chance (0.72 -> 0.70). It used to be reported healthy,
# exit 0, without watching longer.
SATURATED_PIXELS = """
import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.integers(0, 256, size=(2048, 8)).astype("float32")  # raw pixel values, not scaled
y = (x[:, 0] > x[:, 1]).astype("float32")

model = keras.Sequential([keras.Input(shape=(8,))])
for _ in range(5):
    model.add(keras.layers.Dense(8, activation="sigmoid"))
model.add(keras.layers.Dense(1, activation="sigmoid"))
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="binary_crossentropy")
model.fit(x, y, epochs=20, batch_size=32)
"""


def test_saturated_sigmoids_at_chance_are_watched_longer_and_never_called_healthy(
    probe: Probe,
) -> None:
    first = probe(SATURATED_PIXELS, seed=3, watch_longer=False)
    # What the first 30 steps show: a near-constant output and a loss at chance.
    assert 1e-3 < first["metrics"]["spread_ratio_end"] < 1e-2
    assert first["metrics"]["loss"][-1] > 0.9 * first["metrics"]["loss"][0]
    assert first["verdict"] == "inconclusive"
    assert exit_code(first) == 3
    assert "the longer watch was off" in finding(first, "DF900")["message"]

    report = probe(SATURATED_PIXELS, seed=3)
    assert report["metrics"]["watched_longer_from"] == 30
    assert report["verdict"] in ("inconclusive", "collapsed")
    assert exit_code(report) in (1, 3)
    if report["verdict"] == "inconclusive":
        advice = finding(report, "DF900")
        assert "defib run train.py" in advice["message"]
        assert report["confidence"] is None


def test_a_softmax_over_one_unit_is_a_confirmed_collapse_and_an_error(probe: Probe) -> None:
    text = """
import keras
import numpy as np
rng = np.random.default_rng(0)
x = rng.standard_normal((512, 8)).astype("float32")
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="softmax"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, (x[:, 0] > 0).astype("float32"), epochs=20)
"""
    report = probe(text)
    assert (report["verdict"], report["confidence"]) == ("collapsed", "confirmed")
    assert finding(report, "DF901")["severity"] == "error"
    assert exit_code(report) == 1
    assert "COLLAPSED (confirmed: measured" in format_text(report)


def test_a_non_finite_loss_is_a_confirmed_divergence(probe: Probe) -> None:
    text = """
import numpy as np
import keras
rng = np.random.default_rng(0)
x = rng.uniform(0, 1000, size=(512, 8)).astype("float32")
y = x @ rng.uniform(0, 10, 8)
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0), loss="mse")
model.fit(x, y, epochs=20)
"""
    report = probe(text)
    assert (report["verdict"], report["confidence"]) == ("diverged", "confirmed")


def test_a_model_that_learns_is_likely_healthy(probe: Probe) -> None:
    text = """
import numpy as np
import keras
rng = np.random.default_rng(0)
x = rng.standard_normal((512, 8)).astype("float32")
y = x @ rng.standard_normal(8)
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=20)
"""
    report = probe(text)
    assert (report["verdict"], report["confidence"]) == ("healthy", "likely")
    assert exit_code(report) == 0
    assert "HEALTHY (likely: read from the first steps or projected" in format_text(report)


LAMBDA_SOFTMAX = """
import keras
import numpy as np
rng = np.random.default_rng(0)
x = rng.standard_normal((512, 8)).astype("float32")
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1),
    keras.layers.Lambda(lambda t: keras.ops.softmax(t)),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, (x[:, 0] > 0).astype("float32"), epochs=20)
"""


def test_a_static_finding_the_measurement_contradicts_is_reported_as_a_disagreement(
    probe: Probe,
) -> None:
    # The static engine cannot see the softmax inside the Lambda and takes the output for
    # linear (DF404); the probe measures its outputs: always 1.0, a probability.
    compile_line = line_of(LAMBDA_SOFTMAX, "model.compile")
    df404 = {
        "code": "DF404",
        "line": compile_line,
        "what_if": {"kind": "from_logits", "value": True, "description": "from_logits=True"},
    }
    report = probe(LAMBDA_SOFTMAX, hints=[df404])
    assert (report["verdict"], report["confidence"]) == ("collapsed", "confirmed")
    (note,) = report["disagreements"]
    assert note["code"] == "DF404"
    assert note["line"] == compile_line
    assert "the probe measured probabilities" in note["note"]
    assert "probe and static analysis disagree: DF404 reads the output layer as linear" in (
        format_text(report)
    )
    # A model whose output really is linear agrees with DF404: no note.
    linear = LAMBDA_SOFTMAX.replace(
        "    keras.layers.Lambda(lambda t: keras.ops.softmax(t)),\n", ""
    )
    assert probe(linear, hints=[df404])["disagreements"] == []


def diagnostics_for(text: str, report: dict[str, Any]) -> list[Any]:
    """The editor's diagnostics for a real report (the language server's conversion)."""
    from defib.lsp.convert import probe_diagnostics
    from defib.lsp.documents import Part, Snapshot

    body = text.lstrip("\n")
    uri = "file:///a/train.py"
    part = Part(uri, 1, 1, body.count("\n") + 1)
    found = probe_diagnostics(Snapshot(uri, "/a/train.py", body, (part,)), report)
    return found.get(uri, [])


def test_the_editor_shows_each_level_with_its_own_severity(probe: Probe) -> None:
    from lsprotocol import types as lsp

    text = LAMBDA_SOFTMAX.replace(
        "keras.layers.Dense(1),\n", 'keras.layers.Dense(1, activation="softmax"),\n'
    )
    confirmed = probe(text)
    assert confirmed["confidence"] == "confirmed"
    (collapse,) = [d for d in diagnostics_for(text, confirmed) if d.code == "DF901"]
    assert collapse.severity == lsp.DiagnosticSeverity.Error
    assert collapse.range.start.line + 1 == line_of(text, 'Dense(1, activation="softmax")')
    assert collapse.message.startswith("probe (confirmed): constant output")

    likely = {**confirmed, "confidence": "likely"}
    (collapse,) = [d for d in diagnostics_for(text, likely) if d.code == "DF901"]
    assert collapse.severity == lsp.DiagnosticSeverity.Warning
    assert collapse.message.startswith("probe (likely): ")

    undecided = probe(SATURATED_PIXELS, seed=3, watch_longer=False)
    (advice,) = [d for d in diagnostics_for(SATURATED_PIXELS, undecided) if d.code == "DF900"]
    assert advice.severity == lsp.DiagnosticSeverity.Information
    assert "defib run train.py" in advice.message


# A ReLU classifier under plain SGD at 3: it learns in the first 30 steps (the loss falls, the
# output varies as much as the labels), but every step moves its layers by about a tenth of
# their weights, and on some seeds its units die a few hundred steps later.
LARGE_STEPS = """
import numpy as np
import keras
rng = np.random.default_rng(0)
x = rng.standard_normal((2048, 8)).astype("float32")
y = (x @ rng.standard_normal(8) > 0).astype("float32")
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=3.0), loss="binary_crossentropy")
model.fit(x, y, epochs=20, batch_size=32)
"""


def test_steps_that_large_are_watched_longer_not_called_healthy_at_step_30(probe: Probe) -> None:
    first = probe(LARGE_STEPS, watch_longer=False)
    # Typical steps (the median over the second half) move some layer by a twentieth or more.
    ratios = [layer["update_ratios"][15:] for layer in first["model"]["layers"]]
    assert max(statistics.median(late) for late in ratios if late) >= 0.05
    assert first["metrics"]["spread_ratio_end"] > 0.5  # it learns: nothing else looks wrong
    assert first["verdict"] == "inconclusive"
    assert "the longer watch was off" in finding(first, "DF900")["message"]

    report = probe(LARGE_STEPS)
    assert report["metrics"]["watched_longer_from"] == 30
    assert report["metrics"]["steps"] > 30


# Nadam at 2: the first steps blow the output up to tens of times the targets' spread, and it
# falls back over the watch; projected at that rate it would be constant by the end of
# training, but the fall may stop at the targets' spread.
OVERSHOOT = """
import numpy as np
import keras
rng = np.random.default_rng(0)
x = rng.standard_normal((2048, 8)).astype("float32")
y = x @ rng.standard_normal(8)
model = keras.Sequential([keras.Input(shape=(8,))])
for _ in range(2):
    model.add(keras.layers.Dense(64, activation="relu"))
model.add(keras.layers.Dense(1))
model.compile(optimizer=keras.optimizers.Nadam(learning_rate=2.0), loss="mse")
model.fit(x, y, epochs=20, batch_size=32)
"""


def test_a_collapse_projected_from_an_overshoot_is_not_called_likely(probe: Probe) -> None:
    report = probe(OVERSHOOT, seed=2)
    history = report["metrics"]["watch_history"]
    # The output still varies more than the targets at the last look, falling back.
    assert 1.0 < history[-1]["spread_ratio"] < history[-2]["spread_ratio"]
    assert report["metrics"]["projected"]["spread_ratio"] < 1e-3
    assert report["verdict"] == "inconclusive"
    message = finding(report, "DF900")["message"]
    assert "the output still varies more than the targets" in message
    assert "settle near the targets' spread or keep falling" in message
