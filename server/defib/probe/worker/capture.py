"""Run the user's script as `__main__` and catch the model it builds and the data it fits on.

`keras.Model.fit` is replaced at class level so the first `fit()` of the model we want hands
over the compiled model and its real arguments and stops the script: real training never
runs. `Layer.__init__` records where in the user's source each layer and model was built,
`Model.compile` which models were compiled.
"""

from __future__ import annotations

import os
import sys
import tokenize
import types
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .schema import ModelSeen

_WORKER_DIR = os.path.dirname(os.path.abspath(__file__))


class FitCaptured(BaseException):
    """Stops the script at the chosen `fit()`. A BaseException, so `except Exception` in the
    user's script does not swallow it."""


@dataclass
class FitCall:
    model: Any
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    line: int | None = None  # the fit() call's line in the user's script


@dataclass
class Capture:
    """What the script built, in order."""

    script: str
    target_line: int | None
    lines: dict[int, tuple[str, int]] = field(default_factory=dict)  # id(layer) -> (file, line)
    keep_alive: list[Any] = field(default_factory=list)
    models: list[Any] = field(default_factory=list)
    compiled: list[Any] = field(default_factory=list)
    compile_lines: dict[int, int] = field(default_factory=dict)  # id(model) -> compile() line
    fits: list[FitCall] = field(default_factory=list)
    chosen_fit: FitCall | None = None
    module_globals: dict[str, Any] = field(default_factory=dict)
    # Each fit() of a model other than the probed one: (model, line of the call, what was done:
    # "trained" when it ran for real, "skipped" when the probed model was already built).
    other_fits: list[tuple[Any, int | None, str]] = field(default_factory=list)
    # id(model) -> its weights before a pre-training fit() ran, should it be the one probed.
    untrained: dict[int, list[Any]] = field(default_factory=dict)

    def line_of(self, layer: Any) -> int | None:
        """The line in the user's script where `layer` was constructed."""
        where = self.lines.get(id(layer))
        if where is None or where[0] != self.script:
            return None
        return where[1]

    def select_model(self, candidates: list[Any]) -> Any | None:
        """The model at or around `target_line`; without a line, the last candidate."""
        if not candidates:
            return None
        line = self.target_line
        if line is None:
            return candidates[-1]
        for model in candidates:
            if self.line_of(model) == line:
                return model
        for model in candidates:
            if any(self.line_of(layer) == line for layer in _safe_layers(model)):
                return model
        located = [(self.line_of(m), m) for m in candidates if self.line_of(m) is not None]
        before = [(ln, m) for ln, m in located if ln is not None and ln <= line]
        if before:
            return max(before, key=lambda pair: pair[0])[1]
        if located:
            return min(located, key=lambda pair: pair[0] or 0)[1]
        return candidates[-1]

    def at_target(self, model: Any) -> bool:
        """Whether `model`, or one of its layers, was built on `target_line` exactly."""
        line = self.target_line
        return line is not None and (
            self.line_of(model) == line
            or any(self.line_of(layer) == line for layer in _safe_layers(model))
        )

    def may_come_later(self, model: Any, call_line: int | None) -> bool:
        """A fit() of `model` before `target_line`, while no model built so far is at that
        line: a pre-training step; the model asked for is still to be built."""
        if self.target_line is None or call_line is None or call_line >= self.target_line:
            return False
        return not any(self.at_target(m) for m in unique(self.models + self.compiled))

    def settle(self) -> None:
        """After a script that ended without the fit() asked for: when the model chosen is one
        whose fit() ran as pre-training, probe that fit() from the weights it started with."""
        trained = [c for c in self.fits if id(c.model) in self.untrained]
        if self.chosen_fit is not None or not trained:
            return
        model = self.select_model(unique(self.models + self.compiled))
        call = next((c for c in trained if c.model is model), None)
        if call is not None and model is not None:
            model.set_weights(self.untrained[id(model)])
            self.chosen_fit = call
            self.other_fits = [entry for entry in self.other_fits if entry[0] is not model]

    def models_seen(self, probed: Any) -> list[ModelSeen]:
        """Every model the script built or compiled, in order: name, line, whether it was
        probed, and what became of its fit() ("trained", "skipped", or None)."""
        fitted = {id(model): how for model, _, how in self.other_fits}
        return [
            {
                "name": str(getattr(model, "name", "")),
                "class": type(model).__name__,
                "line": self.line_of(model),
                "probed": model is probed,
                "fit": "probed" if model is probed else fitted.get(id(model)),
            }
            for model in unique(self.models + self.compiled)
        ]

    def notes(self, probed: Any) -> list[str]:
        """What a reader should know about the models the probe did not measure."""
        seen = self.models_seen(probed)
        if len(seen) < 2:
            return []
        names = ", ".join(f"{m['name']!r} (line {m['line']})" for m in seen)
        which = (
            f"the model at line {self.target_line}"
            if self.target_line is not None
            else "probe another with --line, or the code lens on it"
        )
        probed_name = getattr(probed, "name", "?")
        notes = [
            f"the script builds {len(seen)} models: {names}; the probe measured"
            f" {probed_name!r} ({which})"
        ]
        for model, line, how in self.other_fits:
            name = getattr(model, "name", "?")
            if how == "trained":
                notes.append(
                    f"the fit() of {name!r} at line {line} ran for real first (pre-training)"
                )
            else:
                notes.append(f"the fit() of {name!r} at line {line} was skipped")
        return notes

    def call_line(self) -> int | None:
        """The top-level statement of the script running now (its outermost frame there): a
        fit() inside a function runs where the function is called."""
        frame: Any = sys._getframe(1)
        line = None
        while frame is not None:
            if frame.f_code.co_filename == self.script:
                line = int(frame.f_lineno)
            frame = frame.f_back
        return line


def _safe_layers(model: Any) -> list[Any]:
    try:
        return list(model.layers)
    except Exception:
        return []


def creation_site(script: str, layer: Any, model_cls: Any) -> tuple[tuple[str, int] | None, bool]:
    """Where the user built `layer`, and whether a Keras model built it internally.

    The site is the frame in the user's script (else the innermost user file). A model is
    internal when, below the first user frame, a library method of another model is running
    (Sequential builds a private Functional, for instance).
    """
    frame: Any = sys._getframe(2)
    internal = False
    fallback: tuple[str, int] | None = None
    while frame is not None:
        filename = frame.f_code.co_filename
        if frame.f_locals.get("self") is layer and _is_user_file(filename):
            pass  # the user's own __init__ of this layer: its caller built it
        elif filename == script:
            return (filename, frame.f_lineno), internal
        elif _is_user_file(filename):
            if fallback is None:
                fallback = (filename, frame.f_lineno)
        elif fallback is None:
            owner = frame.f_locals.get("self")
            if owner is not None and owner is not layer and isinstance(owner, model_cls):
                internal = True
        frame = frame.f_back
    return fallback, internal


def call_line(script: str) -> int | None:
    """The line in the user's script that called the hooked method (fit, compile)."""
    frame: Any = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename == script:
            return int(frame.f_lineno)
        frame = frame.f_back
    return None


def _is_user_file(filename: str) -> bool:
    if filename.startswith("<"):
        return False
    if filename.startswith(_WORKER_DIR):
        return False
    return "site-packages" not in filename and "dist-packages" not in filename


class ClassHooks:
    """Class attributes replaced for a while, and put back as they were."""

    def __init__(self) -> None:
        self.saved: list[tuple[Any, str, Any | None]] = []

    def set(self, owner: Any, name: str, new: Any) -> None:
        # None: inherited (compile and fit live on Trainer), so removal deletes ours.
        self.saved.append((owner, name, owner.__dict__.get(name)))
        setattr(owner, name, new)

    def remove(self) -> None:
        for owner, name, original in reversed(self.saved):
            if original is None:
                delattr(owner, name)
            else:
                setattr(owner, name, original)
        self.saved.clear()


class Interceptors(ClassHooks):
    """Installs and removes the class-level hooks on Keras."""

    def __init__(self, keras: Any, capture: Capture) -> None:
        super().__init__()
        self.keras = keras
        self.capture = capture

    def install(self) -> None:
        keras = self.keras
        capture = self.capture
        layer_cls = keras.layers.Layer
        model_cls = keras.Model
        original_init = layer_cls.__init__
        original_compile = model_cls.compile
        original_fit = model_cls.fit

        def init(layer: Any, *args: Any, **kwargs: Any) -> None:
            original_init(layer, *args, **kwargs)
            if id(layer) in capture.lines:
                return
            where, internal = creation_site(capture.script, layer, model_cls)
            if where is not None:
                capture.lines[id(layer)] = where
                capture.keep_alive.append(layer)
            if isinstance(layer, model_cls) and not internal:
                capture.models.append(layer)

        def compile(model: Any, *args: Any, **kwargs: Any) -> Any:
            result = original_compile(model, *args, **kwargs)
            if model in capture.compiled:
                capture.compiled.remove(model)
            capture.compiled.append(model)
            line = call_line(capture.script)
            if line is not None:
                capture.compile_lines[id(model)] = line
            return result

        def fit(model: Any, *args: Any, **kwargs: Any) -> Any:
            call = FitCall(model, args, kwargs, call_line(capture.script))
            capture.fits.append(call)
            line = capture.call_line()
            if capture.target_line is None or capture.at_target(model):
                capture.chosen_fit = call
                raise FitCaptured()
            if capture.may_come_later(model, line):
                # Pre-training before the model asked for is built: it runs for real, so the
                # probed model starts from the weights the script gives it.
                capture.other_fits.append((model, line, "trained"))
                capture.untrained.setdefault(id(model), model.get_weights())
                return original_fit(model, *args, **kwargs)
            wanted = capture.select_model(unique(capture.models + capture.compiled))
            if wanted is model:
                capture.chosen_fit = call
                raise FitCaptured()
            # Not the model asked for: skip its training and let the script go on.
            capture.other_fits.append((model, line, "skipped"))
            return keras.callbacks.History()

        for owner, name, new in (
            (layer_cls, "__init__", init),
            (model_cls, "compile", compile),
            (model_cls, "fit", fit),
        ):
            self.set(owner, name, new)


def unique(models: list[Any]) -> list[Any]:
    """The models in order, each once."""
    seen: set[int] = set()
    out = []
    for model in models:
        if id(model) not in seen:
            seen.add(id(model))
            out.append(model)
    return out


class ScriptOutcome:
    """How the script ended: captured at fit, finished, or raised."""

    def __init__(self, kind: str, exception: BaseException | None = None) -> None:
        self.kind = kind  # "fit" | "finished" | "raised"
        self.exception = exception


def run_script(script: str, capture: Capture, cwd: str | None = None) -> ScriptOutcome:
    """Execute the script as `__main__` in `cwd` (default: the script's own directory), with
    argv = [script]. A notebook's joined cells run from a temp file, in the notebook's folder."""
    folder = cwd or os.path.dirname(script)
    module = types.ModuleType("__main__")
    module.__file__ = script
    module.__dict__["__builtins__"] = __builtins__
    capture.module_globals = module.__dict__
    sys.modules["__main__"] = module
    sys.argv = [script]
    sys.path.insert(0, folder)
    os.chdir(folder)
    try:
        with tokenize.open(script) as handle:
            source = handle.read()
        code = compile(source, script, "exec")
        exec(code, module.__dict__)
    except FitCaptured:
        return ScriptOutcome("fit")
    except BaseException as exc:  # the user's error, reported with its line
        return ScriptOutcome("raised", exc)
    return ScriptOutcome("finished")


def user_location(exc: BaseException, script: str) -> tuple[str | None, int | None]:
    """The deepest traceback frame in the user's script (else in any user file)."""
    if isinstance(exc, SyntaxError) and exc.filename:
        return exc.filename, exc.lineno
    tb = exc.__traceback__
    best: tuple[str | None, int | None] = (None, None)
    other: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename == script:
            best = (filename, tb.tb_lineno)
        elif _is_user_file(filename):
            other = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return best if best[0] is not None else other
