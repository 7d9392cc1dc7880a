"""How loops are read: over the indices of a list, and in nests too long to read whole."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source
from defib.engine.diagnostics import Severity

# Each hidden block ends in a BatchNormalization, whose values take both signs: a ReLU output
# fed by it is a risk (info), fed by the ReLU Dense alone a warning.
_BLOCKS = """import numpy as np
import keras
from keras import layers

def build(widths=[64, 32]):
    inputs = keras.Input((10,))
    x = inputs
    for {loop}:
        x = layers.Dense({width}, activation="relu")(x)
        x = layers.BatchNormalization()(x)
    model = keras.Model(inputs, layers.Dense(1, activation="relu")(x))
    model.compile(optimizer="adam", loss="mse")
    return model

model = build(widths=[876, 461, 437])
model.fit(np.random.rand(100, 10), np.random.rand(100), epochs=10)
"""


@pytest.mark.parametrize(
    ("loop", "width"),
    [
        ("width in widths", "width"),
        ("n in range(len(widths))", "widths[n]"),
        ("n in range(np.shape(widths)[0])", "widths[n]"),
    ],
)
def test_a_loop_over_a_lists_indices_reads_its_items(loop: str, width: str) -> None:
    source = _BLOCKS.format(loop=loop, width=width)
    [found] = [d for d in analyse_source(source, "model.py").diagnostics if d.code == "DF402"]
    assert found.severity is Severity.INFO
    assert "BatchNormalization" in found.message


def test_a_length_another_use_could_take_as_a_class_count_stays_unknown() -> None:
    # len() of a list is read for range() alone: a list's items may be a sample of what the
    # code appends, so `classes = len(names)` must not become a class count.
    source = """import os
import keras
names = ["background"]
names.extend(sorted(os.listdir("data")))
classes = len(names)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(classes, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""
    assert [d.code for d in analyse_source(source, "model.py").diagnostics] == []


_NEST = """import numpy as np
import keras

agent = keras.Sequential([keras.Input((4,)), keras.layers.Dense(24, activation="relu"),
    keras.layers.Dense(2)])
agent.compile(optimizer="adam", loss="mse")
memory = []


def replay(batch):
    for state, target in batch:
        q = agent.predict(state)
        q[0][0] = target * 0.99 + np.amax(agent.predict(state)[0])
        agent.fit(state, q, epochs=1, verbose=0)


for episode in range(1000):
    state = np.random.rand(1, 4)
    for step in range(500):
        memory.append((state, 1.0))
        replay(memory[-32:])

head = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="softmax")])
"""


def test_a_long_nest_of_training_loops_does_not_hide_what_follows_it() -> None:
    # Every pass trains the agent, so no pass is quiet: read whole, the nest of episodes and
    # steps used up the file's budget before the one-unit softmax after it was reached.
    found = analyse_source(_NEST, "agent.py").diagnostics
    assert [(d.code, d.range.start.line) for d in found] == [("DF401", 23)]


def test_a_list_extended_by_what_is_not_known_is_not_read_whole() -> None:
    # Read as one pass, the loop would leave the rate at 1.0 (a DF101 warning under SGD); the
    # list holds more than that one item, so the rate after the loop is not known.
    source = """import numpy as np
import keras
stages = ["warmup"]
stages.extend(np.load("schedule.npy").tolist())
rate = 0.1
for stage in stages:
    rate = rate * 10
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=rate), loss="mse")
"""
    assert [d.code for d in analyse_source(source, "model.py").diagnostics] == []


def test_a_layer_whose_units_a_loop_varies_has_no_known_units() -> None:
    # Each pass builds the model at the same place with other units; the one kept stands for
    # all of them, so its first pass's single unit is not the model's.
    sweep = (
        "import keras\n"
        "for i in range(1, 11):\n"
        "    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(i, activation='softmax')])\n"
        "    print(model.count_params())\n"
    )
    assert "DF401" not in {d.code for d in analyse_source(sweep, "sweep.py").diagnostics}
    same = sweep.replace("Dense(i,", "Dense(1,")
    assert "DF401" in {d.code for d in analyse_source(same, "same.py").diagnostics}


_CONFIGS = """import keras

def build(hidden):
    model = keras.Sequential([keras.Input((784,))])
    for i, units in enumerate(hidden):
        model.add(keras.layers.Dense(units, activation="relu" if i == 0 else "sigmoid"))
    model.add(keras.layers.Dense(10, activation="softmax"))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model

configs = {{"shallow": [128], "deep": [256] * 3 + [128] * 4 + [64] * 4 + [32] * 3 + [16]}}
{loop}
    model = build({config})
"""


@pytest.mark.parametrize(
    ("loop", "config"),
    [
        ("for name, config in configs.items():", "config"),
        ("for config in configs.values():", "config"),
        ("for name in configs.keys():", "configs[name]"),
        ("for name in configs:", "configs[name]"),
    ],
)
def test_a_loop_over_a_dicts_entries_reads_each_of_them(loop: str, config: str) -> None:
    source = _CONFIGS.format(loop=loop, config=config)
    [found] = [d for d in analyse_source(source, "model.py").diagnostics if d.code == "DF201"]
    assert found.message.startswith("14 consecutive sigmoid hidden layers")


def test_a_dict_with_entries_not_known_is_not_read_whole() -> None:
    # A count taken in a loop over a dict that `update()` filled with what is not known is
    # not the dict's known entries' count.
    source = """import keras
widths = {"a": 8}
widths.update(more_widths)
count = 0
for name, width in widths.items():
    count = count + 1
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(count, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""
    assert [d.code for d in analyse_source(source, "model.py").diagnostics] == []
