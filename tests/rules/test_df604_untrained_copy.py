"""DF604: which uses of a model let training reach it, and which leave it as built."""

from __future__ import annotations

from defib.engine import analyse_source
from defib.engine.diagnostics import Diagnostic

_PROGRAM = """import numpy as np
import keras
import some_library

def body(x):
    return keras.layers.Dense(2)(keras.layers.Dense(8, activation="relu")(x))

def train(net, x, y):
    net.fit(x, y, epochs=1)

x, y = np.random.rand(64, 4), np.random.rand(64, 2)
inputs = keras.Input((4,))
model = keras.Model(inputs, body(inputs))
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=2)
target = keras.Model(inputs, body(inputs))
{use}
target.predict(x)
"""


def findings(use: str) -> list[Diagnostic]:
    source = _PROGRAM.format(use=use)
    return [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF604"]


def test_a_fresh_copy_that_only_predicts_is_reported() -> None:
    (finding,) = findings("")
    assert finding.range.start.line == 16  # `target = keras.Model(...)`, 0-based
    assert [r.message for r in finding.related] == [
        "the model trained instead, with copies of its layers",
        "predicts with the weights it was built with",
    ]


def test_weights_loaded_under_an_unknown_condition_are_named() -> None:
    (finding,) = findings("if some_library.resume:\n    target.load_weights('w.h5')")
    assert "nor those it loads under a condition" in finding.message


def test_uses_that_may_give_the_copy_trained_weights_are_left_alone() -> None:
    # A target network refreshed from the trained one, a restored checkpoint, its weights
    # reached through its layers, a library's training helper, a function of the file that
    # trains it, and the copy called on a tensor.
    for use in (
        "target.set_weights(model.get_weights())",
        "target.load_weights('w.h5')",
        "for a, b in zip(target.layers, model.layers):\n    a.set_weights(b.get_weights())",
        "some_library.train(target, x, y)",
        "train(target, x, y)",
        "outputs = target(keras.Input((4,)))",
    ):
        assert findings(use) == [], use


def test_a_model_sharing_the_trained_models_layers_is_left_alone() -> None:
    source = """import numpy as np
import keras
inputs = keras.Input((4,))
hidden = keras.layers.Dense(8, activation="relu")(inputs)
outputs = keras.layers.Dense(1)(hidden)
model = keras.Model(inputs, outputs)
features = keras.Model(inputs, hidden)
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(64, 4), np.random.rand(64, 1))
features.predict(np.random.rand(8, 4))
"""
    assert [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF604"] == []


def test_a_model_holding_a_later_build_of_a_trained_model_is_left_alone() -> None:
    # A tutorial notebook builds and trains `create_model()` twice, then wraps the second one
    # for export. The engine keeps one model per place it is built; the export model holds the
    # layers of the second build, which is trained.
    source = """import numpy as np
import keras

def create_model(classes):
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                             keras.layers.Dense(classes)])

x = np.random.rand(64, 4)
model = create_model(3)
model.compile(optimizer="adam", loss="mse")
model.fit(x, np.random.rand(64, 3))
model = create_model(1)
model.compile(optimizer="adam", loss="mse")
model.fit(x, np.random.rand(64, 1))
export_model = keras.Sequential([model, keras.layers.Activation("sigmoid")])
export_model.predict(x)
"""
    assert [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF604"] == []


def test_a_list_holding_itself_given_to_unknown_code_does_not_end_the_reading() -> None:
    source = """import keras
import some_library
a = []
a.append(a)
some_library.use(a)
m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="softmax")])
m.compile(loss="binary_crossentropy", optimizer="adam")
"""
    codes = [d.code for d in analyse_source(source, "m.py").diagnostics]
    assert "DF401" in codes


def test_a_model_sharing_its_layers_with_a_compiled_one_is_left_alone() -> None:
    # An actor-critic agent: each build makes a compiled model and a policy that shares its
    # layers. The first agent is only printed (its fit() is never reached); the second trains.
    source = """import numpy as np
import keras

def build():
    state = keras.Input((4,))
    hidden = keras.layers.Dense(16, activation="relu")(state)
    probabilities = keras.layers.Dense(2, activation="softmax")(hidden)
    actor = keras.Model(state, probabilities)
    actor.compile(optimizer="adam", loss="categorical_crossentropy")
    policy = keras.Model(state, probabilities)
    return actor, policy

class Agent:
    def __init__(self, actor, policy):
        self.actor, self.policy = actor, policy

    def act(self, state):
        return self.policy.predict(state)

    def learn(self, x, y, dry_run=False):
        if dry_run:
            print(x, y)
        else:
            self.actor.train_on_batch(x, y)

x, y = np.random.rand(8, 4), np.eye(2)[np.random.randint(0, 2, 8)]
first = Agent(*build())
first.act(x)
first.learn(x, y, dry_run=True)
second = Agent(*build())
second.act(x)
second.learn(x, y)
"""
    assert [d.code for d in analyse_source(source, "m.py").diagnostics] == []


def test_a_copy_holding_a_block_given_the_trained_weights_is_left_alone() -> None:
    # The head is built again, given the weights the trained head saved, and called as a block
    # of the model that predicts: that model does not predict with the weights it was built with.
    source = """import numpy as np
import keras

def head():
    return keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(2)])

x, y = np.random.rand(64, 4), np.random.rand(64, 2)
trained = head()
trained.compile(optimizer="adam", loss="mse")
trained.fit(x, y, epochs=2)
trained.save_weights("head.weights.h5")
copy = head()
{load}
inputs = keras.Input((4,))
model = keras.Model(inputs, copy(inputs))
model.predict(x)
"""
    loaded = source.format(load='copy.load_weights("head.weights.h5")')
    assert [d for d in analyse_source(loaded, "m.py").diagnostics if d.code == "DF604"] == []
    fresh = source.format(load="")
    assert [d.code for d in analyse_source(fresh, "m.py").diagnostics if d.code == "DF604"] == [
        "DF604"
    ]
