"""DF308 follows post-padded sequences to the model that trains on them, as real text code
writes it: a Tokenizer, a split, a functional model, a convolution before the LSTM."""

from __future__ import annotations

import pytest
from defib.engine.analysis import analyse_source
from defib.engine.diagnostics import Diagnostic

_TOKENIZED = """import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.preprocessing.sequence import pad_sequences
from tensorflow.keras import layers, Model, Input

df = pd.read_csv("reviews.csv")
tokenizer = Tokenizer(num_words=5000)
tokenizer.fit_on_texts(df["text"])
sequences = tokenizer.texts_to_sequences(df["text"])
padded = pad_sequences(sequences, {padding})
x_train, x_test, y_train, y_test = train_test_split(padded, df["label"], test_size=0.2)

inputs = Input(shape=(None,))
x = layers.Embedding(5000, 64)(inputs)
{middle}
outputs = layers.Dense(1, activation="sigmoid")(x)
model = Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x_train, y_train, epochs=5, validation_data=(x_test, y_test))
"""


def _df308(padding: str, middle: str = "x = layers.LSTM(64)(x)") -> list[str]:
    source = _TOKENIZED.format(padding=padding, middle=middle)
    return [d.message for d in analyse_source(source, "m.py").diagnostics if d.code == "DF308"]


def test_post_padding_is_followed_through_a_split_to_a_functional_model() -> None:
    [message] = _df308('maxlen=120, padding="post", truncating="post"')
    assert message.startswith(
        'This LSTM reads sequences padded at their end (padding="post", to 120 steps) and '
        "passes on only its state after the last step"
    )
    # The length is left out where the code does not say it.
    [message] = _df308('padding="post"')
    assert message.startswith('This LSTM reads sequences padded at their end (padding="post")')


def _finding(padding: str, middle: str = "x = layers.LSTM(64)(x)") -> Diagnostic:
    source = _TOKENIZED.format(padding=padding, middle=middle)
    [found] = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF308"]
    return found


def test_the_fix_masks_the_padding_where_the_mask_reaches_the_lstm() -> None:
    fix = _finding(
        'padding="post"', "x = layers.SpatialDropout1D(0.2)(x)\nx = layers.LSTM(64)(x)"
    ).fix
    assert fix is not None and fix.safety == "unsafe"
    [edit] = fix.edits
    assert edit.new_text == ", mask_zero=True"
    # A convolution between takes no mask; padding with another value is not id 0.
    middle = "x = layers.Conv1D(32, 5, activation='relu')(x)\nx = layers.LSTM(64)(x)"
    assert _finding('padding="post"', middle).fix is None
    assert _finding('padding="post", value=-1').fix is None


def test_each_model_trained_on_the_padded_data_is_reported_at_its_own_layer() -> None:
    source = _TOKENIZED.format(padding='padding="post"', middle="x = layers.LSTM(64)(x)") + (
        "other = keras_model()\n"
        "second = Model(inputs, layers.Dense(1, activation='sigmoid')(layers.GRU(8)("
        "layers.Embedding(5000, 8)(inputs))))\n"
        "second.compile(optimizer='adam', loss='binary_crossentropy')\n"
        "second.fit(x_train, y_train)\n"
    )
    found = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF308"]
    assert sorted(d.message.split()[1] for d in found) == ["GRU", "LSTM"]
    assert len({d.range.start.line for d in found}) == 2


@pytest.mark.parametrize(
    "padding", ["maxlen=120", 'maxlen=120, padding="pre"', 'maxlen=120, truncating="post"']
)
def test_padding_in_front_is_not_reported(padding: str) -> None:
    assert _df308(padding) == []


def test_a_convolution_before_the_lstm_keeps_the_padding_at_the_end() -> None:
    middle = "x = layers.Conv1D(32, 5, activation='relu')(x)\nx = layers.GRU(32)(x)"
    [message] = _df308('padding="post"', middle)
    assert message.startswith("This GRU reads sequences padded at their end")


@pytest.mark.parametrize(
    "middle",
    [
        "x = layers.LSTM(64, return_sequences=True)(x)\nx = layers.GlobalMaxPooling1D()(x)",
        "x = layers.Bidirectional(layers.LSTM(64))(x)",
        "x = layers.Masking()(x)\nx = layers.LSTM(64)(x)",
        "x = layers.GlobalAveragePooling1D()(x)",  # no recurrent layer
        "x = layers.LSTM(64, go_backwards=flag)(x)",  # a flag not known: may read backwards
    ],
)
def test_models_that_do_not_read_the_padding_last_are_not_reported(middle: str) -> None:
    assert _df308('padding="post"', middle) == []
