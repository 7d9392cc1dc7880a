"""`defib run`: run a training script as `__main__`, in this interpreter, with a `Guard` on
every `fit()`.

`keras.Model.fit` is replaced at class level (as the probe does) to add a Guard, given a sample
of that fit's own data, to its callbacks; `Layer.__init__` records where the script built each
layer so a diagnosis names the line.
"""

from __future__ import annotations

import json
import os
import sys
import tokenize
import traceback
import types
from dataclasses import dataclass, field
from typing import Any

from defib.guard.sample import fit_data, take_sample
from defib.guard.watch import Diagnosis
from defib.probe.worker.capture import ClassHooks, creation_site

HEALTHY = 0
CALLBACKS_POSITION = 5  # in keras.Model.fit's positional arguments, after x, y, batch_size, ...
FAILED = 1  # the guard found a certain collapse or divergence (the script's errors exit 1 too)


@dataclass
class GuardedRun:
    """Every `fit()` the script made and what its guard concluded."""

    script: str
    stop: bool = True
    sites: dict[int, tuple[str, int]] = field(default_factory=dict)
    keep_alive: list[Any] = field(default_factory=list)
    guards: list[Any] = field(default_factory=list)
    fit_lines: list[int | None] = field(default_factory=list)

    @property
    def diagnoses(self) -> list[Diagnosis]:
        return [d for guard in self.guards for d in guard.diagnoses]

    def to_json(self, outcome: str, exit_code: int) -> dict[str, Any]:
        return {
            "script": self.script,
            "outcome": outcome,
            "exit_code": exit_code,
            "fits": len(self.guards),
            "fit_lines": self.fit_lines,
            "diagnoses": [d.to_json() for d in self.diagnoses],
        }


class Hooks(ClassHooks):
    """Installs and removes the class-level hooks on Keras."""

    def __init__(self, keras: Any, run: GuardedRun) -> None:
        super().__init__()
        self.keras = keras
        self.run = run

    def install(self) -> None:
        from defib.guard.callback import Guard

        keras, run = self.keras, self.run
        layer_cls, model_cls = keras.layers.Layer, keras.Model
        original_init, original_fit = layer_cls.__init__, model_cls.fit

        def init(layer: Any, *args: Any, **kwargs: Any) -> None:
            original_init(layer, *args, **kwargs)
            if id(layer) not in run.sites:
                where, _ = creation_site(run.script, layer, model_cls)
                if where is not None:
                    run.sites[id(layer)] = where
                    run.keep_alive.append(layer)

        def fit(model: Any, *args: Any, **kwargs: Any) -> Any:
            if len(args) > CALLBACKS_POSITION + 1:  # unusual: leave it unguarded
                return original_fit(model, *args, **kwargs)
            if len(args) == CALLBACKS_POSITION + 1:  # fit(x, y, batch_size, epochs, verbose, cbs)
                args, kwargs["callbacks"] = args[:-1], args[-1]
            callbacks = list(kwargs.pop("callbacks", None) or [])
            guard = next((c for c in callbacks if isinstance(c, Guard)), None)
            if guard is None:
                sample, targets = take_sample(*fit_data(args, kwargs))
                guard = Guard(sample, targets, stop=run.stop, sites=run.sites)
                callbacks.append(guard)
            run.guards.append(guard)
            run.fit_lines.append(_caller_line(run.script))
            return original_fit(model, *args, callbacks=callbacks, **kwargs)

        for owner, name, new in ((layer_cls, "__init__", init), (model_cls, "fit", fit)):
            self.set(owner, name, new)


def _caller_line(script: str) -> int | None:
    frame: Any = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename == script:
            return int(frame.f_lineno)
        frame = frame.f_back
    return None


def run_guarded(
    script: str, argv: list[str], stop: bool = True, report_path: str | None = None
) -> int:
    """Run `script` with `argv` as `__main__` under the guard; the exit code: the script's own
    when it exits or raises, else FAILED when a guard found a certain failure, else HEALTHY."""
    import keras

    script = os.path.abspath(script)
    run = GuardedRun(script=script, stop=stop)
    hooks = Hooks(keras, run)
    hooks.install()
    try:
        outcome, code = _execute(script, argv)
    finally:
        hooks.remove()
    if outcome == "finished" and any(d.certain for d in run.diagnoses):
        outcome, code = ("stopped" if stop else "diagnosed"), FAILED
    _summary(run, outcome)
    if report_path:
        with open(report_path, "w", encoding="utf-8") as handle:
            json.dump(run.to_json(outcome, code), handle, indent=2)
    return code


def _execute(script: str, argv: list[str]) -> tuple[str, int]:
    """Execute the script as `python script argv...` would: ("finished", 0), ("exited", its
    code) or ("raised", 1) with the traceback printed."""
    module = types.ModuleType("__main__")
    module.__file__ = script
    module.__dict__["__builtins__"] = __builtins__
    saved_main, saved_argv, saved_path = sys.modules.get("__main__"), sys.argv, list(sys.path)
    sys.modules["__main__"] = module
    sys.argv = [script, *argv]
    sys.path.insert(0, os.path.dirname(script))
    try:
        with tokenize.open(script) as handle:
            code = compile(handle.read(), script, "exec")
        exec(code, module.__dict__)
    except SystemExit as exit_:
        return "exited", _exit_code(exit_.code)
    except BaseException as exc:
        # As Python prints it, without this module's frames.
        traceback.print_exception(type(exc), exc, _user_traceback(exc.__traceback__, script))
        return "raised", 1
    finally:
        if saved_main is not None:
            sys.modules["__main__"] = saved_main
        sys.argv, sys.path[:] = saved_argv, saved_path
    return "finished", HEALTHY


def _exit_code(code: Any) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _user_traceback(tb: Any, script: str) -> Any:
    while tb is not None and tb.tb_frame.f_code.co_filename != script:
        tb = tb.tb_next
    return tb


def _summary(run: GuardedRun, outcome: str) -> None:
    fits = len(run.guards)
    if outcome in ("stopped", "diagnosed"):
        return  # each diagnosis was printed as it was found
    if fits and outcome == "finished":
        found = "only a likely collapse" if run.diagnoses else "no collapse or divergence"
        print(f"defib guard: {fits} fit() call(s) watched, {found}", file=sys.stderr)
