"""Editor settings: what `initializationOptions` and `workspace/didChangeConfiguration` carry.

Accepted shapes: `{"settings": {...}, "workspaceTrusted": bool}`, `{"defib": {...}}` or the
settings themselves as a flat dict. Probe keys may be nested (`{"probe": {"steps": 10}}`) or
dotted (`"probe.steps"`). Unknown keys are ignored; malformed values fall back to defaults
and are reported, so one bad setting never disables the server.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from defib.probe.runner import DEFAULT_TIMEOUT

UNTRUSTED_MESSAGE = (
    "Defib will not probe: this workspace is not trusted, and a probe runs the workspace's "
    "own Python code. Trust the workspace (generic LSP clients: initializationOptions "
    '{"workspaceTrusted": true}) to allow probing.'
)
LOG_LEVELS = {"error": logging.ERROR, "warning": logging.WARNING, "info": logging.INFO}
LOG_LEVELS["debug"] = logging.DEBUG


@dataclass(frozen=True)
class Settings:
    """One editor's settings for Defib, with the defaults an editor gets without any."""

    enable: bool = True
    lint_on_type: bool = True
    # Laid over [tool.defib] with Config.with_overrides (kebab-case keys, as pyproject).
    engine: Mapping[str, Any] = field(default_factory=dict)
    probe_steps: int = 30
    probe_timeout: float = DEFAULT_TIMEOUT
    probe_warm_on_start: bool = False
    interpreter: tuple[str, ...] = ()
    log_level: str = "info"
    debounce: float = 0.1  # seconds between the last keystroke and the analysis
    problems: tuple[str, ...] = ()  # settings that were malformed and ignored

    @property
    def log_threshold(self) -> int:
        return LOG_LEVELS.get(self.log_level, logging.INFO)


def unwrap(options: Any) -> tuple[Mapping[str, Any], bool | None]:
    """The settings dict and the trust flag (None: not said) from any accepted shape."""
    if not isinstance(options, Mapping):
        return {}, None
    trusted = options.get("workspaceTrusted")
    settings: Any = options
    if isinstance(options.get("settings"), Mapping):
        settings = options["settings"]
    if isinstance(settings.get("defib"), Mapping):
        settings = settings["defib"]
    if trusted is None:
        trusted = settings.get("workspaceTrusted")
    return settings, trusted if isinstance(trusted, bool) else None


def _flatten(raw: Mapping[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "probe" and isinstance(value, Mapping):
            for inner, inner_value in value.items():
                flat[f"probe.{inner}"] = inner_value
        else:
            flat[str(key)] = value
    return flat


def parse_settings(raw: Mapping[str, Any]) -> Settings:
    """Settings from the editor's `defib` section (see the module docstring for shapes)."""
    flat = _flatten(raw)
    problems: list[str] = []

    def pick(key: str, kind: type | tuple[type, ...], default: Any) -> Any:
        value = flat.get(key)
        if value is None:
            return default
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            problems.append(key)
            return default
        return value

    engine: dict[str, Any] = {}
    select = pick("select", list, None)
    if select:  # an empty list in an editor means "not set", as in the VS Code defaults
        engine["select"] = select
    ignore = pick("ignore", list, None)
    if ignore:
        engine["ignore"] = ignore
    severity = pick("severity", dict, None)
    if severity:
        # Editors say "information" where pyproject says "info".
        engine["severity"] = {
            code: "info" if str(level).lower() == "information" else level
            for code, level in severity.items()
        }
    thresholds = pick("thresholds", dict, None)
    if thresholds:
        engine["thresholds"] = thresholds
    max_size = pick("maxFileSize", int, None)
    if max_size is not None:
        engine["max-file-size"] = max_size
    interpreter = flat.get("interpreter")
    if isinstance(interpreter, str):
        interpreter = [interpreter]
    if interpreter is not None and not (
        isinstance(interpreter, list) and all(isinstance(part, str) for part in interpreter)
    ):
        problems.append("interpreter")
        interpreter = None
    steps = pick("probe.steps", (int, float), 30)
    timeout = pick("probe.timeout", (int, float), DEFAULT_TIMEOUT)
    log_level = pick("logLevel", str, "info")
    if log_level not in LOG_LEVELS:
        problems.append("logLevel")
        log_level = "info"
    debounce_ms = pick("debounceMs", (int, float), 100)
    return Settings(
        enable=pick("enable", bool, True),
        lint_on_type=pick("lintOnType", bool, True),
        engine=engine,
        probe_steps=max(1, int(steps)),
        probe_timeout=max(1.0, float(timeout)),
        probe_warm_on_start=pick("probe.warmOnStart", bool, False),
        interpreter=tuple(part for part in interpreter or () if part),
        log_level=log_level,
        debounce=max(0.0, float(debounce_ms) / 1000.0),
        problems=tuple(problems),
    )
