"""DF308 post-padded-sequences."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.model import LayerSpec, ModelSpec
from defib.engine.rules import Invalid, Rule, RuleContext

_REVIEWS = """import numpy as np
from tensorflow import keras
from tensorflow.keras.preprocessing.sequence import pad_sequences

(x_train, y_train), _ = keras.datasets.imdb.load_data(num_words=10000)
x_train = pad_sequences(x_train, maxlen=200{padding})
model = keras.Sequential([
    keras.layers.Embedding(10000, 32{mask}),
    {recurrent},
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3, batch_size=64)
"""


def _reviews(
    padding: str = ', padding="post"', mask: str = "", recurrent: str = "keras.layers.LSTM(32)"
) -> str:
    return _REVIEWS.format(padding=padding, mask=mask, recurrent=recurrent)


# The recurrent layers that read a sequence one way and pass on their state after its last step.
_ONE_WAY = frozenset({"LSTM", "GRU", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU"})
# Layers that take a sequence and leave its steps where they are, or reach none of them.
_STEPWISE = frozenset({"InputLayer", "SpatialDropout1D", "Dropout", "BatchNormalization"})


class PostPaddedSequences(Rule):
    """Sequences padded at their end and read by a one-way LSTM, GRU or SimpleRNN whose last
    state is all that goes on.

    ## What it does
    Flags the last recurrent layer (`LSTM`, `GRU`, `SimpleRNN`) of a model that `fit()` trains
    on the result of `pad_sequences(..., padding="post")`, when the model starts with an
    `Embedding` that does not mask the padding (`mask_zero` not set) and that recurrent layer
    reads the sequence forward and returns its final state only (`return_sequences` not set).
    Not reported: a `Bidirectional` layer (its backward half reads the words last),
    `go_backwards=True`, a `Masking` layer, a last recurrent layer that returns every step (a
    pooling or attention reads them all), or a layer Defib cannot see into between the
    embedding and the recurrent layer.

    ## Why is this bad?
    A recurrent layer that passes on its state after the last step reads the padding last: a
    review of 40 words padded to 200 steps is followed by 160 steps of the same padding id,
    and what the layer learned of the words has to survive all of them before the classifier
    sees it. Padding in front (`pad_sequences`'s default, `padding="pre"`) puts the words right
    before the state that goes on; `mask_zero=True` on the `Embedding` makes the layer skip
    the padding. Measured with `bench/calibrate_post_padding.py` (two classes shown by word
    choice spread across the sequence, Embedding(2000, 32), LSTM(32), Adam, 5 epochs, 3
    seeds, held-out accuracy):

    | lengths, padded to | in front | at the end | at the end, `mask_zero=True` |
    |---|---|---|---|
    | 20-200 words, 200 | 0.991, 0.986, 0.997 | 0.809, 0.848, 0.563 | 0.994, 0.987, 0.988 |
    | 20-100 words, 200 | 0.985, 0.979, 0.982 | 0.499, 0.508, 0.494 (one class) | 0.986, 0.986, 0.990 |
    | 10-50 words, 60 | 0.936, 0.951, 0.953 | 0.598, 0.940, 0.943 | 0.941, 0.946, 0.949 |

    With the padding most of each sequence, the model predicted one class for every review on
    3 of 3 seeds; with short padding it failed on 1 seed of 3. A notebook in held-out round 38
    (reviews padded at the end into a one-way LSTM) stayed at validation accuracy 0.50 for all
    its epochs; notebooks in the ecosystem corpus with short padding (tweets padded to 16 words,
    IMDB reviews cut at 200) trained to 0.77-0.86. How long the padding runs depends on the
    data, which the code does not show, so the finding is `info`.

    ## Example
    ```python
    x_train = pad_sequences(x_train, maxlen=200, padding="post")
    model = keras.Sequential([
        keras.layers.Embedding(10000, 32),
        keras.layers.LSTM(32),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    ```

    ## Use instead
    ```python
    keras.layers.Embedding(10000, 32, mask_zero=True),
    ```
    or `pad_sequences(x_train, maxlen=200)` (`padding="pre"`, the default) wherever the file
    pads sequences, the data it predicts on included.

    ## Fix safety
    The fix sets `mask_zero=True` on the `Embedding`, which keeps training and prediction
    alike however the file pads its other sequences. It is offered where the padding is 0
    (`pad_sequences`'s default `value`) and the mask reaches the recurrent layer (no
    convolution between), and is unsafe: id 0 must mean padding alone (a `Tokenizer` keeps it
    for that; ids made another way may use it for a word).
    """

    code = "DF308"
    name = "post-padded-sequences"
    severity = Severity.INFO
    message = "Sequences padded at their end are read last by a one-way recurrent layer"

    VALID = [
        _reviews(padding=""),
        _reviews(padding=', padding="pre"'),
        _reviews(mask=", mask_zero=True"),
        _reviews(recurrent="keras.layers.Bidirectional(keras.layers.LSTM(32))"),
        _reviews(recurrent="keras.layers.LSTM(32, go_backwards=True)"),
        # Every step goes on, to be pooled: the padding is read among the words.
        _reviews(
            recurrent="keras.layers.GRU(32, return_sequences=True),\n"
            "    keras.layers.GlobalMaxPooling1D()"
        ),
    ]
    INVALID = [
        Invalid(_reviews(), _reviews(mask=", mask_zero=True")),
        Invalid(
            _reviews(
                recurrent="keras.layers.LSTM(32, return_sequences=True),\n    keras.layers.GRU(16)"
            ),
            _reviews(
                mask=", mask_zero=True",
                recurrent="keras.layers.LSTM(32, return_sequences=True),\n    keras.layers.GRU(16)",
            ),
        ),
        Invalid(
            _reviews(mask=", mask_zero=False", recurrent="keras.layers.SimpleRNN(32)"),
            _reviews(mask=", mask_zero=True", recurrent="keras.layers.SimpleRNN(32)"),
        ),
    ]

    def check(self, ctx: RuleContext) -> None:
        reported: set[tuple[int, int]] = set()
        for model in ctx.models:
            data = model.fit.x if model.fit is not None else None
            if data is None or data.padded_at_end is None:
                continue
            reads_last = _recurrent_reading_padding_last(model)
            if reads_last is None or reads_last[1].where.key in reported:
                continue
            embedding, recurrent = reads_last
            reported.add(recurrent.where.key)
            steps = f", to {data.padded_length} steps" if data.padded_length else ""
            message = (
                f'This {recurrent.kind} reads sequences padded at their end (padding="post"'
                f"{steps}) and passes on only its state after the last step, so it reads the "
                "padding last: what it learned of the words has to last through every padding "
                "step. If most sequences are much shorter than the padded length, the output "
                "can stay constant (risk). Mask the padding with Embedding(..., "
                'mask_zero=True), or pad in front (padding="pre", the default) wherever the '
                "sequences are padded"
            )
            fix = None
            if data.padded_with_zero and _masks_reach(model, embedding):
                added = ctx.add_keyword(embedding.where, "mask_zero", "True")
                if added is not None:
                    fix = ctx.fix("Mask the padding (mask_zero=True)", "unsafe", added)
            ctx.report(
                recurrent.where,
                message,
                fix=fix,
                related=[
                    (data.padded_at_end, "padded at the end here"),
                    (embedding.where, "Embedding that does not mask the padding"),
                ],
                model=model,
            )


def _masks_reach(model: ModelSpec, embedding: LayerSpec) -> bool:
    """Whether a mask from `embedding` would reach the first recurrent layer through layers
    that pass it on (a dropout), rather than one that does not take a mask (a convolution)."""
    after = model.layers[model.layers.index(embedding) + 1 :]
    first = next((layer for layer in after if layer.kind in _ONE_WAY), None)
    between = after[: after.index(first)] if first is not None else after
    return first is not None and all(layer.kind in _STEPWISE for layer in between)


def _recurrent_reading_padding_last(model: ModelSpec) -> tuple[LayerSpec, LayerSpec] | None:
    """The model's Embedding and its last recurrent layer, when the embedding starts the model,
    masks nothing, and the last recurrent layer reads forward and passes on its final state
    alone; None otherwise."""
    if not model.input_traced or model.input_branches or model.input_preprocessed:
        return None
    layers = model.layers
    start = next((i for i, layer in enumerate(layers) if layer.kind not in _STEPWISE), None)
    if start is None or layers[start].kind != "Embedding" or _set(layers[start], "mask_zero"):
        return None
    last: LayerSpec | None = None
    for layer in layers[start + 1 :]:
        if layer.opaque or layer.kind in ("Masking", "Bidirectional", "RNN"):
            return None
        if layer.kind in _ONE_WAY:
            if _set(layer, "go_backwards"):
                return None
            last = layer
    if last is None or _set(last, "return_sequences"):
        return None
    return layers[start], last


def _set(layer: LayerSpec, name: str) -> bool:
    """Whether the layer's `name` argument is given and may be true (not a known False)."""
    arg = layer.args.get(name)
    return arg is not None and arg.flag is not False
