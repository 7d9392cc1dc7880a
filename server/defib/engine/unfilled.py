"""Inputs made by `np.zeros` that nothing fills before fit() trains on them: a replay buffer
whose `X[i] = state` line went missing, an exercise's loop left as a TODO."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from defib.engine.model import Located
from defib.engine.source import Chunk, dotted_name, walk

_ZEROS = frozenset({"np.zeros", "numpy.zeros", "np.zeros_like", "numpy.zeros_like"})
_TRAINING_CALLS = frozenset({"fit", "fit_generator", "train_on_batch"})
# Cheap tests before any walk (np.zeros is common; this pattern is not): a name bound to
# np.zeros, and a fit() that is given that name first.
_MADE = re.compile(r"^[ \t]*(\w+)[ \t]*=[ \t]*(?:np|numpy)\.zeros(?:_like)?\(", re.MULTILINE)
_TRAINED = r"\.(?:fit|fit_generator|train_on_batch)\(\s*(?:x\s*=\s*)?{name}\b"


@dataclass(frozen=True)
class UnfilledInput:
    """`name = np.zeros(...)` and a `fit(name, ...)`, with no other mention of `name`."""

    name: str
    made: Located  # the np.zeros call
    trained: Located  # fit()'s argument


def unfilled_inputs(source: str, chunks: Sequence[Chunk]) -> list[UnfilledInput]:
    """Each name that is only ever bound to `np.zeros(...)` and passed as the inputs of a
    fit() or train_on_batch(): every other mention (an item written, a parameter, a loop
    variable, an attribute or keyword of that name, a read anywhere) could fill it, so any
    other mention in the whole file leaves the name alone."""
    names = set(_MADE.findall(source))
    if not any(re.search(_TRAINED.format(name=name), source) for name in names):
        return []
    mentions: Counter[str] = Counter()
    made: dict[str, list[Located]] = {}
    trained: dict[str, list[Located]] = {}
    for chunk in chunks:
        for node in walk(chunk.module):
            if isinstance(node, cst.Name):
                mentions[node.value] += 1
            elif isinstance(node, cst.Arg) and node.keyword is not None:
                mentions[node.keyword.value] -= 1  # `fit(x=...)` names a parameter
            elif isinstance(node, cst.Assign) and len(node.targets) == 1:
                target = node.targets[0].target
                value = node.value
                if (
                    isinstance(target, cst.Name)
                    and isinstance(value, cst.Call)
                    and dotted_name(value.func) in _ZEROS
                ):
                    made.setdefault(target.value, []).append(Located(value, chunk))
            elif isinstance(node, cst.Call) and (argument := _inputs_given(node)) is not None:
                trained.setdefault(argument.value, []).append(Located(argument, chunk))
    found: list[UnfilledInput] = []
    for name, calls in made.items():
        fits = trained.get(name, [])
        # Each np.zeros call names `np`/`numpy` and `zeros`, not `name`: the assignment's
        # target and fit()'s argument are the only mentions allowed.
        if fits and mentions[name] == len(calls) + len(fits):
            found += [UnfilledInput(name, calls[0], where) for where in fits]
    return found


def _inputs_given(call: cst.Call) -> cst.Name | None:
    """The name passed as the inputs of `<model>.fit(name, ...)` (or `x=name`)."""
    if not isinstance(call.func, cst.Attribute) or call.func.attr.value not in _TRAINING_CALLS:
        return None
    for index, arg in enumerate(call.args):
        keyword = arg.keyword.value if arg.keyword is not None else None
        if (keyword is None and index == 0 and not arg.star) or keyword == "x":
            return arg.value if isinstance(arg.value, cst.Name) else None
    return None
