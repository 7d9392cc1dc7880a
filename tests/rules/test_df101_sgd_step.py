"""DF101 on plain SGD's step against a regression's inputs: rate x the sum of their squares."""

from __future__ import annotations

from defib.engine import analyse_source
from defib.engine.diagnostics import Severity

# Inputs 0..199 in one feature: the sum of squared maxima is 199^2 = 39,601.
_PROGRAM = """import numpy as np
import keras
x = np.array(range(200), dtype="float32")
y = 3.0 * x + 1.0
m = keras.Sequential([keras.Input((1,)), {layers}])
m.compile(optimizer={optimizer}, loss="{loss}")
m.fit({fit_x}, y, epochs=10)
"""
_LINEAR = "keras.layers.Dense(1)"
_MLP = 'keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)'


def findings(
    *,
    layers: str = _LINEAR,
    optimizer: str = "keras.optimizers.SGD(learning_rate=0.001)",
    loss: str = "mse",
    fit_x: str = "x",
    code: str = "DF101",
) -> list[Severity]:
    source = _PROGRAM.format(layers=layers, optimizer=optimizer, loss=loss, fit_x=fit_x)
    return [d.severity for d in analyse_source(source, "m.py").diagnostics if d.code == code]


def test_a_linear_model_whose_step_diverges_is_a_warning() -> None:
    # 0.001 x 39,601 = 39.6
    assert findings() == [Severity.WARNING]


def test_a_small_enough_rate_is_not_reported() -> None:
    # 1e-4 x 39,601 = 3.96: trains in every calibrated setting
    assert findings(optimizer="keras.optimizers.SGD(learning_rate=1e-4)") == []


def test_momentum_widens_the_stable_range() -> None:
    # 3e-4 x 39,601 = 11.9 alone, 6.2 with momentum 0.9
    assert findings(optimizer="keras.optimizers.SGD(learning_rate=3e-4)") == [Severity.WARNING]
    assert findings(optimizer="keras.optimizers.SGD(learning_rate=3e-4, momentum=0.9)") == []


def test_hidden_layers_make_it_an_info_from_a_larger_step() -> None:
    assert findings(layers=_MLP) == [Severity.INFO]  # 39.6
    assert findings(layers=_MLP, optimizer="keras.optimizers.SGD(learning_rate=5e-4)") == []


def test_adaptive_optimizers_absolute_losses_and_scaled_inputs_are_not_reported() -> None:
    assert findings(optimizer="keras.optimizers.Adam(learning_rate=0.001)") == []
    assert findings(loss="mae") == []
    assert findings(fit_x="x / 199.0") == []


def test_df301_leaves_a_linear_sgd_models_input_magnitude_to_the_step() -> None:
    assert findings(optimizer="keras.optimizers.SGD(learning_rate=1e-5)", code="DF301") == []


def test_df301_leaves_a_linear_models_input_magnitude_alone_under_adam() -> None:
    # Adam's steps do not grow with the inputs, and nothing saturates without an activation
    # (bench/calibrate_linear_model_scale.py: fitted at inputs up to 10,000 on 24 of 24 runs).
    assert findings(optimizer="keras.optimizers.Adam()", code="DF301") == []
    # With a hidden ReLU the same inputs stay a warning.
    assert findings(layers=_MLP, optimizer="keras.optimizers.Adam()", code="DF301") == [
        Severity.WARNING
    ]


_WIDE = """import keras
m = keras.Sequential([
    keras.Input((784,)),
    keras.layers.Dense(100, activation="selu"),
    keras.layers.Dense({units}, activation="sigmoid"),
])
m.compile(optimizer=keras.optimizers.SGD(learning_rate={rate}), loss="{loss}")
"""


def rate_findings(units: int, rate: float, loss: str = "binary_crossentropy") -> list[Severity]:
    source = _WIDE.format(units=units, rate=rate, loss=loss)
    return [d.severity for d in analyse_source(source, "m.py").diagnostics if d.code == "DF101"]


def test_sgd_at_one_and_a_half_on_a_loss_averaged_over_a_wide_output_is_only_a_risk() -> None:
    # Measured (10 epochs, 784 inputs in [0, 1]): SGD 1.5 trained 64-, 256- and 784-unit
    # sigmoid outputs under binary cross-entropy, and 784-pixel autoencoders under either
    # loss; it gave NaN on 1 and 10 units.
    assert rate_findings(784, 1.5) == [Severity.INFO]
    assert rate_findings(784, 1.5, loss="mse") == [Severity.INFO]
    assert rate_findings(64, 1.5) == [Severity.INFO]


def test_a_narrow_output_a_summed_loss_or_a_higher_rate_stays_a_warning() -> None:
    assert rate_findings(10, 1.5) == [Severity.WARNING]
    assert rate_findings(784, 1.5, loss="categorical_crossentropy") == [Severity.WARNING]
    # At 5: 64 units diverged, 256 collapsed to a constant output.
    assert rate_findings(784, 5.0) == [Severity.WARNING]


_TIED = """import keras
import tensorflow as tf

class DenseTranspose(keras.layers.Layer):
    def __init__(self, dense, activation=None):
        super().__init__()
        self.dense = dense
        self.activation = keras.activations.get(activation)

    def call(self, inputs):
        return self.activation(tf.matmul(inputs, self.dense.weights[0], transpose_b=True))

dense_1 = keras.layers.Dense(392, activation="selu")
inputs = keras.Input(shape=(28, 28))
code = dense_1(keras.layers.Flatten()(inputs))
outputs = keras.layers.Reshape({shape})(DenseTranspose(dense_1, activation="sigmoid")(code))
tied_ae = keras.Model(inputs, outputs)
tied_ae.compile(loss="binary_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=1.5))
"""


def tied_findings(shape: str) -> list[Severity]:
    source = _TIED.format(shape=shape)
    return [d.severity for d in analyse_source(source, "m.py").diagnostics if d.code == "DF101"]


def test_a_closing_reshape_gives_the_width_of_an_output_layer_the_file_defines() -> None:
    # The tied-weights autoencoder of a real notebook: its decoder layer's width is not
    # written, the Reshape after it says 784 values reach the loss.
    assert tied_findings("[28, 28]") == [Severity.INFO]
    assert tied_findings("(28 * 28,)") == [Severity.INFO]
    # A shape that leaves a size to the input, or one too narrow, decides nothing.
    assert tied_findings("(-1, 28)") == [Severity.WARNING]
    assert tied_findings("(2, 5)") == [Severity.WARNING]


def test_inputs_so_large_that_no_useful_rate_fits_are_told_to_be_standardised() -> None:
    # Round 40b: inputs reaching 35,682 got "lower the rate (to 1e-10 or less)", and a fix to
    # 1e-10, a rate DF102 calls too low to train. Only scaling helps there.
    large = _PROGRAM.replace("range(200)", "range(200_000)").format(
        layers=_LINEAR, optimizer="keras.optimizers.SGD(learning_rate=0.001)", loss="mse", fit_x="x"
    )
    [finding] = [d for d in analyse_source(large, "m.py").diagnostics if d.code == "DF101"]
    assert finding.message.endswith(
        "; standardise the inputs (a rate small enough for them, 1e-11, would barely train)"
    )
    assert finding.fix is None and finding.what_if is None
    # Where a rate of 1e-6 or more is small enough, it is offered.
    [finding] = [
        d
        for d in analyse_source(
            _PROGRAM.format(
                layers=_LINEAR,
                optimizer="keras.optimizers.SGD(learning_rate=0.001)",
                loss="mse",
                fit_x="x",
            ),
            "m.py",
        ).diagnostics
        if d.code == "DF101"
    ]
    assert finding.message.endswith("standardise the inputs or lower the rate (to 1e-05 or less)")
    assert finding.fix is not None and finding.what_if is not None
