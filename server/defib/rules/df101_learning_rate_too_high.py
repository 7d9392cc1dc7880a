"""DF101 learning-rate-too-high."""

from __future__ import annotations

import math

from defib.engine import keras_names as kn
from defib.engine.diagnostics import Severity, WhatIf
from defib.engine.model import ACTIVATION_LAYERS, SHAPE_ONLY_LAYERS, ModelSpec, OptimizerSpec
from defib.engine.rules import Invalid, Rule, RuleContext
from defib.rules.df102_learning_rate_too_low import LearningRateTooLow

# A linear regression on exam scores (up to 100) in three columns.
_LINEAR = """import numpy as np
import keras
x = np.array([[73.0, 80.0, 75.0], [93.0, 88.0, 93.0], [89.0, 91.0, 90.0], [96.0, 98.0, 100.0]])
y = np.array([[152.0], [185.0], [180.0], [196.0]])
m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
m.compile(optimizer=keras.optimizers.SGD(learning_rate={rate}), loss="mse")
m.fit(x, y, epochs=100)
"""

# TensorFlow's regression tutorial: a linear model of one normalised column, fitted to miles
# per gallon (about 10 to 45) with the absolute error.
_NORMALISED_LINEAR = """import numpy as np
import tensorflow as tf
from tensorflow.keras import layers
horsepower = np.array(train_features["Horsepower"])
normalizer = layers.Normalization(input_shape=[1], axis=None)
normalizer.adapt(horsepower)
model = tf.keras.Sequential([normalizer, layers.Dense(units=1)])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate={rate}), loss="mean_absolute_error")
model.fit(train_features["Horsepower"], train_labels, epochs=100, validation_split=0.2)
"""

# A single sigmoid unit learning the AND gate, a first exercise of many courses.
_GATE = """import numpy as np
import keras
x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]){scale}
y = np.array([[0], [0], [0], [1]])
m = keras.Sequential([keras.Input((2,)),{hidden} keras.layers.Dense(1, activation="sigmoid")])
m.compile(optimizer=keras.optimizers.SGD(learning_rate={rate}), loss="binary_crossentropy")
m.fit(x, y, epochs=2000)
"""

# An MLP of sigmoid layers classifying digits, as classic course code writes it.
_SIGMOID_MLP = """import keras
(x, y), _ = keras.datasets.mnist.load_data()
m = keras.Sequential([
    keras.Input((784,)),
    keras.layers.Dense(512, activation="{hidden}"),
    keras.layers.Dense(512, activation="{hidden}"),
    keras.layers.Dense(10, activation="softmax"),
])
m.compile(optimizer=keras.optimizers.SGD(learning_rate={rate}), loss="sparse_categorical_crossentropy")
m.fit(x.reshape(-1, 784) / 255.0, y, batch_size=128, epochs=10{callbacks})
"""
# Below this a rate is DF102's "too low to train" (its default `min-learning-rate`).
_SMALLEST_USEFUL_RATE = LearningRateTooLow.thresholds["min-learning-rate"]
_BY_EPOCH = ", callbacks=[keras.callbacks.LearningRateScheduler(lambda epoch: 0.01)]"
_FROM_RATE = ", callbacks=[keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.9)]"


class LearningRateTooHigh(Rule):
    """A learning rate far above what its optimizer tolerates.

    ## What it does
    Flags an optimizer whose learning rate (written directly, through a constant, a default
    argument, a config dict or a schedule's `initial_learning_rate`) is at or above the limit
    of its family: 0.3 for adaptive optimizers (Adam, AdamW, Nadam, RMSprop, Adagrad, ...) and
    1.0 for plain SGD, as a warning; an adaptive rate from 0.1 up to that limit is reported as
    an info. SGD at 0.1, with or without momentum, is ordinary and is not flagged, nor is SGD
    with gradient clipping (`clipnorm`, as in classic language models at 1.0) below 10.0.
    Plain SGD below 2.0 on a loss averaged over 64 or more output units (squared or absolute
    error, binary cross-entropy: an autoencoder's pixels) is an info. A model of one Dense
    layer (a linear, logistic or softmax regression, as the logic-gate exercises train)
    whose inputs' largest values are known is judged by its step instead (below): under 10,
    any rate is fine. Nor is plain SGD below 5 (the rate over 1 - momentum) reported on a
    classifier (a softmax or sigmoid output under cross-entropy) whose one to three hidden
    layers are all sigmoid, nor plain SGD below 4 on one to three ReLU layers under one sigmoid
    unit trained with the squared error. Nor is any rate reported when fit() is given a
    `LearningRateScheduler` whose function takes the epoch alone (it sets the rate from the
    first epoch on); one of `(epoch, lr)` may build on the optimizer's rate, which is judged.

    Plain SGD's step is also weighed against the inputs of a regression (mean squared error):
    when the largest value of each input feature is known (literal arrays, `range()`), the
    rate x the sum of their squares (divided by 1 + momentum and by the output units) is a
    warning from 10 on a linear model (Dense layers with no activation) and an info from 30
    on a stack of Dense layers with hidden activations. When a linear model's columns are
    read from a data file with no scaling, their scale is not known: an info states the
    column size at which the step diverges.

    ## Why is this bad?
    Each step overshoots: weights jump past the minimum, activations saturate or die, and the
    model often settles on predicting one value (the mean of the targets) or produces NaN.
    Measured on a two-layer ReLU regression (20 epochs, 5 seeds; final training loss, median;
    the healthy control at Adam's default reached 0.031): Adam at 0.1 reached 0.035, as good as
    the default, at 0.3 0.60, at 1.0 8.7 (about what predicting the mean costs) and at 10.0
    988; RMSprop at 0.1 reached 0.56, and at 0.3 three runs of five ended with a constant
    output; SGD at 1.0 gave NaN in every run. On real code, small models (a linear unit, a
    five-unit RNN) train well at 0.1, so a rate there is only a risk.

    Under Adam, two kinds of model are not given that info. A model of one Dense layer (a
    linear, logistic or softmax regression): measured with
    `bench/calibrate_one_layer_adaptive.py` (scikit-learn's iris, wine, digits and breast-cancer
    tables as loaded and standardised, one Dense layer, 50 epochs, 3 seeds), Adam at 0.1 and 0.2
    reached held-out accuracy as high as at 0.001 or higher in all 8 settings (wine as loaded
    0.73-0.87 against 0.16-0.60; digits 0.92-0.97 against 0.93-0.96), every class predicted on
    every run. RMSprop (`--optimizer rmsprop`, 2026-12-07) did as well in 7 of the 8 settings
    and predicted every class on all 48 runs at 0.1 and 0.2; breast cancer as loaded fell to
    0.39-0.41 on one seed of three, against 0.78 at 0.001 (0.92-0.94 on the others). A
    held-out reader's replica of one `Dense(1)` fitted to x + noise over [-1000, 1000] under
    `RMSprop(0.1)` brought the loss from 12,611 to 34, where 0.001 left it at 57,028. So one
    Dense layer under RMSprop is not given the info either. And a regression (a linear output under a regression loss) fitted to targets read
    from a file and not scaled: with `bench/calibrate_linear_adaptive_rate.py --stack relu` (a
    64-16-1 ReLU stack, 60 epochs, 3 seeds), on price-scale targets Adam at 0.1 left 0.04-0.15
    of the targets' variance against 2.9 at 0.001, which never reached them; on standardised
    targets 0.1 matched 0.01 (0.031-0.040). Held-out readers' replicas trained at Adam 0.1: a
    softmax regression on two features (95% on 5 of 5 seeds) and insurance-charge regressors (R²
    0.86 against 0.74 at 0.001). Both exemptions hold for Adam and its variants (AdamW, Adamax,
    Nadam), whose steps are about the rate in size. RMSprop keeps the info: at 0.1 it ended a
    two-layer ReLU regression at 0.56 against 0.031 (above), and one layer on breast-cancer
    features as loaded at 0.39-0.41 held-out accuracy on one seed of three, against 0.70-0.78 at
    0.001. At 0.3 and above the warning stands for both: the ReLU stack ended constant on 2 of 3
    seeds at 0.3 on standardised targets.

    A model with no activation at all, fitted to targets read from a file and not scaled, gets
    an info instead: Adam's steps are about the rate in size, and targets in the hundreds of
    thousands take a high rate to reach. Measured with
    `bench/calibrate_linear_adaptive_rate.py` (three features over [0, 100], `Dense(1)` and a
    16-8-1 linear stack, Adam, 60 epochs, 3 seeds; final loss over the targets' variance): on
    price-scale targets (about 180,000) Adam at 5.0 came closest (2.2-2.5, against 47-52 at
    0.001; the stack fitted at 0.3 to 5.0, 0.03-0.18); on standardised targets 0.3 was best
    (0.03) and 1.0 and 5.0 overshot (up to 109 for `Dense(1)`, 1,600-116,000 for the stack),
    so scaled targets keep the warning.

    A linear model of normalised inputs (a `Normalization` layer adapted to the data, then one
    `Dense` layer with no activation, as TensorFlow's regression tutorial builds) is judged on
    its own: its loss cannot blow up under Adam's bounded steps, and the rate it needs depends
    on the targets' scale. Measured with `bench/calibrate_linear_adaptive_rate.py --stack
    normalised` (100 epochs, 3 seeds; final squared error over the targets' variance): on
    standardised targets the default 0.001 reached 0.03-0.09, 0.5 0.04-0.06, 1.0 0.04-0.10
    and 5.0 0.10-0.61 (absolute error: 0.03, 0.04-0.05, 0.04-0.30, 0.58-2.1); on targets in the
    hundreds 0.001 was still 36-39 and 0.1 12-14 after 100 epochs, 0.5 to 5.0 fitted
    (0.03). Below 1.0 nothing is reported; from 1.0 an info. A held-out reader's notebook
    trained such a model at 0.5 on targets of 200-500 to the error of its deep twin.

    A loss that averages over the output's units divides each unit's gradient by their number.
    Measured with `bench/calibrate_wide_output_sgd.py` (784 inputs in [0, 1], Dense(100, selu)
    x 3, a sigmoid output, 10 epochs, batches of 32): SGD at 1.5 trained 64-, 256- and 784-unit
    outputs under binary cross-entropy and 784-pixel autoencoders under binary cross-entropy
    or squared error (8 of 8 runs), and gave NaN on 1 and 10 units (4 of 4); at 5.0 the
    64-unit output diverged and the 256-unit one ended constant (4 of 4), while the
    autoencoder still trained; at 15 the autoencoder gave NaN. The stacked-autoencoder recipe
    at SGD 1.5 in real course code is therefore an info, not a warning. The output's width is
    its layer's units or, after a layer of the file's own (a tied-weights decoder), the target
    shape of a closing `Reshape`.

    The mean squared error's curvature along the inputs is 2 x E[x x^T] (over the output
    units): a linear model's SGD step diverges once the rate x its largest eigenvalue passes
    1, and the sum of the features' largest squares bounds that eigenvalue from above (a
    third to all of it for inputs spread over their range). Calibrated
    (`bench/calibrate_rules.py --match "rate*sum"`: 512 samples, inputs uniform in [0, M] or
    [-M, M], SGD(0.01), batches of 32, 20 epochs, 5 seeds): a linear model trained normally
    at 0.3, 1 and 3 in all four settings (one or three features, of one sign or centred),
    gave NaN in 5/5 runs at 10 except three centred features (2/5), and NaN in 5/5 runs at
    30 in all four settings; with one hidden ReLU layer of 32 units (three features) it
    trained at 1, and broke in 3/5 (constant output, inputs of one sign) and 5/5 (NaN,
    centred) runs at 10 and in 5/5 runs at 30.

    A sigmoid's or softmax's slope is at most 1/4, so that bound holds more loosely still for
    a single logistic or softmax layer. Measured with `bench/calibrate_one_layer_sgd.py`
    (SGD(1.0, momentum 0.02), 5 seeds): one sigmoid unit learned AND and OR from the four 0/1
    pairs on every seed, under the squared error and binary cross-entropy (step 2), and a
    separable rule on two features in [0, 1], [0, 3] or [0, 10] (steps 2, 18 and 200) with
    98-100% training accuracy. So a one-layer model below a step of 10 is not reported at
    any rate; above it the warning stands, which the last figure shows to be cautious for
    binary cross-entropy. XOR needs a hidden layer: at 1.0 a 2-2-1 network (sigmoid hidden
    units, a linear output, the squared error) ended worse than predicting the mean on 4 of 5
    seeds, and solved it on 5 of 5 at 0.3 (the held-out check that prompted this exemption).

    A classifier of sigmoid layers tolerates more: a softmax or sigmoid output under
    cross-entropy gives each logit a gradient of at most 1 (under the squared error, at most
    half of that), and each sigmoid passes at most a quarter of what it receives back. Measured
    with `bench/calibrate_saturating_sgd.py` (784 inputs in [0, 1], hidden Dense layers of 256
    units, a 10-way softmax, plain SGD in batches of 128, 5 epochs, 3 seeds, from Keras's
    default initialiser and from uniform weights in [-0.01, 0.01]): one or two sigmoid layers
    trained at 1, 3 and 5 on all 36 runs (test accuracy 1.00 from the default initialiser; two
    layers from the small weights reached 0.12-0.48 over 5-8 predicted classes, never a
    constant), and two ended constant at 10 on 6 of 6. Three sigmoid layers did no better at 0.1
    than at 1 (constant or nearly, 1-4 classes, on every run): the depth fails there (DF201),
    not the rate. Two ReLU or tanh layers ended constant or NaN at 3 on 12 of 12 runs and stay
    judged by the plain limit. A 2-2-1 sigmoid network under binary cross-entropy learned XOR at
    1.0 on 4 of 5 seeds, as at 0.3; under the squared error, with a sigmoid output, on 4 of 5 at
    1.0 and 1 of 5 at 0.3 (`bench/calibrate_one_layer_sgd.py`; a reader of the fixes found the
    rate's fix made an exercise's XOR net constant). This came from a held-out check: a course's
    MNIST MLP (512-512 sigmoid, weights in [-0.01, 0.01]) at SGD 1.0 reached 97% in 4 epochs,
    and stayed constant at 0.1.

    The squared error on one sigmoid unit passes back 2 (p - y) p (1 - p), at most about 0.3,
    to the output's logit, where binary cross-entropy passes p - y. Measured with
    `bench/calibrate_sigmoid_mse_sgd.py` (4,000 rows of six 0/1 flags or twenty features in
    [0, 1], ReLU hidden layers of 20-150-80 or 64-64 units, one sigmoid unit, plain SGD in
    batches of 20, 20 epochs, 3 seeds): under the squared error every run trained at 1, 2 and
    3 (36 of 36, held-out accuracy 0.86-0.90) and 11 of 12 at 5; under binary cross-entropy
    the output ended constant at 2 on 9 of 12 runs and at 3 and 5 on 24 of 24. So plain SGD
    below 4 on such a model under the squared error is not reported; under binary
    cross-entropy, where 11 of 12 runs trained at 1, a rate below 2 is an info and from 2 a
    warning. These came from held-out checks: a trading script's 20-150-80 ReLU network on six
    indicator flags, SGD at 2 under the squared error, whose replica trained on 8 of 8 seeds;
    and an XOR exercise's 16 ReLU units under one sigmoid at SGD 1.0 under binary
    cross-entropy, solved on 8 of 8 seeds.

    ## Example
    ```python
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=10.0), loss="mse")
    ```

    ## Use instead
    ```python
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")
    ```

    ## Fix safety
    Unsafe: the fix sets the optimizer's default rate (0.001 for Adam, 0.01 for SGD), a sane
    start but a tuning choice that is the user's to make. For SGD's step against the inputs,
    it sets the largest power of ten at which rate x the sum of the inputs' squares stays
    below 1; standardising the inputs is often the better fix, and only the author can make
    it everywhere the model is used.
    """

    code = "DF101"
    name = "learning-rate-too-high"
    severity = Severity.WARNING
    message = "Learning rate far above what the optimizer tolerates"
    thresholds = {
        "adaptive-max-learning-rate": 0.3,
        "adaptive-high-learning-rate": 0.1,
        "adaptive-normalised-linear-high-learning-rate": 1.0,
        "adaptive-normalised-linear-very-high-learning-rate": 5.0,
        "sgd-max-learning-rate": 1.0,
        "sgd-wide-output-units": 64,
        "sgd-wide-output-max-learning-rate": 2.0,
        "adadelta-max-learning-rate": 10.0,
        "sgd-clipped-max-learning-rate": 10.0,
        "sgd-sigmoid-classifier-max-learning-rate": 5.0,
        "sgd-sigmoid-squared-error-max-learning-rate": 4.0,
        "sgd-sigmoid-crossentropy-max-learning-rate": 2.0,
        "sgd-step-likely-diverges": 10.0,
        "sgd-step-diverges": 30.0,
    }

    VALID = [
        # A linear regression of normalised inputs: Adam's steps are about the rate in size.
        _NORMALISED_LINEAR.format(rate="0.5"),
        "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n"
        "m.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss='mse')\n",
        "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n"
        "m.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9), loss='mse')\n",
        _LINEAR.format(rate="1e-05"),
        _LINEAR.format(rate="0.01").replace("m.fit(x,", "m.fit(x / 100.0,"),
        # One layer on 0/1 inputs: rate x the sum of the inputs' squares is 2.
        _GATE.format(scale="", hidden="", rate="1.0"),
        # Sigmoid hidden layers under cross-entropy pass small gradients back.
        _SIGMOID_MLP.format(hidden="sigmoid", rate="1.0", callbacks=""),
        # And under the squared error on a sigmoid output: XOR's exercise net learns at 1.0.
        _GATE.format(scale="", hidden=' keras.layers.Dense(2, activation="sigmoid"),', rate="1.0")
        .replace("[[0], [0], [0], [1]]", "[[0], [1], [1], [0]]")
        .replace('"binary_crossentropy"', '"mse"'),
        # The scheduler's rate is the one trained with.
        _SIGMOID_MLP.format(hidden="relu", rate="10.0", callbacks=_BY_EPOCH),
    ]
    INVALID = [
        Invalid(
            "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n"
            "m.compile(optimizer=keras.optimizers.Adam(learning_rate=10.0), loss='mse')\n",
            "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n"
            "m.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss='mse')\n",
        ),
        Invalid(
            "from keras.optimizers import SGD\nimport keras\nLR = 1.0\n"
            "m = keras.Sequential([keras.layers.Dense(1)])\n"
            "m.compile(optimizer=SGD(lr=LR), loss='mse')\n",
            "from keras.optimizers import SGD\nimport keras\nLR = 0.01\n"
            "m = keras.Sequential([keras.layers.Dense(1)])\n"
            "m.compile(optimizer=SGD(lr=LR), loss='mse')\n",
        ),
        Invalid(_LINEAR.format(rate="0.01"), _LINEAR.format(rate="1e-05")),
        # A hidden layer (XOR needs one): the step bound holds for one layer only. Measured:
        # this 2-2-1 network with a linear output under the squared error fails XOR at 1.0.
        Invalid(
            _GATE.format(
                scale="", hidden=' keras.layers.Dense(2, activation="sigmoid"),', rate="1.0"
            )
            .replace("[[0], [0], [0], [1]]", "[[0], [1], [1], [0]]")
            .replace('Dense(1, activation="sigmoid")', "Dense(1)")
            .replace('"binary_crossentropy"', '"mse"')
        ),
        # One layer, but inputs up to 10: the step is 200.
        Invalid(_GATE.format(scale=" * 10", hidden="", rate="1.0")),
        Invalid(
            _SIGMOID_MLP.format(hidden="sigmoid", rate="10.0", callbacks=""),
            _SIGMOID_MLP.format(hidden="sigmoid", rate="0.01", callbacks=""),
        ),
        Invalid(
            _SIGMOID_MLP.format(hidden="relu", rate="3.0", callbacks=""),
            _SIGMOID_MLP.format(hidden="relu", rate="0.01", callbacks=""),
        ),
        # A schedule of (epoch, lr) builds on the optimizer's rate.
        Invalid(
            _SIGMOID_MLP.format(hidden="relu", rate="10.0", callbacks=_FROM_RATE),
            _SIGMOID_MLP.format(hidden="relu", rate="0.01", callbacks=_FROM_RATE),
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            optimizer = model.compile.optimizer if model.compile else None
            if optimizer is None or optimizer.learning_rate is None:
                continue
            if (model.fit is not None and model.fit.rate_scheduled) or (
                model.rate_scheduled_elsewhere
            ):
                continue  # a LearningRateScheduler sets the rate from the first epoch on
            if not self._check_rate(ctx, model, optimizer):
                self._check_sgd_step(ctx, model, optimizer)

    def _normalised_linear(
        self, ctx: RuleContext, model: ModelSpec, optimizer: OptimizerSpec
    ) -> bool:
        """An Adam-family rate on a linear regression of normalised inputs: its steps are about
        the rate in size, so the weights wander by that much around the fit and cannot blow up
        (calibrate_linear_adaptive_rate, `--stack normalised`); whether it was reported."""
        rate = optimizer.learning_rate
        assert rate is not None
        if rate < ctx.threshold("adaptive-normalised-linear-high-learning-rate"):
            return False
        arg = optimizer.learning_rate_arg
        where = arg.where if arg is not None else optimizer.where
        name = _title(optimizer.name)
        # Measured on unit-scale targets, squared or absolute error over their variance: at
        # 1.0 0.04-0.30 (the default rate: 0.03), at 5.0 0.10-2.1; targets in the hundreds
        # fitted at both (0.03).
        cost = (
            "up to 10 times the default rate's error"
            if rate < ctx.threshold("adaptive-normalised-linear-very-high-learning-rate")
            else "at 5 it ended up to twice as far off as predicting their mean"
        )
        message = (
            f"Learning rate {_rate(rate)} is high for {name} on a linear model of normalised "
            "inputs: its steps are about the rate in size, which targets in the hundreds "
            "need, but on targets of unit scale the weights keep jumping around the fit "
            f"(risk: {cost} in calibration; a rate of 0.5 fitted both)"
        )
        # No fix: the default rate (0.001) left targets in the hundreds 36 times their variance
        # away after 100 epochs, where 0.5 fitted them and unit-scale targets alike.
        ctx.report(where, message, severity=Severity.INFO, model=model)
        return True

    def _check_rate(self, ctx: RuleContext, model: ModelSpec, optimizer: OptimizerSpec) -> bool:
        """The rate against its optimizer's limit; whether it was reported."""
        if optimizer.learning_rate is None or optimizer.uses_default_rate:
            return False
        severity = Severity.WARNING
        rate = optimizer.learning_rate
        if optimizer.name in kn.ADAPTIVE_OPTIMIZERS:
            limit = ctx.threshold("adaptive-max-learning-rate")
            if rate < limit:
                severity = Severity.INFO
                limit = ctx.threshold("adaptive-high-learning-rate")
        elif optimizer.name == "adadelta":
            limit = ctx.threshold("adadelta-max-learning-rate")
        else:
            limit = ctx.threshold("sgd-max-learning-rate")
        if rate < limit:
            return False
        if optimizer.clipped and optimizer.name not in kn.ADAPTIVE_OPTIMIZERS:
            # Clipping bounds each step: SGD at 1.0 with clipnorm is a classic recipe.
            limit = ctx.threshold("sgd-clipped-max-learning-rate")
            if rate < limit:
                return False
        if optimizer.name == "sgd" and _one_layer_step_is_small(ctx, model, optimizer):
            return False
        adam = optimizer.name in kn.ADAM_FAMILY
        if adam and _linear_on_normalised_inputs(model):
            return self._normalised_linear(ctx, model, optimizer)
        one_layer = (adam or optimizer.name == "rmsprop") and _one_dense_layer(model)
        if severity is Severity.INFO and (
            one_layer or (adam and _regression_on_raw_file_targets(model))
        ):
            # Below the adaptive limit, a one-layer model trained as well or better than at
            # the default rate under Adam and RMSprop (calibrate_one_layer_adaptive), and a
            # regression onto raw price-scale targets needs Adam's rate to reach them
            # (calibrate_linear_adaptive_rate).
            return False
        if optimizer.name == "sgd":
            # Plain SGD's rate over 1 - momentum, against the limits measured on models whose
            # loss passes small gradients back through a sigmoid.
            effective = rate / (1.0 - min(optimizer.momentum or 0.0, 0.99))
            tolerant = (
                ("sgd-sigmoid-classifier-max-learning-rate", _sigmoid_classifier),
                ("sgd-sigmoid-squared-error-max-learning-rate", _relu_net_on_sigmoid_squared_error),
            )
            if any(effective < ctx.threshold(limit) and kind(model) for limit, kind in tolerant):
                return False
            if effective < ctx.threshold(
                "sgd-sigmoid-crossentropy-max-learning-rate"
            ) and _relu_net_on_sigmoid_crossentropy(model):
                severity = Severity.INFO  # trained on 11 of 12 runs at 1: a risk
        arg = optimizer.learning_rate_arg
        where = arg.where if arg is not None else optimizer.where
        wide = _averaged_over_units(model)
        if (
            optimizer.name == "sgd"
            and wide is not None
            and wide >= ctx.threshold("sgd-wide-output-units")
            and rate < ctx.threshold("sgd-wide-output-max-learning-rate")
        ):
            # A loss averaged over many output units (an autoencoder's pixels) divides each
            # unit's gradient by their number: measured to train at 1.5 from 64 units up.
            ctx.report(
                where,
                f"Learning rate {_rate(rate)} is high for SGD: a loss averaged over {wide} output"
                " units takes small steps per unit and trains at it, but a narrower output"
                " overshoots and can settle on a constant output or diverge (risk)",
                severity=Severity.INFO,
                model=model,
            )
            return True
        default = kn.OPTIMIZER_DEFAULT_RATES[optimizer.name]
        schedule = f" (initial rate of {optimizer.schedule})" if optimizer.schedule else ""
        name = _title(optimizer.name)
        if (
            severity is Severity.WARNING
            and optimizer.name in kn.ADAPTIVE_OPTIMIZERS
            and model.linear_units() is not None
            and _regression_on_raw_file_targets(model)
        ):
            # Adam's steps are about the rate in size whatever the gradient: targets in the
            # hundreds of thousands take a high rate to reach (calibrate_linear_adaptive_rate).
            ctx.report(
                where,
                f"Learning rate {_rate(rate)}{schedule} is high for {name}: a model with no "
                "activation needs it to reach targets read unscaled from a file (prices in the "
                "hundreds of thousands), but on targets of unit scale it overshoots and can "
                "settle far from the fit (risk); scale the targets and keep the default rate",
                severity=Severity.INFO,
                related=[(optimizer.where, "optimizer")] if where is not optimizer.where else [],
                model=model,
            )
            return True
        ctx.report(
            where,
            f"Learning rate {_rate(rate)}{schedule} is far above what {name} tolerates "
            f"(flagged at {limit:g} or more): updates overshoot and the model can settle on a "
            "constant output or diverge"
            if severity is Severity.WARNING
            else f"Learning rate {_rate(rate)}{schedule} is high for {name} (default "
            f"{default:g}): small models train at it, but larger ones can overshoot and "
            "settle on a constant output (risk)",
            severity=severity,
            fix=ctx.fix(
                f"Use {_title(optimizer.name)}'s default rate {default:g}",
                "unsafe",
                ctx.replace_value(arg, repr(default)),
            )
            if arg is not None
            else None,
            related=[(optimizer.where, "optimizer")] if where is not optimizer.where else [],
            model=model,
            what_if=WhatIf(
                "learning_rate", default, description=f"learning rate {rate:g} -> {default:g}"
            ),
        )
        return True

    def _check_sgd_step(self, ctx: RuleContext, model: ModelSpec, optimizer: OptimizerSpec) -> None:
        """Plain SGD on a regression: the step against the inputs' scale."""
        rate, fit = optimizer.learning_rate, model.fit
        if optimizer.name != "sgd" or optimizer.clipped or rate is None or rate <= 0:
            return
        if fit is None or fit.x is None or fit.x.scaled or fit.x.pipeline:
            return
        loss = fit.loss or (model.compile.loss if model.compile else None)
        if loss is None or loss.name != "mse":
            return
        linear = model.linear_units()
        units = linear if linear is not None else _mlp_units(model)
        if units is None:
            return
        # The mean squared error's curvature along the inputs is 2 x E[x x^T] / units: a
        # linear model's step diverges once rate x its largest eigenvalue passes 1 (1 +
        # momentum with momentum). The sum of the features' largest squares bounds it from
        # above; on inputs spread over their range it is a third to a whole of it.
        momentum = optimizer.momentum or 0.0
        arg = optimizer.learning_rate_arg
        where = arg.where if arg is not None else optimizer.where
        related = [(optimizer.where, "optimizer")] if where is not optimizer.where else []
        if fit.x.origin is not None:
            related.append((fit.x.origin, "inputs created here"))
        if fit.x.feature_max_abs:
            squares = sum(m * m for m in fit.x.feature_max_abs)
            step = _sgd_step(optimizer, fit.x.feature_max_abs, units)
            sure = ctx.threshold("sgd-step-diverges")
            if step < (ctx.threshold("sgd-step-likely-diverges") if linear else sure):
                return
            largest = max(fit.x.feature_max_abs)
            safe = 10.0 ** math.floor(math.log10(units * (1.0 + momentum) / squares))
            if linear is None:
                outcome = (
                    "with hidden layers, training at such a step broke (NaN or a constant "
                    "output) in measured runs (risk)"
                )
            elif step >= sure:
                outcome = (
                    "a linear model's step diverges above about 1: the weights overflow to NaN"
                )
            else:
                outcome = "a linear model's step diverges above about 1: likely NaN"
            if safe >= _SMALLEST_USEFUL_RATE:
                advice = f"standardise the inputs or lower the rate (to {safe:g} or less)"
            else:
                # A rate that small is DF102's "too low to train": scaling is the one way out.
                advice = (
                    f"standardise the inputs (a rate small enough for them, {safe:g}, would "
                    "barely train)"
                )
            ctx.report(
                where,
                f"Plain SGD at rate {_rate(rate)} on a regression whose inputs reach "
                f"{largest:,.6g}: rate x the sum of the inputs' squares is {step:,.3g}, and "
                f"{outcome}; {advice}",
                severity=Severity.WARNING if linear is not None else Severity.INFO,
                fix=ctx.fix(f"Use rate {safe:g}", "unsafe", ctx.replace_value(arg, repr(safe)))
                if arg is not None and safe >= _SMALLEST_USEFUL_RATE
                else None,
                related=related,
                model=model,
                what_if=WhatIf(
                    "learning_rate", safe, description=f"learning rate {rate:g} -> {safe:g}"
                )
                if safe >= _SMALLEST_USEFUL_RATE
                else None,
            )
        elif fit.x.source == "file" and linear is not None:
            # The columns' scale is not known: a risk, stated with the scale that breaks it.
            top = math.sqrt(units * (1.0 + momentum) / rate)
            ctx.report(
                where,
                f"Plain SGD at rate {_rate(rate)} on a linear regression of columns read from a "
                "file, not scaled: its step diverges (NaN) once rate x the sum of the columns' "
                f"squares passes about 1, as columns of {top:,.3g} or more do; standardise "
                "them or use an adaptive optimizer. A risk, which `defib probe` measures on the real "
                "data",
                severity=Severity.INFO,
                related=related,
                model=model,
            )


def _mlp_units(model: ModelSpec) -> int | None:
    """The output units of a plain stack of Dense layers (activations, dropout and reshapes
    between them), whose input goes straight to a Dense layer; otherwise None."""
    if not model.layers or not model.input_traced or model.input_preprocessed:
        return None
    if model.has_residual or model.input_is_model_input:
        return None
    units = None
    for layer in model.layers:
        if layer.opaque:
            return None
        if layer.kind == "Dense":
            units = layer.units
        elif layer.kind in SHAPE_ONLY_LAYERS or layer.kind in ACTIVATION_LAYERS:
            continue
        else:
            return None
    return units


def _one_layer_step_is_small(ctx: RuleContext, model: ModelSpec, optimizer: OptimizerSpec) -> bool:
    """Whether a model of one Dense layer (a linear, logistic or softmax regression) trains
    on inputs whose largest values are known and small enough for the rate: rate x the sum
    of their squares (over the output units and 1 + momentum) below the step at which a
    linear model's SGD diverges. That bounds the curvature of the squared error on a linear
    output, and more loosely that of a sigmoid's or softmax's (their slope is at most 1/4)."""
    fit, rate = model.fit, optimizer.learning_rate
    if fit is None or fit.x is None or fit.x.pipeline or not fit.x.feature_max_abs:
        return False
    units = _mlp_units(model)
    dense = [layer for layer in model.layers if layer.kind == "Dense"]
    if units is None or rate is None or len(dense) != 1:
        return False
    if fit.x.scaled and max(fit.x.feature_max_abs) > 1.0:
        return False  # scaled by a factor not followed: the maxima are not the inputs'
    return _sgd_step(optimizer, fit.x.feature_max_abs, units) < ctx.threshold(
        "sgd-step-likely-diverges"
    )


def _sigmoid_classifier(model: ModelSpec) -> bool:
    """Whether the model is a classifier (a softmax or sigmoid output under cross-entropy on
    its probabilities, or the squared error) whose hidden layers, one to three, are all
    sigmoid: the loss's
    gradient per output is at most 1 and each sigmoid passes at most a quarter of it back,
    so plain SGD tolerates rates of a few units there (measured up to 5)."""
    stages = model.stages()
    loss = model.compile.loss if model.compile else None
    if loss is None or loss.from_logits:
        return False
    # The squared error on a probability passes back 2 (p - y) p (1 - p): less than the
    # cross-entropy's p - y.
    if loss.name not in kn.CROSSENTROPY_LOSSES and loss.name != "mse":
        return False
    if not 2 <= len(stages) <= 4 or stages[-1].activation not in ("softmax", "sigmoid"):
        return False
    return all(not stage.layer.opaque and stage.activation == "sigmoid" for stage in stages[:-1])


def _relu_net_on_sigmoid_squared_error(model: ModelSpec) -> bool:
    """Whether the model is one to three ReLU hidden layers under one sigmoid unit trained with
    the squared error: that passes back 2 (p - y) p (1 - p), at most about 0.3, to the output's
    logit, and plain SGD trained such models up to a rate of 3 where binary cross-entropy
    ended constant from 2 (calibrate_sigmoid_mse_sgd)."""
    return _relu_net_on_one_sigmoid(model, "mse")


def _relu_net_on_sigmoid_crossentropy(model: ModelSpec) -> bool:
    """Whether the model is one to three ReLU hidden layers under one sigmoid unit trained with
    binary cross-entropy: plain SGD at 1 trained 11 of 12 such runs and ended constant from 2
    on 9 of 12 (calibrate_sigmoid_mse_sgd), and an XOR net trained at 1 on 8 of 8 seeds."""
    return _relu_net_on_one_sigmoid(model, "binary_crossentropy")


def _relu_net_on_one_sigmoid(model: ModelSpec, loss_name: str) -> bool:
    stages = model.stages()
    loss = model.compile.loss if model.compile else None
    if loss is None or loss.from_logits or loss.name != loss_name:
        return False
    if not 2 <= len(stages) <= 4:
        return False
    output = stages[-1]
    return (
        output.activation == "sigmoid"
        and output.units == 1
        and all(not stage.layer.opaque and stage.activation == "relu" for stage in stages[:-1])
    )


def _sgd_step(optimizer: OptimizerSpec, maxima: list[float], units: int) -> float:
    """Plain SGD's step against a linear model's curvature: rate x the sum of the features'
    largest squares, over the output units (the loss averages over them) and 1 + momentum."""
    rate = optimizer.learning_rate or 0.0
    squares = sum(m * m for m in maxima)
    return rate * squares / (units * (1.0 + (optimizer.momentum or 0.0)))


def _title(name: str) -> str:
    return {"sgd": "SGD", "rmsprop": "RMSprop", "adamw": "AdamW", "adagrad": "Adagrad"}.get(
        name, name.capitalize()
    )


def _rate(rate: float) -> str:
    """As people write rates: 10.0 rather than 10, 0.001, 1e-06."""
    return f"{rate:.1f}" if rate.is_integer() else f"{rate:g}"


def _averaged_over_units(model: ModelSpec) -> int | None:
    """The output's unit count when the compiled loss is a mean over them (squared or
    absolute error, binary cross-entropy), else None. Categorical cross-entropy sums over its
    classes, so its gradient per unit is not divided."""
    stage = model.output_stage
    loss = model.compile.loss if model.compile else None
    if stage is None or loss is None:
        return None
    units = stage.layer.units
    if units is None and stage.after:
        # A Reshape closing the model fixes how many values the loss sees, even after an
        # output layer of the file's own whose width is not known (a tied-weights decoder).
        units = stage.after[-1].values_per_sample
    if units is None:
        return None
    if loss.name in kn.REGRESSION_LOSSES or loss.name == "binary_crossentropy":
        return units
    return None


def _linear_on_normalised_inputs(model: ModelSpec) -> bool:
    """A Normalization layer, then one Dense layer with no activation: a linear regression of
    inputs standardised by statistics the layer learnt (TensorFlow's regression tutorial)."""
    layers = [layer for layer in model.layers if layer.kind not in SHAPE_ONLY_LAYERS]
    return (
        len(layers) == 2
        and layers[0].kind == "Normalization"
        and layers[1].kind == "Dense"
        and layers[1].activation == "linear"
        and not any(layer.opaque for layer in model.layers)
    )


def _one_dense_layer(model: ModelSpec) -> bool:
    """A model of one Dense layer and nothing Defib cannot read: a linear, logistic or softmax
    regression, whose loss is convex in its weights."""
    stages = model.stages()
    return (
        len(stages) == 1
        and stages[0].layer.kind == "Dense"
        and not any(layer.opaque for layer in model.layers)
    )


def _regression_on_raw_file_targets(model: ModelSpec) -> bool:
    """A regression (a linear output under a regression loss) fitted to targets read from a
    file and not scaled: their size is not known, and may be what a high rate is for."""
    fit, stage = model.fit, model.output_stage
    y = fit.y if fit is not None else None
    loss = fit.loss if fit is not None else None
    return (
        stage is not None
        and stage.activation == "linear"
        and (loss is None or loss.name in kn.REGRESSION_LOSSES)
        and y is not None
        and y.source == "file"
        and not y.scaled
        and y.label_format == "unknown"
    )
