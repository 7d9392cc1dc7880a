"""DF304: which resets of a global generator run once per batch, and which draws they repeat."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source
from defib.engine.diagnostics import Diagnostic, Severity

_MODEL = """
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
"""


def _program(generator: str, fit: str = "model.fit(batches(x, y), steps_per_epoch=10)") -> str:
    head = "import random\nimport time\nimport numpy as np\nimport tensorflow as tf\nimport keras\n"
    data = 'x = np.load("x.npy")\ny = np.load("y.npy")\n'
    return head + data + generator + _MODEL + fit + "\n"


def _df304(source: str) -> list[Diagnostic]:
    return [d for d in analyse_source(source, "t.py").diagnostics if d.code == "DF304"]


_LOOP = """
def batches(x, y):
    while True:
{reset}
        idx = {draw}
        yield x[idx], y[idx]
"""


@pytest.mark.parametrize(
    ("reset", "draw"),
    [
        ("        np.random.seed(7)", "np.random.choice(len(x), 16)"),
        ("        random.seed(7)", "random.sample(range(len(x)), 16)"),
        ("        tf.random.set_seed(7)", "tf.random.shuffle(tf.range(len(x)))[:16]"),
        ("        keras.utils.set_random_seed(7)", "np.random.randint(0, len(x), 16)"),
        # A module constant, and a local bound only to a constant.
        ("        np.random.seed(SEED)", "np.random.permutation(len(x))[:16]"),
        ("        s = 3\n        np.random.seed(s)", "np.random.choice(len(x), 16)"),
    ],
)
def test_a_constant_reset_before_sample_draws_is_a_warning(reset: str, draw: str) -> None:
    source = _program("SEED = 42\n" + _LOOP.format(reset=reset, draw=draw))
    found = _df304(source)
    assert [d.severity for d in found] == [Severity.WARNING]


@pytest.mark.parametrize(
    ("reset", "draw"),
    [
        # Not a constant: a new seed every pass.
        ("        np.random.seed(np.random.randint(1000))", "np.random.choice(len(x), 16)"),
        ("        s = time.time()\n        np.random.seed(int(s))", "np.random.choice(16)"),
        # A counter's test: once in a while, or only on the first pass.
        ("        if step % 100 == 0:\n            np.random.seed(1)", "np.random.choice(16)"),
        # The reset is of another generator than the one drawn from.
        ("        random.seed(7)", "np.random.choice(len(x), 16)"),
        # No global draw to repeat.
        ("        np.random.seed(7)", "np.arange(16)"),
        ("        np.random.seed(7)", "np.random.RandomState(1).choice(len(x), 16)"),
    ],
)
def test_no_finding_when_nothing_repeats_every_batch(reset: str, draw: str) -> None:
    source = _program(_LOOP.format(reset=reset, draw=draw))
    assert _df304(source) == []


def test_a_reset_before_only_augmentation_draws_is_info() -> None:
    generator = """
def batches(x, y):
    while True:
        np.random.seed(7)
        idx = np.arange(16)
        yield x[idx] + np.random.normal(0, 0.1, (16, 8)), y[idx]
"""
    found = _df304(_program(generator))
    assert [d.severity for d in found] == [Severity.INFO]


def test_a_reset_per_epoch_around_the_batch_loop_is_not_reported() -> None:
    generator = """
def batches(x, y):
    while True:
        np.random.seed(0)
        order = np.random.permutation(len(x))
        for start in range(0, len(x), 16):
            yield x[order[start:start + 16]], y[order[start:start + 16]]
"""
    assert _df304(_program(generator)) == []


def test_a_generator_only_used_for_validation_is_not_reported() -> None:
    generator = _LOOP.format(reset="        np.random.seed(0)", draw="np.random.choice(len(x), 16)")
    fit = "model.fit(x, y, validation_data=batches(x, y), validation_steps=5)"
    assert _df304(_program(generator, fit)) == []


@pytest.mark.parametrize(
    "fit",
    [
        "model.fit_generator(generator=batches(x, y), steps_per_epoch=10)",
        "train = batches(x, y)\nmodel.fit_generator(train, steps_per_epoch=10)",
        # A model not understood here (loaded from disk): its fit() still takes the generator.
        'loaded = keras.models.load_model("m.keras")\nloaded.fit(batches(x, y), epochs=2)',
        'loaded = keras.models.load_model("m.keras")\ntrain = batches(x, y)\nloaded.fit(train)',
    ],
)
def test_the_generator_is_found_however_fit_is_given_it(fit: str) -> None:
    generator = _LOOP.format(reset="        np.random.seed(0)", draw="np.random.choice(len(x), 16)")
    assert len(_df304(_program(generator, fit))) == 1


def test_keras_random_transform_with_a_constant_seed_resets_numpy() -> None:
    generator = """
augmenter = keras.preprocessing.image.ImageDataGenerator(rotation_range=20)

def batches(x, y):
    while True:
        idx = np.random.choice(len(x), 16)
        images = [augmenter.random_transform(image, seed=1) for image in x[idx]]
        yield np.stack(images), y[idx]
"""
    found = _df304(_program(generator))
    assert len(found) == 1 and found[0].severity is Severity.WARNING


def test_a_helper_that_seeds_under_a_flag_of_its_own_is_not_reported() -> None:
    generator = """
def jitter(row, deterministic=False):
    if deterministic:
        np.random.seed(0)
    return row + np.random.normal(0, 0.1, row.shape)

def batches(x, y):
    while True:
        idx = np.random.choice(len(x), 16)
        yield np.stack([jitter(row) for row in x[idx]]), y[idx]
"""
    assert _df304(_program(generator)) == []


def test_a_helper_that_always_seeds_a_constant_is_reported_at_the_call() -> None:
    generator = """
def jitter(row):
    np.random.seed(0)
    return row + np.random.normal(0, 0.1, row.shape)

def batches(x, y):
    while True:
        idx = np.random.choice(len(x), 16)
        yield np.stack([jitter(row) for row in x[idx]]), y[idx]
"""
    found = _df304(_program(generator))
    assert len(found) == 1 and found[0].severity is Severity.WARNING
    assert "jitter" in found[0].message


def test_a_helper_seed_parameter_given_a_variable_is_not_reported() -> None:
    generator = """
def jitter(row, seed=None):
    if seed is not None:
        np.random.seed(seed)
    return row + np.random.normal(0, 0.1, row.shape)

def batches(x, y):
    step = 0
    while True:
        step += 1
        idx = np.random.choice(len(x), 16)
        yield np.stack([jitter(row, seed=step) for row in x[idx]]), y[idx]
"""
    assert _df304(_program(generator)) == []
