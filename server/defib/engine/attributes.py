"""Attributes a file sets under a misspelt name: `layer.trainabe = False` makes a new
attribute that Keras never reads, and the layer trains on."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import libcst as cst

from defib.engine.model import Located
from defib.engine.source import Chunk, walk

# The attributes Keras reads whose misspellings are worth the look: freezing is set once and
# never read back by the file, so a typo there fails silently.
KERAS_FLAGS = ("trainable",)

# `obj.name = ...` (not `==`): the names a file sets as attributes.
_SET = re.compile(r"\.\s*([A-Za-z]\w*)\s*=(?!=)")


@dataclass(frozen=True)
class MisspeltAttribute:
    """`obj.written = True/False` where Keras reads `meant`."""

    written: str
    meant: str
    value: bool  # what it is set to
    where: Located  # the misspelt name


def misspelt_flags(source: str, chunks: Sequence[Chunk]) -> list[MisspeltAttribute]:
    """Every `obj.<near miss> = True/False` of a Keras flag that the file never reads back
    (an attribute it reads is its own, whatever it is called); not on `self` alone, whose
    class may be the file's own."""
    misspelt = {
        name: meant
        for name in set(_SET.findall(source))
        for meant in KERAS_FLAGS
        if near_miss(name, meant)
    }
    if not misspelt:
        return []
    # A name the file reads anywhere but where it sets it is the file's own attribute.
    own = {
        name
        for name in misspelt
        if len(re.findall(rf"\.\s*{name}\b", source))
        > len(re.findall(rf"\.\s*{name}\s*=(?!=)", source))
    }
    found: list[MisspeltAttribute] = []
    for chunk in chunks:
        for target, value in _flag_assignments(chunk.module):
            name = target.attr.value
            if name in misspelt and name not in own and _bool(value) and not _is_self(target.value):
                found.append(
                    MisspeltAttribute(
                        name,
                        misspelt[name],
                        isinstance(value, cst.Name) and value.value == "True",
                        Located(target.attr, chunk),
                    )
                )
    return found


def near_miss(name: str, meant: str) -> bool:
    """A misspelling of `meant`: one or two letters off (`trainabe`, `trainiable`,
    `traininable`), or another case (`Trainable`); not a name of its own (`_trainable`,
    `untrainable`, `trainables`, `retrainable`)."""
    if name == meant or name.startswith("_") or abs(len(name) - len(meant)) > 2:
        return False  # more than two letters apart in length: more than two edits apart
    if name.lower() == meant:
        return True
    lowered = name.lower()
    if meant in lowered or lowered.startswith(("un", "non", "not")):
        return False  # a word of its own: `retrainable`, `trainables`, `untrainable`
    if sum((Counter(meant) - Counter(lowered)).values()) > 2:
        return False  # each edit brings back at most one letter `meant` has and this lacks
    return _distance(lowered, meant) <= 2


def _distance(a: str, b: str) -> int:
    """Edit distance, a swap of two neighbouring letters counting as one."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(
                rows[-1][j] + 1,
                row[j - 1] + 1,
                rows[-1][j - 1] + (a[i - 1] != b[j - 1]),
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _flag_assignments(module: cst.Module) -> Iterator[tuple[cst.Attribute, cst.BaseExpression]]:
    """Each `obj.name = value` in the module, in nested blocks too."""
    for node in walk(module):
        if isinstance(node, cst.Assign):
            for target in node.targets:
                if isinstance(target.target, cst.Attribute):
                    yield target.target, node.value


def _bool(value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Name) and value.value in ("True", "False")


def _is_self(value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Name) and value.value == "self"
