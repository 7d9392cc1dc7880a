"""DF303 unshuffled-dataset."""

from __future__ import annotations

from defib.engine import keras_names as kn
from defib.engine.diagnostics import Severity
from defib.engine.model import FitSpec, LossSpec, ModelSpec
from defib.engine.rules import Invalid, Rule, RuleContext

_CLASSIFIER = """import numpy as np
import tensorflow as tf
from tensorflow import keras

{load}
model = keras.Sequential([
    keras.Input((20,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="{loss}", metrics=["accuracy"])
train_ds = tf.data.Dataset.from_tensor_slices((x, y)){chain}.batch(32)
model.fit(train_ds, epochs=10{extra})
"""
_FROM_FILES = 'x = np.load("features.npy")\ny = np.load("labels.npy")'
_SPLIT = (
    "from sklearn.model_selection import train_test_split\n"
    + _FROM_FILES
    + "\nx, x_val, y, y_val = train_test_split(x, y, test_size=0.2)"
)
_MNIST = """(x, y), _ = keras.datasets.mnist.load_data()
x = x.reshape(-1, 784)[:, :20] / 255.0"""

_PRETRAINED = """import tensorflow as tf
from datasets import load_dataset
from transformers import TFAutoModelForSequenceClassification

model = TFAutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased")
train = load_dataset("imdb", split="train")
features = dict(input_ids=train["input_ids"], attention_mask=train["attention_mask"])
train_ds = tf.data.Dataset.from_tensor_slices((features, train["label"])){chain}.batch(16)
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(True))
model.fit(train_ds, epochs=3)
"""

_MESSAGE = (
    "This Dataset is built from values in memory (from_tensor_slices, of arrays or of file "
    "names) and reaches fit() with no shuffle(): fit() does not shuffle a Dataset, so batches "
    "come in those values' order. If the data is ordered by label (one class after another, as "
    "data loaded class by class or Hugging Face's IMDB is), every batch holds one class and "
    "the model can end up predicting the last one (risk); add .shuffle(number of samples) "
    "before .batch()"
)


class UnshuffledDataset(Rule):
    """A `tf.data.Dataset` built from arrays in memory and trained on with `fit()` without ever
    being shuffled.

    ## What it does
    Flags `model.fit(dataset)` where `dataset` comes from `tf.data.Dataset.from_tensor_slices`
    (or a `zip` of such) and no `.shuffle(...)` is applied anywhere in its chain, when nothing
    else in the file puts the rows in random order: no `shuffle` or `permutation` call (numpy,
    sklearn, TensorFlow, a Hugging Face data set's `.shuffle()`), no `train_test_split` (which
    shuffles by default), no `DataFrame.sample(frac=...)`, and the arrays are not a Keras data set
    (published shuffled), drawn at random (NumPy, TensorFlow) or a few rows typed into the code.
    A regression loss, and the validation data, are not reported; nor is `from_tensors`, whose
    one element holds every row; nor a Dataset of one array with no labels beside it (a GAN's
    real samples, fed to a `train_step` of its own), until a `map` or `zip` pairs labels with
    it; nor a model with a `train_step` of its own, whose code decides what a batch holds (a
    speech or caption model's source and target sequences, where no class order can pull the
    output one way). `fit()`'s own `shuffle=True` does not count: it does nothing for a
    Dataset.

    ## Why is this bad?
    `fit()` shuffles NumPy arrays every epoch (`shuffle=True` is its default) but takes a Dataset
    in the order it yields. When the arrays are ordered by label (many sources are: Hugging Face's
    IMDB train split holds all negative reviews then all positive ones, data loaded folder by
    folder holds one class after another), every batch holds one class: each stretch of
    training pulls the output towards that class, and the model ends an epoch leaning to the
    last class it saw. The fix of Hugging Face's SageMaker IMDB script (accuracy 50%, always
    `LABEL_0`, until the data set was shuffled) is this bug.
    Measured with `bench/calibrate_unshuffled.py` (5 seeds, a Dense(64) classifier, rows sorted
    by label, 3 epochs, held-out rows in random order). With labels the features decide only in
    part (best possible accuracy about 75%), two classes, 20,000 rows: fed as an unshuffled
    Dataset the model predicted one class for every held-out row on 5 of 5 seeds (median
    accuracy 0.51), against 0.73 and no collapse with `.shuffle(len(x))` or with the arrays
    given to `fit()`. With labels the features decide fully, it did not collapse but lost
    accuracy: 0.86 against 0.99 (two classes), 0.575 against 0.91 (ten classes, 10,000 rows).
    Whether the data is ordered cannot be seen in the code, so the finding is `info`.

    ## Example
    ```python
    train_ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
    model.fit(train_ds, epochs=10)
    ```

    ## Use instead
    ```python
    train_ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x)).batch(32)
    model.fit(train_ds, epochs=10)
    ```

    ## Fix safety
    No fix: the shuffle buffer should hold every sample, and how many there are is not always
    written in the code.
    """

    code = "DF303"
    name = "unshuffled-dataset"
    severity = Severity.INFO
    message = "Dataset of in-memory arrays fed to fit() with no shuffle()"

    VALID = [
        _CLASSIFIER.format(
            load=_FROM_FILES,
            loss="sparse_categorical_crossentropy",
            chain=".shuffle(len(x))",
            extra="",
        ),
        # train_test_split shuffles the rows before the Dataset is built.
        _CLASSIFIER.format(load=_SPLIT, loss="sparse_categorical_crossentropy", chain="", extra=""),
        # Keras's data sets are published in random order.
        _CLASSIFIER.format(load=_MNIST, loss="sparse_categorical_crossentropy", chain="", extra=""),
        # A regression on ordered rows (a time series, say) is not this rule's.
        _CLASSIFIER.format(load=_FROM_FILES, loss="mse", chain="", extra=""),
        # Only the validation data is unshuffled: its order changes nothing.
        _CLASSIFIER.format(
            load=_FROM_FILES,
            loss="sparse_categorical_crossentropy",
            chain=".shuffle(len(x))",
            extra=", validation_data=tf.data.Dataset.from_tensor_slices((x, y)).batch(32)",
        ),
        _PRETRAINED.format(chain=".shuffle(25000)"),
        # A sequence-to-sequence model reads its own batches: source and target sequences.
        """import tensorflow as tf
from tensorflow import keras

class Seq2Seq(keras.Model):
    def __init__(self):
        super().__init__()
        self.encoder = keras.layers.GRU(64)
        self.decoder = keras.layers.Dense(30)

    def call(self, inputs):
        return self.decoder(self.encoder(inputs))

    def train_step(self, batch):
        source, target = batch["source"], batch["target"]
        with tf.GradientTape() as tape:
            loss = self.compiled_loss(target, self(source, training=True))
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return {"loss": loss}

audio = tf.data.Dataset.from_tensor_slices(files).map(load_audio)
text = tf.data.Dataset.from_tensor_slices(transcripts)
ds = tf.data.Dataset.zip((audio, text)).map(lambda x, y: {"source": x, "target": y}).batch(4)
model = Seq2Seq()
model.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy(from_logits=True))
model.fit(ds, epochs=10)
""",
    ]
    INVALID = [
        Invalid(
            _CLASSIFIER.format(
                load=_FROM_FILES, loss="sparse_categorical_crossentropy", chain="", extra=""
            )
        ),
        # fit()'s shuffle=True does nothing for a Dataset.
        Invalid(
            _CLASSIFIER.format(
                load=_FROM_FILES,
                loss="sparse_categorical_crossentropy",
                chain=".prefetch(2)",
                extra=", shuffle=True",
            )
        ),
        Invalid(_PRETRAINED.format(chain="")),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            fit = model.fit
            if fit is None or fit.unshuffled_slices is None or model.own_train_step:
                continue
            loss = fit.loss or (model.compile.loss if model.compile else None)
            if _regression(fit, loss):
                continue
            self._report(ctx, fit, model)
        for fit in ctx.unknown_model_fits:
            if fit.unshuffled_slices is not None and not _regression(fit, None):
                self._report(ctx, fit, None)

    def _report(self, ctx: RuleContext, fit: FitSpec, model: ModelSpec | None) -> None:
        where = fit.x_arg.where if fit.x_arg is not None else fit.where
        built = fit.unshuffled_slices
        related = [(built, "Dataset built here, never shuffled")] if built is not None else []
        ctx.report(where, _MESSAGE, related=related, model=model)


def _regression(fit: FitSpec, loss: LossSpec | None) -> bool:
    """Whether the model is trained as a regression: a regression loss, or continuous labels.
    Rows in order of time or target are common there, and a constant prediction is not the
    failure this rule is about."""
    if loss is not None and loss.name in kn.REGRESSION_LOSSES:
        return True
    return fit.y is not None and fit.y.label_format == "continuous"
