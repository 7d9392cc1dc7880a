"""DF501 on a sigmoid output under a regression loss that reports accuracy: certain it is a
classifier only where fit()'s labels are known to be classes; worded as a condition where the
targets are not known (columns read from a file); silent on targets known to be continuous, and
so is a softmax output."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source

_MODEL = """import numpy as np
import keras
x = np.random.rand(200, 8)
{targets}
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense({units}, activation="sigmoid")])
model.compile(loss="mean_squared_error", optimizer="adadelta", metrics=["accuracy"])
model.fit(x, y, epochs=10)
"""


def df501(targets: str, units: int = 1) -> list[str]:
    source = _MODEL.format(targets=targets, units=units)
    return [d.message for d in analyse_source(source, "m.py").diagnostics if d.code == "DF501"]


def test_labels_known_to_be_classes_make_it_a_classifier() -> None:
    [message] = df501("y = np.random.randint(0, 2, 200)")
    assert message.startswith("mse on a sigmoid classifier: it usually trains, but more slowly")


def test_targets_read_from_a_file_make_it_a_condition() -> None:
    # Two sigmoid units regressing wheel speeds read from the robot's log, as a reader found.
    [message] = df501('y = np.loadtxt("log.csv", delimiter=",", usecols=(8, 9))', units=2)
    assert "as a classifier does: if the targets are 0/1 classes" in message
    assert "a regression onto a bounded range keeps mse" in message


@pytest.mark.parametrize(
    "targets", ["y = np.random.uniform(-0.2, 1.0, 200)", "y = [0.1, 0.5, 0.9]"]
)
def test_targets_known_to_be_continuous_are_not_reported(targets: str) -> None:
    assert df501(targets) == []


_SOFTMAX = """import numpy as np
import keras
x = np.random.rand(200, 8)
{targets}
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(3, activation="softmax")])
model.compile(loss="mse", optimizer="adam")
model.fit(x, y, epochs=10)
"""


def test_a_softmax_fitted_to_continuous_targets_is_not_called_a_classifier() -> None:
    # Cross-entropy would not be the fix for real-valued targets: say nothing.
    source = _SOFTMAX.format(targets="y = np.random.rand(200, 3)")
    assert [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF501"] == []
    classes = _SOFTMAX.format(
        targets="y = keras.utils.to_categorical(np.random.randint(0, 3, 200))"
    )
    [finding] = [d for d in analyse_source(classes, "m.py").diagnostics if d.code == "DF501"]
    assert finding.message.startswith("mse on a softmax classifier over 3 classes:")


_Q_NETWORK = """import numpy as np
import keras

model = keras.Sequential([
    keras.Input((8,)),
    keras.layers.Dense(24, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="mse")
state = np.random.rand(1, 8)
{targets}
model.fit(state, target, epochs=1, verbose=0)
"""


def test_a_softmax_fitted_to_targets_of_unknown_form_is_told_both_ways() -> None:
    source = _Q_NETWORK.format(targets="target = np.load('targets.npy')")
    [finding] = [d for d in analyse_source(source, "dqn.py").diagnostics if d.code == "DF501"]
    assert finding.severity.value == "info"
    assert "if the targets are classes" in finding.message
    assert "a softmax cannot fit them, since its outputs lie in (0, 1)" in finding.message


def test_a_softmax_fitted_to_its_own_predictions_is_a_q_network() -> None:
    # Q-learning's targets, the model's predict() with the action's return written in: values
    # a softmax cannot hold (held-out reader 70b: the linear output is the fix, not a loss).
    source = _Q_NETWORK.format(targets="target = model.predict(state)\ntarget[0][1] = 12.5")
    [finding] = [d for d in analyse_source(source, "dqn.py").diagnostics if d.code == "DF501"]
    assert finding.severity.value == "warning"
    assert finding.message.startswith("Softmax output fitted with mse to the model's own")
    assert finding.fix is not None and "linear" in finding.fix.edits[0].new_text
    # Another model's predictions (a teacher's soft labels) are not this model's returns.
    teacher = _Q_NETWORK.format(
        targets="teacher = keras.models.clone_model(model)\ntarget = teacher.predict(state)"
    )
    [finding] = [d for d in analyse_source(teacher, "kd.py").diagnostics if d.code == "DF501"]
    assert "if the targets are classes" in finding.message


def test_a_softmax_fitted_to_one_hot_classes_is_a_classifier() -> None:
    source = _Q_NETWORK.format(
        targets="target = keras.utils.to_categorical(np.random.randint(0, 3, 1), 3)"
    )
    [finding] = [d for d in analyse_source(source, "c.py").diagnostics if d.code == "DF501"]
    assert finding.message.startswith("mse on a softmax classifier over 3 classes: it usually")


def test_a_sigmoid_and_a_few_classes_are_pointed_to_their_loss_and_many_keep_the_risk() -> None:
    # Replicas of sigmoid classifiers, and of softmax ones over 3 and 10 classes (round 46a),
    # trained under mse as well as under cross-entropy; a 46-way softmax predicted one class.
    sigmoid = _MODEL.format(targets="y = np.random.randint(0, 2, 200)", units=1)
    softmax = _SOFTMAX.format(
        targets="y = keras.utils.to_categorical(np.random.randint(0, 3, 200))"
    )
    many = _SOFTMAX.format(
        targets="y = keras.utils.to_categorical(np.random.randint(0, 46, 200), 46)"
    ).replace("Dense(3, activation", "Dense(46, activation")
    severities = [
        d.severity.value
        for source in (sigmoid, softmax, many)
        for d in analyse_source(source, "m.py").diagnostics
        if d.code == "DF501"
    ]
    assert severities == ["hint", "hint", "info"]
