"""How loops are read: over the indices of a list, and in nests too long to read whole."""

from __future__ import annotations

from defib.engine import analyse_source

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
