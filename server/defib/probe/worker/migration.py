"""What to change when a script written for Keras 2 fails under Keras 3.

Old tutorials and course scripts fail under Keras 3 (TensorFlow 2.16 and later) with errors that
do not say why: `module 'tensorflow.python.distribute.input_lib' has no attribute
'DistributedDatasetInterface'` for a model built from `tensorflow.python.keras`. Each hint below
is matched on the exception alone (its type, its message and the files of its traceback), so it
is only given where the error itself shows the cause. Plain Python: the worker imports it before
anything else.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable

# `tensorflow.python.keras` is TensorFlow's private copy of Keras 2, left behind and no longer
# working with current TensorFlow; people imported it because an editor auto-completed it.
_PRIVATE_KERAS = (
    "The script imports from tensorflow.python.keras, TensorFlow's old private copy of Keras 2,"
    " which no longer works with this TensorFlow: import from tensorflow.keras (or keras)"
)
_PRIVATE_KERAS_PATH = re.compile(r"tensorflow[/\\.]python[/\\.]keras\b")

_HINTS: list[tuple[type[BaseException], re.Pattern[str], str]] = [
    (
        Exception,
        re.compile(r"not recognized: \{'lr'|unexpected keyword argument 'lr'"),
        "Keras 3 names the optimizer's rate learning_rate=, not lr=",
    ),
    (
        Exception,
        re.compile(r"\bnb_epoch\b"),
        "Keras 3 names it epochs=, not nb_epoch=",
    ),
    (
        Exception,
        re.compile(r"keyword arguments .*'init'|\{'init'"),
        "Keras 3 names it kernel_initializer=, not init=",
    ),
    (
        ValueError,
        re.compile(r"Expected `metrics` argument to be a list, tuple, or dict"),
        "Keras 3 takes a list of metrics: metrics=['mae'], not metrics='mae'",
    ),
    (
        ModuleNotFoundError,
        re.compile(r"keras\.preprocessing\.(text|sequence)'"),
        "Keras 3 removed keras.preprocessing.text and .sequence: use keras.layers."
        "TextVectorization, and keras.utils.pad_sequences",
    ),
    (
        ModuleNotFoundError,
        re.compile(r"keras\.layers\.experimental'"),
        "Keras 3 moved the preprocessing layers out of layers.experimental: keras.layers.Rescaling,"
        " keras.layers.Normalization and the like",
    ),
    (
        AttributeError,
        re.compile(r"has no attribute 'fit_generator'|has no attribute 'predict_classes'"),
        "Keras 3 removed fit_generator() and predict_classes(): fit() takes a generator, and"
        " predict() then argmax gives the classes",
    ),
    (
        AttributeError,
        re.compile(r"module 'tensorflow' has no attribute 'estimator'"),
        "TensorFlow 2.16 removed tf.estimator",
    ),
]


def keras3_hint(exc: BaseException, keras_version: Callable[[], str | None]) -> str | None:
    """What to change, when `exc` shows that the script was written for Keras 2 and the
    installed Keras (`keras_version()`, read only when a hint matches) is 3 or later."""
    hint = _hint(exc)
    if hint is None:
        return None
    version = keras_version()
    if version is None or not version.split(".")[0].isdigit() or int(version.split(".")[0]) < 3:
        return None
    return f"{hint} (this environment has Keras {version})"


def _hint(exc: BaseException) -> str | None:
    message = str(exc)
    if _PRIVATE_KERAS_PATH.search(message) or any(
        _PRIVATE_KERAS_PATH.search(frame.filename)
        for frame in traceback.extract_tb(exc.__traceback__)
    ):
        return _PRIVATE_KERAS
    for kind, pattern, hint in _HINTS:
        if isinstance(exc, kind) and pattern.search(message):
            return hint
    return None
