"""The rule interface: a rule reads `ModelSpec`s and reports findings through `RuleContext`.

A rule is one small file under `defib/rules/`: a `Rule` subclass whose docstring is its
documentation (What it does / Why is this bad? / Example / Use instead / Fix safety), whose
`VALID` and `INVALID` samples are at once its tests and its examples, and whose `check` calls
`ctx.report(...)`. Adding a rule touches that file and nothing else.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import libcst as cst

from defib.engine.diagnostics import (
    Diagnostic,
    Edit,
    Fix,
    FixSafety,
    RelatedLocation,
    Severity,
    WhatIf,
)
from defib.engine.fixes import minimal_edit, string_like, with_keyword
from defib.engine.model import ArgSpec, DataSpec, LayerSpec, Located, ModelSpec


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


Replacement = tuple[Located, "cst.CSTNode | str"]


@dataclass
class RuleContext:
    """What a rule sees of a file, and how it reports."""

    models: list[ModelSpec]
    module_data: list[tuple[str, DataSpec]]
    rule: Rule
    threshold_overrides: dict[str, float] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def threshold(self, name: str) -> float:
        return self.threshold_overrides.get(name, self.rule.thresholds[name])

    def fix(self, message: str, safety: FixSafety, *replacements: Replacement) -> Fix:
        """A fix built from replacements of nodes by new nodes (or by text)."""
        edits: list[Edit] = []
        for where, new in replacements:
            old_text = where.code()
            new_text = new if isinstance(new, str) else where.code(new)
            edits.append(minimal_edit(where.range, old_text, new_text))
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
        if isinstance(call, cst.Call) and layer.kind not in ("Softmax", "ReLU", "LeakyReLU", "ELU"):
            return (layer.where, with_keyword(call, "activation", string_like(call, activation)))
        return None

    @staticmethod
    def layer_index(model: ModelSpec, layer: LayerSpec) -> int:
        return model.layers.index(layer)

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
