"""A VAE's loss read from the syntax: a reconstruction term and a KL term added together.

Keras's loss functions (`binary_crossentropy`, `mse`, ...) average over the last axis: on
flattened images, a mean over the pixels. The KL term of a VAE is written as a sum over the
latent dimensions (`-0.5 * K.sum(1 + z_log_var - K.square(z_mean) - K.exp(z_log_var), axis=-1)`).
Added as they are, the KL term weighs as much as every pixel together, and the encoder learns
to carry nothing: the decoder outputs one image for every input. The derivation asks for the
reconstruction summed over the pixels, which code writes as `original_dim * mse(...)`,
`reconstruction_loss *= original_dim` or `sum(binary_crossentropy(...), axis=(1, 2))`.

Each block (the file's top level, each function body) is read on its own: its plain names
hold every expression assigned to them there. A term is the reconstruction when it is (through
those names, and a mean over the batch) one of those loss calls, neither multiplied nor summed;
the KL term when it sums something holding an `exp`, weighted by nothing but the usual 0.5.
Nothing here follows values: a weight held in a name (a beta) or a factor below 0.5 is a choice
of balance, and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import libcst as cst

from defib.engine.model import Located
from defib.engine.source import (
    Chunk,
    dotted_name,
    found_at_word_start,
    number_literal,
    own_nodes,
    target_names,
    walk,
)

# Worth reading only when the file calls an exponential, a sum and one of the losses, and
# names a KL term or a log-variance (28 of the ecosystem corpus's 11,530 files): reading
# every statement of a file in Python costs about what parsing it does.
_HINT = (
    re.compile(r"exp\("),
    re.compile(r"(?:reduce_)?sum\("),
    re.compile(r"(?:binary_crossentropy|mse|mean_squared_error|mae|mean_absolute_error)\("),
)
_KL_HINT = re.compile(r"log_?var|log_?sigma|\bkl|kl_|_kl\b|kullback", re.IGNORECASE)
# A statement that holds none of these makes neither term.
_TERM_HINT = re.compile(
    r"\bexp\(|\b(?:reduce_)?sum\(|\b(?:binary_crossentropy|mse|mean_squared_error|mae"
    r"|mean_absolute_error)\("
)
# Keras loss functions that average over the last axis (the backend's `K.binary_crossentropy`
# is elementwise, and so is left out).
_MEAN_LOSSES = frozenset(
    {"binary_crossentropy", "mse", "mean_squared_error", "mae", "mean_absolute_error"}
)
_BACKENDS = frozenset({"K", "backend"})
_SUMS = frozenset({"sum", "reduce_sum"})
_MEANS = frozenset({"mean", "reduce_mean"})
# The KL term's own factor (`-0.5 * sum(...)`); any other written weight is a chosen balance.
_KL_FACTOR = 0.5


# What a term of a sum is: its kind ("recon", "kl", "other"), its node and that node's statement.
_Term = tuple[str, cst.CSTNode, Chunk]


@dataclass(frozen=True)
class UnbalancedElbo:
    """A reconstruction term averaged over the features (`loss`, called at `reconstruction`)
    added to a KL term summed over the latent dimensions (`kl`)."""

    loss: str
    reconstruction: Located
    kl: Located


def unbalanced_elbos(source: str, chunks: Sequence[Chunk]) -> list[UnbalancedElbo]:
    """Every sum of a mean reconstruction term and a summed KL term, in the file's order."""
    if not all(found_at_word_start(hint, source) for hint in _HINT) or not _KL_HINT.search(source):
        return []
    # The top level: statements that may make a term, and the simple ones that may add two
    # (`vae_loss = K.mean(reconstruction_loss + kl_loss)`); functions only in the former.
    relevant = [chunk for chunk in chunks if _TERM_HINT.search(chunk.code)]
    relevant_ids = {id(chunk) for chunk in relevant}
    top = [
        (statement, chunk)
        for chunk in chunks
        for statement in chunk.statements
        if isinstance(statement, cst.SimpleStatementLine)
        or (
            id(chunk) in relevant_ids and not isinstance(statement, (cst.FunctionDef, cst.ClassDef))
        )
    ]
    blocks = [_Block(top)]
    for chunk in relevant:
        for statement in chunk.statements:
            blocks.extend(
                _Block([(inner, chunk) for inner in function.body.body])
                for function in _functions(statement)
            )
    return [found for block in blocks for found in block.unbalanced()]


def _functions(node: cst.CSTNode) -> Iterator[cst.FunctionDef]:
    for inner in walk(node):
        if isinstance(inner, cst.FunctionDef) and isinstance(inner.body, cst.IndentedBlock):
            yield inner


class _Block:
    """One block's statements, with what its names were assigned (nested functions apart)."""

    def __init__(self, statements: Sequence[tuple[cst.CSTNode, Chunk]]) -> None:
        self.assigned: dict[str, list[tuple[cst.BaseExpression, Chunk]]] = {}
        self.scaled: set[str] = set()  # names multiplied or divided in place
        self.weights: dict[str, float | None] = {}  # by what (None: not a literal)
        self.sums: list[tuple[cst.BinaryOperation, Chunk]] = []  # every `a + b`
        for statement, chunk in statements:
            for node in own_nodes(statement):
                if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
                    self.sums.append((node, chunk))
                elif isinstance(node, cst.Assign):
                    for target in node.targets:
                        for name in target_names(target.target):
                            self.assigned.setdefault(name, []).append((node.value, chunk))
                elif isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Name):
                    if isinstance(node.operator, (cst.MultiplyAssign, cst.DivideAssign)):
                        self.scaled.add(node.target.value)
                        self.weights[node.target.value] = number_literal(node.value)

    def unbalanced(self) -> list[UnbalancedElbo]:
        found: list[UnbalancedElbo] = []
        for node, chunk in self.sums:
            left, right = self._term(node.left, chunk), self._term(node.right, chunk)
            for one, other in ((left, right), (right, left)):
                if one is None or other is None or (one[0], other[0]) != ("recon", "kl"):
                    continue
                loss = _last(one[1]) if isinstance(one[1], cst.Call) else ""
                found.append(
                    UnbalancedElbo(loss, Located(one[1], one[2]), Located(other[1], other[2]))
                )
        return found

    def _term(
        self, node: cst.BaseExpression, chunk: Chunk, seen: frozenset[str] = frozenset()
    ) -> _Term | None:
        """("recon", the loss call, its statement) for an unscaled mean loss; ("kl", the sum,
        its statement) for a KL term summed over the latent dimensions; ("other", ...) for
        anything else; None when the term is scaled or weighted (a choice the code made)."""
        if isinstance(node, cst.Name):
            return self._named(node, chunk, seen)
        if isinstance(node, cst.Call):
            last = _last(node)
            if last in _MEAN_LOSSES and not _BACKENDS & set(_module(node).split(".")):
                return ("recon", node, chunk)
            if last in _MEANS and node.args:
                return self._term(node.args[0].value, chunk, seen)
            if last in _SUMS and _holds_call([node], {"exp"}):
                # A sum over a reconstruction (over the features) is not a KL term.
                if not _holds_call([node], _MEAN_LOSSES):
                    return ("kl", node, chunk)
            return ("other", node, chunk)
        if isinstance(node, cst.UnaryOperation):
            return self._term(node.expression, chunk, seen)
        if isinstance(node, cst.BinaryOperation) and isinstance(
            node.operator, (cst.Multiply, cst.Divide)
        ):
            if any(
                isinstance(side, cst.Name) and side.value in seen
                for side in (node.left, node.right)
            ):
                return None  # `recon = recon * original_dim`: the name rescaled
            left, right = self._term(node.left, chunk, seen), self._term(node.right, chunk, seen)
            for term, factor in ((left, node.right), (right, node.left)):
                if term is None or term[0] == "recon":
                    return None  # the reconstruction scaled (by the features, presumably)
                if term[0] == "kl":
                    weight = number_literal(factor)
                    if weight is None or abs(abs(weight) - _KL_FACTOR) > 1e-9:
                        return None
                    return term
        return ("other", node, chunk)

    def _named(self, node: cst.Name, chunk: Chunk, seen: frozenset[str]) -> _Term | None:
        """A name's term, from every expression the block assigns it."""
        name = node.value
        if name in seen or name not in self.assigned:
            return ("other", node, chunk)
        values = self.assigned[name]
        terms = [self._term(value, where, seen | {name}) for value, where in values]
        if any(term is None for term in terms):
            return None
        recon = [term for term in terms if term is not None and term[0] == "recon"]
        if recon:
            return None if name in self.scaled else recon[0]
        expressions = [value for value, _ in values]
        if _holds_call(expressions, _SUMS) and _holds_call(expressions, {"exp"}):
            weight = self.weights.get(name, _KL_FACTOR)
            if weight is None or abs(abs(weight) - _KL_FACTOR) > 1e-9:
                return None
            for value, where in values:
                for inner in walk(value):
                    if _is_call(inner, _SUMS):
                        return ("kl", inner, where)
        return ("other", node, chunk)


def _last(call: cst.Call) -> str:
    return (dotted_name(call.func) or "").rpartition(".")[2]


def _module(call: cst.Call) -> str:
    return (dotted_name(call.func) or "").rpartition(".")[0]


def _is_call(node: cst.CSTNode, names: frozenset[str] | set[str]) -> bool:
    return isinstance(node, cst.Call) and _last(node) in names


def _holds_call(values: Sequence[cst.BaseExpression], names: frozenset[str] | set[str]) -> bool:
    return any(_is_call(node, names) for value in values for node in walk(value))
