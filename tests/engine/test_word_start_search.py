"""The hint searches that decide whether a file is read give the answers their `\\b` patterns
would, faster."""

from __future__ import annotations

import re

import pytest
from defib.engine.source import found_at_word_start
from hypothesis import given, settings
from hypothesis import strategies as st

PATTERNS = [r"(?:Sequential|Model|from_tensor_slices)\b|Lambda\(", r"exp\(", r"(?:reduce_)?sum\("]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("model = Sequential()", True),
        ("Model(inputs, outputs)", True),  # at the very start
        ("class MyModel(keras.Model): ...", True),  # the second one counts
        ("from keras.callbacks import ModelCheckpoint", False),
        ("class MyModel: ...", False),
        ("y = tf_Lambda(x)", False),
        ("y = layers.Lambda(f)(x)", True),
        ("éSequential()", False),  # a letter outside ASCII is a word character too
        ("z = np.exp(x) + torch_exp(x)", True),
    ],
)
def test_a_match_counts_only_where_a_word_starts(text: str, found: bool) -> None:
    assert any(found_at_word_start(re.compile(p), text) for p in PATTERNS) is found


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aeMSx_é.( \nModelLambdaexpsum", max_size=40), st.sampled_from(PATTERNS))
def test_it_agrees_with_the_pattern_after_a_word_boundary(text: str, pattern: str) -> None:
    expected = re.search(r"\b(?:" + pattern + ")", text) is not None
    assert found_at_word_start(re.compile(pattern), text) is expected
