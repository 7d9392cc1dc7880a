"""DF309 token-ids-as-numbers."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.rules import Invalid, Rule, RuleContext

_IMDB = """from tensorflow import keras
from tensorflow.keras.preprocessing.sequence import pad_sequences

(x_train, y_train), _ = keras.datasets.imdb.load_data(num_words=10000)
x_train = pad_sequences(x_train, maxlen=100){reshape}
model = keras.Sequential([
    keras.Input({shape}),
    {first},
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5)
"""

_TOKENIZED = """import numpy as np
from keras.preprocessing.sequence import pad_sequences
from keras.preprocessing.text import Tokenizer
from keras.models import Sequential
from keras.layers import Dense

texts = open("reviews.txt").read().splitlines()
labels = np.loadtxt("labels.txt")
tokenizer = Tokenizer(num_words=5000)
tokenizer.fit_on_texts(texts)
x = {features}
model = Sequential([Dense(64, activation="relu", input_dim=100), Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, labels, epochs=10)
"""
_PADDED = "pad_sequences(tokenizer.texts_to_sequences(texts), 100)"


def _imdb(first: str, *, steps: bool = False) -> str:
    return _IMDB.format(
        reshape=".reshape(-1, 100, 1)" if steps else "",
        shape="(100, 1)" if steps else "(100,)",
        first=first,
    )


# Layers a sequence of ids passes through unchanged in meaning on its way to the first layer
# with weights.
_PASS_THROUGH = frozenset(
    {"InputLayer", "Reshape", "Flatten", "Permute", "Dropout", "SpatialDropout1D"}
)
# Layers with weights that read their input as numbers (an Embedding reads it as indices).
_READ_AS_NUMBERS = frozenset(
    {
        "Dense",
        "Conv1D",
        "LSTM",
        "GRU",
        "SimpleRNN",
        "CuDNNLSTM",
        "CuDNNGRU",
        "Bidirectional",
    }
)


class TokenIdsAsNumbers(Rule):
    """Word ids fed to a model as numbers, with no `Embedding` to look them up.

    ## What it does
    Flags the first layer of a model that `fit()` trains on word ids (the sequences of
    `keras.datasets.imdb` or `reuters`, `Tokenizer.texts_to_sequences`, and those padded by
    `pad_sequences`), when that layer reads them as numbers: a `Dense`, `Conv1D`, `LSTM`, `GRU`
    or `SimpleRNN` with no `Embedding` before it. Not reported: ids turned into something else
    first (one-hot or multi-hot rows, `texts_to_matrix`, a division), a first layer Defib
    cannot see into, a model with several inputs. Where the ids are `imdb`'s or `reuters`'s
    lists as loaded, of different lengths, the finding says first that `fit()` cannot take
    them at all (Keras raises `Invalid dtype: object`, as a held-out reader's run of a course
    script that passed `train_data` for its multi-hot `x_train` did).

    ## Why is this bad?
    A word id is a name, not a quantity: word 4,211 is not "more" than word 17, and the words
    with ids 17 and 18 need not have anything in common. A layer that multiplies the ids by its
    weights can only learn from their size, which says nothing of the text, so it learns at best
    how long the sequences are. An `Embedding` looks each id up and learns a vector per word.
    Measured with `bench/calibrate_token_ids.py` (two classes shown by word choice, each
    class's words scattered over a vocabulary of 2,000 ids as a tokenizer's frequency order
    scatters them, lengths 20 to 100 padded in front to 100, Adam, 5 epochs, 3 seeds, held-out
    accuracy): an LSTM(32) on the ids as numbers 0.512, 0.531, 0.529 and a Dense(64) on them
    0.478, 0.505, 0.493 (chance is 0.5), against 0.985, 0.987, 0.993 with an Embedding(2000,
    32) before the LSTM. (Where one class's ids sat together in a block of small numbers, the
    LSTM learned from their size, 0.98: ids carry meaning in their size only by accident.) A
    held-out round-40 program (IMDB ids into a SimpleRNN) stayed at 0.50-0.57 in its reader's
    replica, with the predictions nearly constant.

    ## Example
    ```python
    (x_train, y_train), _ = keras.datasets.imdb.load_data(num_words=10000)
    x_train = pad_sequences(x_train, maxlen=100).reshape(-1, 100, 1)
    model = keras.Sequential([keras.Input((100, 1)), keras.layers.LSTM(32), ...])
    ```

    ## Use instead
    ```python
    x_train = pad_sequences(x_train, maxlen=100)
    model = keras.Sequential([
        keras.Input((100,)),
        keras.layers.Embedding(10000, 32),
        keras.layers.LSTM(32),
        ...
    ])
    ```

    ## Fix safety
    No fix: the `Embedding` needs the vocabulary size and the input shape changes with it.
    """

    code = "DF309"
    name = "token-ids-as-numbers"
    severity = Severity.WARNING
    message = "Word ids are fed to a layer that reads them as numbers"

    VALID = [
        _imdb("keras.layers.Embedding(10000, 32),\n    keras.layers.LSTM(32)"),
        _imdb("keras.layers.Embedding(10000, 16),\n    keras.layers.GlobalAveragePooling1D()"),
        _TOKENIZED.format(features='tokenizer.texts_to_matrix(texts, mode="binary")'),
        _TOKENIZED.format(features=f"{_PADDED} / 5000.0"),
    ]
    INVALID = [
        Invalid(_imdb("keras.layers.LSTM(32)", steps=True)),
        Invalid(_imdb("keras.layers.SimpleRNN(32)", steps=True)),
        Invalid(_imdb('keras.layers.Dense(64, activation="relu")')),
        Invalid(_TOKENIZED.format(features=_PADDED)),
    ]

    def check(self, ctx: RuleContext) -> None:
        for model in ctx.models:
            fit = model.fit
            if fit is None or fit.x is None:
                continue
            data = fit.x
            if not data.token_ids or data.scaled or data.pipeline:
                continue
            first = model.first_layer_past(_PASS_THROUGH, _READ_AS_NUMBERS)
            if first is None:
                continue
            related = [(data.origin, "word ids made here")] if data.origin is not None else []
            if fit.x_arg is not None:
                related.append((fit.x_arg.where, "the ids given to fit()"))
            if data.ragged:
                # As loaded: lists of different lengths, which Keras refuses outright.
                ctx.report(
                    first.where,
                    f"The inputs are {data.dataset}'s word-id lists as loaded, of different "
                    "lengths: fit() cannot make a tensor of them (Keras raises on an array of "
                    f"lists), and this {first.kind} would read the ids as numbers. Encode them "
                    "first: pad them (keras.utils.pad_sequences) and look them up in an "
                    "Embedding, or turn each into a multi-hot vector of the vocabulary",
                    related=related,
                    model=model,
                )
                continue
            ctx.report(
                first.where,
                f"The inputs are word ids, and this {first.kind} reads them as numbers: an id "
                "names a word, its size says nothing of it (ids 17 and 18 need have nothing in "
                "common), so the model cannot learn which words a text holds: on a measured "
                "two-class text task it stayed at chance (held-out accuracy 0.48-0.53, where an "
                "Embedding reached 0.99). "
                "Look the ids up in an Embedding first (keras.layers.Embedding(vocabulary "
                "size, 32))",
                related=related,
                model=model,
            )
