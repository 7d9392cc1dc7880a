"""A generated Keras training script of a given length, for benchmarks."""

from __future__ import annotations

_BLOCK = '''

def build_model_{i}(units={units}, lr={lr}):
    """Model {i}: a small classifier."""
    model = keras.Sequential([
        layers.Dense(units, activation="relu", input_shape=(FEATURES,)),
        layers.Dropout(0.2),
        layers.Dense(units // 2, activation="{act}"),
        layers.Dense(CLASSES, activation="softmax"),
    ])
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=lr),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def prepare_{i}(frame):
    """Feature engineering step {i}."""
    values = frame[COLUMNS].to_numpy(dtype="float32")
    values = (values - values.mean(axis=0)) / (values.std(axis=0) + 1e-6)
    labels = keras.utils.to_categorical(frame["label"], CLASSES)
    return values, labels
'''

_HEADER = '''"""Generated training script."""
import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers

FEATURES = 32
CLASSES = 4
COLUMNS = [f"f{i}" for i in range(FEATURES)]
'''


def keras_script(lines: int = 1000) -> str:
    """A realistic script of about `lines` lines, with one finding in every fifth model."""
    parts = [_HEADER]
    i = 0
    while sum(p.count("\n") for p in parts) < lines:
        lr = "10.0" if i % 5 == 0 else "0.001"
        act = "sigmoid" if i % 7 == 0 else "relu"
        parts.append(_BLOCK.format(i=i, units=64 + i, lr=lr, act=act))
        i += 1
    return "".join(parts)
