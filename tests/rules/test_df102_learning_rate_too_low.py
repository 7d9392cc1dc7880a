"""DF102 weighs a rate against what it trains: the fit() that runs with it, plain SGD's input
scale, and models it can read whole."""

from __future__ import annotations

from textwrap import dedent

import pytest
from defib.engine import analyse_source
from defib.engine.diagnostics import Severity


def df102(source: str) -> list[str]:
    found = analyse_source(dedent(source), "train.py").diagnostics
    return [d.message for d in found if d.code == "DF102"]


SERIES = """
    import numpy as np
    import pandas as pd
    from tensorflow import keras
    series = pd.read_csv("sunspots.csv")["Monthly Mean Total Sunspot Number"].values
    x = np.stack([series[i:i + 30] for i in range(1000)])
    y = series[30:1030]
    model = keras.Sequential([keras.layers.Dense(10, activation="relu"), keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer=keras.optimizers.{optimizer})
    model.fit(x, y, epochs=100)
"""


def test_plain_sgd_at_1e7_on_raw_values_is_an_ordinary_step() -> None:
    # Sunspot counts up to about 250: the gradient is large, and the courses that train at
    # 1e-7 found the rate with a range test.
    assert df102(SERIES.format(optimizer="SGD(learning_rate=1e-7, momentum=0.9)")) == []


def test_plain_sgd_at_1e7_on_scaled_inputs_barely_moves() -> None:
    standardised = "x = (x - x.mean()) / x.std()\n    y = series[30:1030]"
    source = SERIES.replace("y = series[30:1030]", standardised).format(
        optimizer="SGD(learning_rate=1e-7, momentum=0.9)"
    )
    assert any("barely moves" in message for message in df102(source))


def test_adam_at_1e7_barely_moves_whatever_the_inputs() -> None:
    # Adam's step is about the rate, whatever the gradient's size.
    assert any("barely moves" in m for m in df102(SERIES.format(optimizer="Adam(1e-7)")))


RECOMPILED = """
    import numpy as np
    from tensorflow import keras
    x = np.random.rand(3200, 8)
    y = np.random.rand(3200, 1)
    model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, epochs=2, batch_size=32)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=1e-5, momentum=0.9), loss="mse")
    model.fit(x, y, epochs={epochs}, batch_size=32)
"""


def test_a_recompiled_rate_is_weighed_against_the_fit_that_follows_it() -> None:
    # 100 batches x 500 epochs at 1e-5 / (1 - 0.9): rate x steps 5, not the first fit's 200
    # steps.
    assert df102(RECOMPILED.format(epochs=500)) == []
    [message] = df102(RECOMPILED.format(epochs=1))
    assert "100 steps (1 epoch of 100 batches)" in message


def test_a_new_head_on_a_pretrained_base_is_not_weighed_by_steps() -> None:
    source = """
        import numpy as np
        from tensorflow import keras
        x = np.random.rand(320, 224, 224, 3)
        y = keras.utils.to_categorical(np.random.randint(0, 2, 320), 2)
        base = keras.applications.VGG16(weights="imagenet", include_top=False)
        base.trainable = False
        model = keras.Sequential([base, keras.layers.Flatten(),
            keras.layers.Dense(64, activation="relu"), keras.layers.Dense(2, activation="softmax")])
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-4),
            loss="categorical_crossentropy")
        model.fit(x, y, epochs=4, batch_size=32)
    """
    assert df102(source) == []
    assert df102(source.replace("base, ", "")) != []  # the same head alone is


def test_a_head_on_a_pretrained_layers_output_is_not_weighed_by_steps() -> None:
    source = """
        import numpy as np
        from tensorflow import keras
        x = np.random.rand(320, 224, 224, 3)
        y = keras.utils.to_categorical(np.random.randint(0, 2, 320), 2)
        base = keras.applications.VGG16(weights="imagenet", include_top=False)
        for layer in base.layers:
            layer.trainable = False
        h = keras.layers.Flatten()(base.get_layer("block5_pool").output)
        h = keras.layers.Dense(64, activation="relu")(h)
        model = keras.Model(base.input, keras.layers.Dense(2, activation="softmax")(h))
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-4),
            loss="categorical_crossentropy")
        model.fit(x, y, epochs=4, batch_size=32)
    """
    assert df102(source) == []


COSINE = """
    import numpy as np
    import keras
    x, y = np.random.rand(1000, 8), np.random.randint(0, 2, 1000)
    schedule = keras.optimizers.schedules.CosineDecay(0.0, decay_steps=1000{warmup})
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule), loss="binary_crossentropy")
    model.fit(x, y, epochs=5)
"""


def test_a_schedule_that_warms_up_from_zero_trains_at_its_target() -> None:
    # CosineDecay(0.0, ..., warmup_target=1e-3) rises from 0 to 1e-3, then decays from there.
    assert df102(COSINE.format(warmup=", warmup_target=0.001, warmup_steps=100")) == []
    assert df102(COSINE.format(warmup="")) == ["Learning rate 0: the weights never change"]


_HANDED_OVER = """import keras
from keras.callbacks import LearningRateScheduler
from trainers import TunableModel  # a training helper of another module


def step_decay(epoch):
    return 0.001 if epoch < 10 else 0.0001


model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0), loss="mse")
lrate = LearningRateScheduler(step_decay)
tunable = TunableModel(model)
tunable.train_model({arguments})
"""


def test_a_zero_rate_with_a_scheduler_handed_to_the_same_helper_is_not_reported() -> None:
    # Round 41b: Adam(lr=0) as a placeholder; the helper that trains the model was given a
    # scheduler that sets 0.001 from the first epoch.
    def codes(arguments: str) -> set[str]:
        source = _HANDED_OVER.format(arguments=arguments)
        return {d.code for d in analyse_source(source, "m.py").diagnostics}

    assert "DF102" not in codes("learningRate_scheduler=lrate, verbose=0")
    assert "DF102" not in codes("callbacks=[lrate]")
    # Without the scheduler the rate of 0 is what trains.
    assert "DF102" in codes("verbose=0")


_NEGATIVE = """import keras
import numpy as np
x = np.random.rand(256, 4)
y = np.random.randint(0, 2, 256)
{rate_line}
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=actor_lr),
              loss="binary_crossentropy")
model.fit(x, y, epochs=5)
"""


def test_a_negative_rate_is_an_error_that_names_the_typo() -> None:
    # Round 44a: an actor's `self.actor_lr = 2.5-4` (for 2.5e-4) is -1.5.
    analysis = analyse_source(_NEGATIVE.format(rate_line="actor_lr = 2.5-4"), "m.py")
    [found] = [d for d in analysis.diagnostics if d.code == "DF102"]
    assert found.severity == Severity.ERROR
    assert found.message.startswith("Learning rate -1.5 is negative (2.5e-4 without its e?)")
    assert found.fix is not None and "2.5e-4" in found.fix.message


def test_a_negative_rate_without_a_typo_to_read_offers_its_magnitude() -> None:
    analysis = analyse_source(_NEGATIVE.format(rate_line="actor_lr = -0.01"), "m.py")
    [found] = [d for d in analysis.diagnostics if d.code == "DF102"]
    assert "without its e" not in found.message
    assert found.fix is not None and found.fix.message == "Write 0.01"
    computed = analyse_source(_NEGATIVE.format(rate_line="actor_lr = 0.01 - 0.02"), "m.py")
    [found] = [d for d in computed.diagnostics if d.code == "DF102"]
    assert found.message.startswith("Learning rate -0.01 is negative:")
    assert found.fix is not None and found.fix.message == "Use the default rate 0.001"


def test_a_positive_rate_written_as_a_difference_is_left_alone() -> None:
    analysis = analyse_source(_NEGATIVE.format(rate_line="actor_lr = 0.002 - 0.001"), "m.py")
    assert [d for d in analysis.diagnostics if d.code == "DF102"] == []


_SCHEDULED = """import keras
from keras.callbacks import LearningRateScheduler


def scheduler(epoch, lr):
    return {returned}


model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0), loss="mse")
model.fit(x, y, epochs=5, callbacks=[LearningRateScheduler(scheduler)])
"""


def test_a_schedule_that_takes_the_rate_and_never_reads_it_sets_the_rate() -> None:
    # Round 55b: `scheduler(epoch, lr)` returning 0.2 / (1 + 0.319 * epoch) overrides the
    # optimizer's rate from the first epoch, so that rate is never trained with.
    def codes(returned: str) -> set[str]:
        return {
            d.code for d in analyse_source(_SCHEDULED.format(returned=returned), "m.py").diagnostics
        }

    assert "DF102" not in codes("0.2 / (1 + 0.319 * epoch)")
    # One that builds on the rate it is given trains with the optimizer's (0 here).
    assert "DF102" in codes("lr * 0.9")


_ADADELTA = """{imports}
inputs = Input((4,))
model = Model(inputs, Dense(1)(inputs))
model.compile(optimizer={optimizer}, loss="mse"){fit}
"""
_TF = "from tensorflow.keras.layers import Input, Dense\nfrom tensorflow.keras.models import Model"
_STANDALONE = "from keras.layers import Input, Dense\nfrom keras.models import Model"
_FIT = "\nmodel.fit(x, y, epochs=5)"


@pytest.mark.parametrize(
    ("imports", "optimizer", "fit", "reported"),
    [
        # tf.keras runs Adadelta() at 0.001.
        (_TF, '"adadelta"', _FIT, True),
        # Never trained here.
        (_TF, '"adadelta"', "", False),
        # `keras` imported itself: written for Keras 3 or for Keras up to 2.3 (1.0)?
        (_STANDALONE, '"adadelta"', _FIT, False),
        # ... unless it uses what only Keras 3 has.
        (_STANDALONE, '"adadelta"', _FIT + '\nmodel.save_weights("m.weights.h5")', True),
        # A rate written so is that rate under any Keras.
        (_STANDALONE + "\nfrom keras.optimizers import Adadelta", "Adadelta(lr=0.001)", _FIT, True),
    ],
)
def test_adadelta_s_default_is_judged_where_it_is_known(
    imports: str, optimizer: str, fit: str, reported: bool
) -> None:
    source = _ADADELTA.format(imports=imports, optimizer=optimizer, fit=fit)
    found = [d for d in analyse_source(source, "train.py").diagnostics if d.code == "DF102"]
    assert bool(found) is reported
