"""DF313 inputs-never-filled."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.rules import Invalid, Rule, RuleContext

_REPLAY = """import random
import numpy as np
from tensorflow import keras

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(24, activation="relu"),
                          keras.layers.Dense(2)])
model.compile(optimizer="adam", loss="mse")
memory = [(np.random.rand(1, 4), 0, 1.0) for _ in range(100)]

def replay(batch_size):
    batch = random.sample(memory, batch_size)
    states = np.zeros((batch_size, 4))
    targets = np.zeros((batch_size, 2))
    for i, (state, action, reward) in enumerate(batch):
        target = model.predict(state)[0]
        target[action] = reward{write}
    model.fit(states, targets, epochs=1, verbose=0)

replay(32)
"""


class InputsNeverFilled(Rule):
    """Inputs made by `np.zeros` that nothing fills before `fit()` trains on them.

    ## What it does
    Flags `fit(x, ...)` (or `train_on_batch`) where `x` was made by `np.zeros(...)` and the
    file never mentions `x` anywhere else: no item of it is written (`x[i] = state`), it is
    not passed to anything that could fill it, not read, not bound again. So it is all zeros
    when training reads it. The usual cause is a line lost from a loop that fills a batch: a
    replay buffer's `X[i], Y[i] = state, target`, or an exercise's loop left as a TODO.

    ## Why is this bad?
    Every sample is the same input, so the model cannot tell them apart: whatever it learns,
    it outputs one value for all of them (for mse, the mean of the targets). Nothing fails,
    and the loss still falls as that one value moves towards the targets' mean. Nothing here
    is measured by training: it is what identical inputs give. A real case (bench/buggy 402,
    from rlcode/reinforcement-learning): a double-DQN agent's `replay()` built `X` and `Y` with
    `np.zeros` and computed the targets, but the line writing them in was missing until a
    later commit added it. On the ecosystem corpus (14,444 files) the pattern appears once, in
    an exercise whose loop is left as a TODO; in 25,000 held-out files not at all with
    `np.zeros`, and once with `np.ones`, where the constant input is deliberate (a mixture
    density network's test fitting the targets' distribution alone), which is why only
    `np.zeros` is judged.

    ## Example
    ```python
    states = np.zeros((batch_size, 4))
    for i, (state, target) in enumerate(batch):
        pass  # states[i] = state was never written
    model.fit(states, targets)
    ```

    ## Use instead
    ```python
    states = np.zeros((batch_size, 4))
    for i, (state, target) in enumerate(batch):
        states[i] = state
    model.fit(states, targets)
    ```

    ## Fix safety
    No fix: what belongs in the array is the author's.
    """

    code = "DF313"
    name = "inputs-never-filled"
    severity = Severity.WARNING
    message = "These inputs are still all zeros when fit() trains on them"
    judges_training = False  # read from the file's text, not from a model

    VALID = [_REPLAY.format(write="\n        states[i] = state[0]\n        targets[i] = target")]
    INVALID = [Invalid(_REPLAY.format(write=""))]

    def check(self, ctx: RuleContext) -> None:
        for found in ctx.unfilled_inputs():
            ctx.report(
                found.trained,
                f"`{found.name}` is still all zeros when fit() trains on it: it is made by "
                "np.zeros and nothing in the file writes to it (no item set, not passed to "
                "anything that could fill it), so every sample is the same input and the "
                "model learns one output for all of them. Fill it before training",
                related=[(found.made, "made here, all zeros")],
            )
