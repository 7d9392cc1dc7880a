"""DF607 on the misspellings of `trainable` found in public code, and on names that are not."""

from __future__ import annotations

import pytest
from defib.engine.analysis import analyse_source
from defib.engine.attributes import near_miss

_FREEZE = """import keras
base_model = keras.applications.MobileNetV2(include_top=False, weights=None)
for layer in base_model.layers:
    {line}
model = keras.Sequential([base_model, keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(3)])
"""


def _df607(line: str, extra: str = "") -> list[str]:
    source = _FREEZE.format(line=line) + extra
    return [d.message for d in analyse_source(source, "m.py").diagnostics if d.code == "DF607"]


@pytest.mark.parametrize(
    "name", ["trainabe", "trainble", "trainiable", "traininable", "trianable", "Trainable"]
)
def test_misspellings_seen_in_public_code_are_reported(name: str) -> None:
    [message] = _df607(f"layer.{name} = False")
    assert message.startswith(f"`{name}` is not an attribute Keras reads (did you mean")


@pytest.mark.parametrize(
    "name", ["trainable", "_trainable", "untrainable", "trainables", "train", "retrainable"]
)
def test_other_names_are_not_misspellings(name: str) -> None:
    assert not near_miss(name, "trainable")
    assert _df607(f"layer.{name} = False") == []


def test_a_name_the_file_reads_is_its_own() -> None:
    assert _df607("layer.trainble = False", "print(base_model.layers[0].trainble)\n") == []


def test_only_booleans_and_not_self_alone() -> None:
    assert _df607("layer.trainabe = 0.5") == []
    source = (
        "import keras\nclass Probe:\n    def __init__(self):\n        self.trainble = False\n"
        "        self.model = keras.Sequential([keras.layers.Dense(1)])\n"
    )
    assert [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF607"] == []
    # An attribute of self, such as its encoder, is a model.
    source = (
        "import keras\nclass Tuner:\n    def __init__(self, encoder):\n"
        "        self.encoder = encoder\n        self.encoder.trainabe = False\n"
        "        self.model = keras.Sequential([encoder, keras.layers.Dense(1)])\n"
    )
    assert [d.code for d in analyse_source(source, "m.py").diagnostics] == ["DF607"]


def test_the_fix_spells_it_right() -> None:
    source = _FREEZE.format(line="layer.trainabe = False")
    [finding] = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF607"]
    assert finding.fix is not None and finding.fix.safety == "unsafe"
    [edit] = finding.fix.edits
    fixed = source.splitlines()[edit.range.start.line - 1]
    start, end = edit.range.start.column, edit.range.end.column
    assert (fixed[:start] + edit.new_text + fixed[end:]).strip() == "layer.trainable = False"


def test_the_message_says_what_the_line_meant_and_what_happens() -> None:
    [frozen] = _df607("layer.trainabe = False")
    assert frozen.endswith("freezes nothing; the layers keep the trainable state they had")
    [unfrozen] = _df607("layer.trainabe = True")
    assert "unfreezes nothing" in unfrozen
