"""DF305 shuffled-apart."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.rules import Invalid, Rule, RuleContext

_PROGRAM = """import numpy as np
import keras

x = np.load("features.npy")
y = np.load("labels.npy")
{shuffle}
model = keras.Sequential([
    keras.Input((20,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=10)
"""

_HELPER = """import numpy as np
import tensorflow as tf
from glob import glob
from sklearn.utils import shuffle

def load(path):
    return sorted(glob(path + "/image/*.png")), sorted(glob(path + "/mask/*.png"))

def dataset(x, y, batch=8):
    return tf.data.Dataset.from_tensor_slices((x, y)).batch(batch)

train_x, train_y = load("train")
{split}
valid_x, valid_y = load("valid")
model = tf.keras.models.load_model("unet.keras")
model.fit(dataset(train_x, train_y), validation_data=dataset(valid_x, valid_y), epochs=20)
"""

_LOOP = """import numpy as np
import keras

def train(model, x, y, epochs):
    for epoch in range(epochs):
{body}        model.fit(x, y, epochs=1, shuffle=False)

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
train(model, np.load("x.npy"), np.load("y.npy"), 10)
"""


class ShuffledApart(Rule):
    """Features and labels put in different orders before they are used together.

    ## What it does
    Flags a call that takes two arrays as features and labels (`fit(x, y)` and its kin,
    `validation_data=(x, y)`, `from_tensor_slices((x, y))`, `train_test_split`, `zip`, or a
    function of the file that passes two of its parameters on to one of these) when, since
    either was last made, a shuffle in place reordered one of them and not the other:
    - `np.random.shuffle(x)` (or `random.shuffle`, a generator's `.shuffle(x)`) with `y` left
      in its order;
    - `np.random.shuffle(x)` and then `np.random.shuffle(y)`, with no reseed or restored state
      (`np.random.seed(s)`, `set_state`) between the two;
    - the result of a shuffle of both assigned back to one of them only:
      `x, y_val = shuffle(x, y)`.

    Read from the syntax in the order the statements run (a function from its parameters). Not
    flagged: a partner made again after the shuffle (perhaps from the shuffled array); an index
    array (`np.arange(n)`) shuffled to pick rows by; a copy made to be shuffled
    (`random_labels = labels.copy()`), which is how a random-label control is written.

    ## Why is this bad?
    A shuffle in place reorders the array it is given and nothing else. Every sample then
    trains with another sample's label: there is nothing left to learn, and the model learns
    the one thing the labels still say, how common each class is. Its output tends to the
    same class frequencies for every input. Measured with
    `bench/calibrate_shuffled_apart.py` (5 seeds, Dense(64) then softmax, Adam, 10,000 rows,
    5 epochs, on problems the paired model learns to 0.92-0.99 held-out accuracy): with the
    features shuffled alone, or each array on its own, held-out accuracy fell to chance (0.50
    and 0.53 on two balanced classes, 0.14 and 0.16 on ten), the spread of the predicted
    probability over held-out rows fell to 0.09-0.15 of the paired model's, and on two classes
    at 80/20 every held-out row was predicted as the majority class on the median seed.
    The fix of a DeepLabV3+ segmentation script ("typo in shuffling prevents model from
    converging": `train_x, valid_y = shuffling(train_x, train_y)`) is this bug. On the
    ecosystem corpus (9,412 files) it flags nothing: before copies were told apart it flagged
    the random-label experiment of *Deep Learning with Python* (three files), and before the
    calls that pair arrays were named, a YOLO script whose `lines` hold image and boxes together.

    ## Example
    ```python
    np.random.shuffle(x)
    np.random.shuffle(y)
    model.fit(x, y, epochs=10)
    ```

    ## Use instead
    ```python
    order = np.random.permutation(len(x))
    x, y = x[order], y[order]
    model.fit(x, y, epochs=10)
    ```

    ## Fix safety
    No fix: which arrays belong together is the user's call.
    """

    code = "DF305"
    name = "shuffled-apart"
    severity = Severity.WARNING
    message = "Features and labels shuffled apart: each sample trains with another's label"

    VALID = [
        _PROGRAM.format(shuffle="order = np.random.permutation(len(x))\nx, y = x[order], y[order]"),
        _PROGRAM.format(
            shuffle="idx = np.arange(len(x))\nnp.random.shuffle(idx)\nx = x[idx]\ny = y[idx]"
        ),
        # The same seed before each shuffle gives both the same permutation.
        _PROGRAM.format(
            shuffle="np.random.seed(7)\nnp.random.shuffle(x)\nnp.random.seed(7)\nnp.random.shuffle(y)"
        ),
        _PROGRAM.format(
            shuffle="state = np.random.get_state()\nnp.random.shuffle(x)\n"
            "np.random.set_state(state)\nnp.random.shuffle(y)"
        ),
        # Rows shuffled whole, then split into features and labels.
        _PROGRAM.format(
            shuffle="data = np.hstack([x, y[:, None]])\nnp.random.shuffle(data)\n"
            "x, y = data[:, :-1], data[:, -1]"
        ),
        # The labels are made again from the shuffled list.
        _PROGRAM.format(
            shuffle="import random\nrandom.shuffle(x)\ny = np.array([len(s) % 3 for s in x])"
        ),
        # A copy shuffled on purpose: training on random labels, as a control.
        _PROGRAM.format(shuffle="y = y.copy()\nnp.random.shuffle(y)"),
        _HELPER.format(split="train_x, train_y = shuffle(train_x, train_y, random_state=42)"),
        _LOOP.format(body=""),
    ]
    INVALID = [
        Invalid(_PROGRAM.format(shuffle="np.random.shuffle(x)\nnp.random.shuffle(y)")),
        Invalid(_PROGRAM.format(shuffle="np.random.shuffle(x)")),
        Invalid(
            _PROGRAM.format(
                shuffle="rng = np.random.default_rng(0)\nrng.shuffle(x)\nrng.shuffle(y)"
            )
        ),
        Invalid(
            _HELPER.format(split="train_x, valid_y = shuffle(train_x, train_y, random_state=42)")
        ),
        Invalid(_LOOP.format(body="        np.random.shuffle(x)\n")),
    ]

    def check(self, ctx: RuleContext) -> None:
        for pair in ctx.broken_pairs():
            shared = (
                "each sample is then trained against another sample's label, so the output "
                "tends to the labels' average, the same for every input. Shuffle both with one "
                f"permutation: `order = np.random.permutation(len({pair.moved}))`, then index both"
            )
            if pair.partner_shuffle is not None:
                message = (
                    f"`{pair.moved}` and `{pair.partner}` are shuffled each on its own, with no "
                    f"seed restored between the two shuffles, and then used together: {shared}"
                )
                related = [
                    (pair.shuffle, f"`{pair.moved}` shuffled here"),
                    (pair.partner_shuffle, f"`{pair.partner}` shuffled here, in another order"),
                ]
            else:
                message = (
                    f"`{pair.moved}` is shuffled here but `{pair.partner}`, used with it at line "
                    f"{pair.use.line}, keeps its order: {shared}"
                )
                related = [(pair.use, f"`{pair.moved}` and `{pair.partner}` used together")]
            where = pair.shuffle if pair.partner_shuffle is None else pair.partner_shuffle
            ctx.report(where, message, related=related)
