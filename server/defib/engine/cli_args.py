"""Command-line options read by their defaults: argparse and absl (or TensorFlow 1) flags.

A training script often takes its learning rate, epochs or batch size from the command line:
`parser.add_argument("--lr", type=float, default=0.1)` then `Adam(args.lr)`, or
`flags.DEFINE_float("learning_rate", 0.1, "...")` then `FLAGS.learning_rate`. The default is
what runs when the script is started without that option, so an option reads as its default;
an option without one stays unknown.
"""

from __future__ import annotations

import libcst as cst

from defib.engine.interpreter import Interpreter, Library
from defib.engine.values import (
    UNKNOWN,
    Const,
    ListValue,
    ObjectValue,
    Ref,
    Scope,
    Value,
    string,
)

_FLAG_MODULES = (
    "absl.flags.",
    "tensorflow.app.flags.",
    "tensorflow.flags.",
    "tensorflow.compat.v1.flags.",
    "tensorflow.compat.v1.app.flags.",
    "tensorflow.python.platform.flags.",
)
_FLAGS_OBJECTS = frozenset(module + "FLAGS" for module in _FLAG_MODULES)
_FLAG_TYPES = {"DEFINE_float", "DEFINE_integer", "DEFINE_string", "DEFINE_boolean", "DEFINE_bool"}
_CONVERTERS = {"float": float, "int": int}


class ArgumentCalls(Library):
    """argparse parsers and the namespaces they parse to; absl flags and `FLAGS.name`."""

    def __init__(self, interpreter: Interpreter) -> None:
        self.interpreter = interpreter
        # Each parser (and each argument group, which adds to its parser) by identity, with the
        # defaults of the options added so far.
        self.parsers: dict[int, dict[str, Value]] = {}
        self.flags: dict[str, Value] = {}

    def call_ref(self, ref: Ref, node: cst.Call, scope: Scope) -> Value | None:
        qualified = ref.qualified
        if qualified == "argparse.ArgumentParser":
            self.interpreter.call_arguments(node, scope)
            parser = ObjectValue(None)
            self.parsers[id(parser)] = {}
            return parser
        for module in _FLAG_MODULES:
            if qualified.startswith(module) and qualified[len(module) :] in _FLAG_TYPES:
                args, kwargs = self.interpreter.call_arguments(node, scope)
                name = string(args[0]) if args else string(kwargs.get("name", UNKNOWN))
                default = args[1] if len(args) > 1 else kwargs.get("default", UNKNOWN)
                if name is not None:
                    self.flags[name] = default
                return Const(None)
        return None

    def attribute(self, base: Value, attr: str) -> Value | None:
        if isinstance(base, Ref) and base.qualified in _FLAGS_OBJECTS:
            return self.flags.get(attr, UNKNOWN)
        return None

    def call_method(self, owner: Value, method: str, node: cst.Call, scope: Scope) -> Value | None:
        if not isinstance(owner, ObjectValue) or id(owner) not in self.parsers:
            return None
        defaults = self.parsers[id(owner)]
        args, kwargs = self.interpreter.call_arguments(node, scope)
        if method == "add_argument":
            name = _destination([string(a) for a in args], string(kwargs.get("dest", UNKNOWN)))
            if name is not None:
                defaults[name] = _default(kwargs, _type_name(node))
            return UNKNOWN
        if method in ("add_argument_group", "add_mutually_exclusive_group"):
            group = ObjectValue(None)
            self.parsers[id(group)] = defaults
            return group
        if method == "set_defaults":
            defaults.update(kwargs)
            return Const(None)
        if method == "parse_args":
            return ObjectValue(None, dict(defaults))
        if method == "parse_known_args":
            return ListValue([ObjectValue(None, dict(defaults)), UNKNOWN])
        return UNKNOWN


def _destination(option_strings: list[str | None], dest: str | None) -> str | None:
    """The namespace attribute argparse stores an option in."""
    if dest is not None:
        return dest
    names = [s for s in option_strings if s is not None]
    if not names:
        return None
    long = next((s for s in names if s.startswith("--")), None)
    chosen = long or names[0]
    return chosen.lstrip("-").replace("-", "_") or None


def _type_name(node: cst.Call) -> str | None:
    """The builtin an option's `type=` names (`float`, `int`), if it names one."""
    for arg in node.args:
        if arg.keyword is not None and arg.keyword.value == "type":
            return arg.value.value if isinstance(arg.value, cst.Name) else None
    return None


def _default(kwargs: dict[str, Value], type_name: str | None) -> Value:
    """An option's default as argparse leaves it: a string default goes through `type`."""
    action = string(kwargs.get("action", UNKNOWN))
    if "default" not in kwargs:
        if action == "store_true":
            return Const(False)
        if action == "store_false":
            return Const(True)
        return Const(None)
    default = kwargs["default"]
    text = string(default)
    if text is not None and type_name in _CONVERTERS:
        try:
            return Const(_CONVERTERS[type_name](text))
        except ValueError:
            return UNKNOWN
    return default
