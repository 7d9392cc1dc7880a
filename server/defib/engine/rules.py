"""The rule interface: a rule reads `ModelSpec`s and reports findings through `RuleContext`.

A rule is one small file under `defib/rules/`: a `Rule` subclass whose docstring is its
documentation (What it does / Why is this bad? / Example / Use instead / Fix safety), whose
`VALID` and `INVALID` samples are at once its tests and its examples, and whose `check` calls
`ctx.report(...)`. Adding a rule touches that file and nothing else.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import libcst as cst

from defib.engine.attributes import MisspeltAttribute
from defib.engine.diagnostics import (
    Diagnostic,
    Edit,
    Fix,
    FixSafety,
    RelatedLocation,
    Severity,
    WhatIf,
)
from defib.engine.elbo import UnbalancedElbo
from defib.engine.fixes import minimal_edit, string_like
from defib.engine.loss_calls import SwappedLossCall
from defib.engine.model import (
    ArgSpec,
    BatchFunction,
    DataSpec,
    FitSpec,
    LayerSpec,
    Located,
    ModelSpec,
    Stage,
    TrainingFunction,
)
from defib.engine.pairing import BrokenPair
from defib.engine.unfilled import UnfilledInput


@dataclass(frozen=True)
class Invalid:
    """A code sample the rule must flag; `fixed` is the code after its fix, when it has one."""

    code: str
    fixed: str | None = None


class Rule:
    """Base class of every rule. Subclasses set the class attributes and implement `check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    message: ClassVar[str]
    # Numeric thresholds the user may override in [tool.defib.thresholds] (kebab-case names).
    thresholds: ClassVar[dict[str, float]] = {}
    # The risk is one that training meets: models that nothing in the file trains, whose
    # weights are loaded or copied in (`ModelSpec.inference_only`), are not judged.
    judges_training: ClassVar[bool] = True
    # The risk is one of a model's output, its loss or its labels: a model with several
    # outputs is judged at each of them (`ModelSpec.output_views`), not at the first alone.
    judges_output: ClassVar[bool] = False
    VALID: ClassVar[Sequence[str]] = ()
    INVALID: ClassVar[Sequence[Invalid]] = ()

    def check(self, ctx: RuleContext) -> None:
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        """The first paragraph of the rule's documentation."""
        doc = (cls.__doc__ or "").strip()
        for section in doc.split("\n\n"):
            text = " ".join(line.strip() for line in section.splitlines() if line.strip())
            if text and not text.startswith("#"):
                return text
        return cls.message


# A node and the text to write in its place.
Replacement = tuple[Located, str]


@dataclass
class RuleContext:
    """What a rule sees of a file, and how it reports."""

    models: list[ModelSpec]
    module_data: list[tuple[str, DataSpec]]
    rule: Rule
    threshold_overrides: dict[str, float] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    training_functions: list[TrainingFunction] = field(default_factory=list)
    # fit() calls on models not understood (loaded, built elsewhere, a Hugging Face model)
    # whose data is a tf.data pipeline of arrays in memory: what their data says is known.
    unknown_model_fits: list[FitSpec] = field(default_factory=list)
    batch_functions: list[BatchFunction] = field(default_factory=list)
    # Whether the file uses something only Keras 2 has (`lr=`, `keras.layers.convolutional`,
    # ...): it runs under Keras 2, whatever Keras 3 would do with it. A call, so that the
    # file's text is scanned only when a rule asks (about 9 ms for 1,000 lines).
    keras2_only: Callable[[], bool] = lambda: False
    # Whether it runs under tf.keras or Keras 3 (it imports TensorFlow's Keras and not `keras`
    # itself, or uses something only Keras 3 has), whose defaults differ from standalone Keras
    # 2's; a call too.
    tf_keras_defaults: Callable[[], bool] = lambda: False
    # Whether the file selects the JAX, PyTorch or NumPy backend (`KERAS_BACKEND`); a call too.
    other_backend: Callable[[], bool] = lambda: False
    # Arrays shuffled apart from their partners before a call that takes both (pairing.py).
    # A call too, read only when a rule asks.
    broken_pairs: Callable[[], list[BrokenPair]] = lambda: []
    # A VAE's mean reconstruction term added to a summed KL term (elbo.py), read on request.
    unbalanced_elbos: Callable[[], list[UnbalancedElbo]] = lambda: []
    # `layer.trainabe = False`: a Keras flag set under a misspelt name (attributes.py), read
    # on request.
    misspelt_flags: Callable[[], list[MisspeltAttribute]] = lambda: []
    # Inputs made by np.zeros that nothing fills before fit() (unfilled.py), read on request.
    unfilled_inputs: Callable[[], list[UnfilledInput]] = lambda: []
    # Keras cross-entropies called as `(prediction, labels)` (loss_calls.py), read on request.
    swapped_loss_calls: Callable[[], list[SwappedLossCall]] = lambda: []
    # The source of the file's top-level statements, in order: where a fix that writes a new
    # string finds the file's quotes when its own statement has no string.
    statements: Sequence[str] = ()
    # The analysed file's path on disk ("" when it has none): where data files it reads by a
    # relative path are looked up.
    path: str = ""

    def threshold(self, name: str) -> float:
        return self.threshold_overrides.get(name, self.rule.thresholds[name])

    def fix(self, message: str, safety: FixSafety, *replacements: Replacement) -> Fix:
        """A fix made of replacements of nodes' text, each turned into a minimal edit."""
        edits: list[Edit] = []
        seen: set[tuple[int, int]] = set()
        for where, new in replacements:
            if where.key in seen:
                continue  # a layer built in a loop is one node reported several times
            seen.add(where.key)
            edits.append(minimal_edit(where.range.start, where.code(), new))
        return Fix(message, safety, tuple(edits))

    def replace_value(self, arg: ArgSpec, new_code: str) -> Replacement:
        """Replace an argument's value where it was typed (following constants to the literal)."""
        return (arg.where, new_code)

    def set_string(self, arg: ArgSpec, text: str) -> Replacement:
        """Replace an argument's value with a string literal, keeping the file's quote style."""
        return (arg.where, string_like(arg.where.node, text))

    def set_activation(self, layer: LayerSpec, activation: str) -> Replacement | None:
        """Make `layer` apply `activation`: change its argument, or add one to its call."""
        if layer.activation_arg is not None:
            return self.set_string(layer.activation_arg, activation)
        call = layer.where.node
        if isinstance(call, cst.Call) and layer.kind not in (
            "Softmax",
            "ReLU",
            "LeakyReLU",
            "ELU",
            "Lambda",
        ):
            quoted = string_like(call, activation, [layer.where.chunk.code, *self.statements])
            return self.add_keyword(layer.where, "activation", quoted)
        return None

    @staticmethod
    def add_keyword(call: Located, name: str, value_code: str) -> Replacement | None:
        """Set `name=value` in a call: replace the value when given, else append the argument."""
        node = call.node
        text = call.code()
        if not isinstance(node, cst.Call) or not text.endswith(")"):
            return None
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value == name:
                return (Located(arg.value, call.chunk), value_code)
        if not node.args:
            return (call, f"{text[:-1]}{name}={value_code})")
        last = node.args[-1].value
        # Positions exclude a node's own parentheses: step over them to find its real end.
        end = call.chunk.end_offset_of(last) - call.chunk.offset_of(node)
        for _ in last.rpar:
            end = text.index(")", end) + 1
        return (call, f"{text[:end]}, {name}={value_code}{text[end:]}")

    @staticmethod
    def remove_keyword(call: Located, name: str) -> Replacement | None:
        """Remove the `name=` argument from a call, with the comma that separated it."""
        node = call.node
        if not isinstance(node, cst.Call):
            return None
        args = list(node.args)
        index = next(
            (i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value == name),
            None,
        )
        if index is None:
            return None
        text = call.code()
        base = call.chunk.offset_of(node)

        def start_of(part: cst.CSTNode) -> int:
            start = call.chunk.offset_of(part) - base
            for _ in getattr(part, "lpar", ()):
                start = text.rindex("(", 0, start)
            return start

        def end_of(part: cst.CSTNode) -> int:
            end = call.chunk.end_offset_of(part) - base
            for _ in getattr(part, "rpar", ()):
                end = text.index(")", end) + 1
            return end

        arg = args[index]
        assert arg.keyword is not None
        if index + 1 < len(args):
            # Not last: remove up to where the next argument starts.
            next_arg = args[index + 1]
            begin = start_of(arg.keyword)
            finish = start_of(next_arg.keyword or next_arg.value)
        elif index > 0:
            # Last: remove from the end of the previous argument, keeping a trailing comma.
            begin = end_of(args[index - 1].value)
            finish = end_of(arg.value)
        else:
            begin = start_of(arg.keyword)
            finish = end_of(arg.value)
            if isinstance(arg.comma, cst.Comma):
                finish = text.index(",", finish) + 1
        return (call, text[:begin] + text[finish:])

    @staticmethod
    def layer_index(model: ModelSpec, layer: LayerSpec) -> int:
        return model.layers.index(layer)

    def output_activation(
        self, model: ModelSpec, stage: Stage, activation: str
    ) -> tuple[Fix | None, WhatIf]:
        """Giving the output stage another activation (linear, say): an unsafe fix where its
        own layer applies the activation and no other model shares it, and the probe's
        what-if either way."""
        layer = stage.activation_layer
        replacement = (
            self.set_activation(layer, activation)
            if layer is stage.layer and not layer.shared_in(model)
            else None
        )
        fix = self.fix(f"Use a {activation} output", "unsafe", replacement) if replacement else None
        what_if = WhatIf(
            "activation",
            activation,
            self.layer_index(model, layer),
            f"output {stage.activation} -> {activation}",
            layer.line,
        )
        return fix, what_if

    def report(
        self,
        where: Located,
        message: str | None = None,
        *,
        severity: Severity | None = None,
        fix: Fix | None = None,
        related: Iterable[tuple[Located, str]] = (),
        model: ModelSpec | None = None,
        what_if: WhatIf | None = None,
    ) -> None:
        self.diagnostics.append(
            Diagnostic(
                code=self.rule.code,
                name=self.rule.name,
                severity=severity or self.rule.severity,
                message=message or self.rule.message,
                range=where.range,
                fix=fix,
                related=tuple(RelatedLocation(r.range, text) for r, text in related),
                model_line=model.line if model is not None else None,
                what_if=what_if,
            )
        )


def all_rules() -> list[type[Rule]]:
    """Every rule in `defib.rules`, ordered by code."""
    global _RULES
    if _RULES is None:
        import defib.rules as package

        found: dict[str, type[Rule]] = {}
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, Rule) and value is not Rule:
                    if getattr(value, "code", None):
                        found[value.code] = value
        _RULES = [found[code] for code in sorted(found)]
    return _RULES


_RULES: list[type[Rule]] | None = None


def rule_by_code(code: str) -> type[Rule] | None:
    return next((rule for rule in all_rules() if rule.code == code), None)
