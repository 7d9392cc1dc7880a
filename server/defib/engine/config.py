"""Configuration: `[tool.defib]` in the nearest `pyproject.toml`, merged with command-line or
editor settings. Keys are kebab-case as in ruff (`select`, `ignore`, `per-file-ignores`,
`severity`, `thresholds`, `max-file-size`)."""

from __future__ import annotations

import fnmatch
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Any

from defib.engine.diagnostics import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DEFAULT_MAX_FILE_SIZE = 1_000_000  # characters; larger files are skipped with a reason


class ConfigError(ValueError):
    """A setting that cannot be understood; the message says which and why."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] | None = None  # codes or prefixes ("DF1"); None selects all
    ignore: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    severity: Mapping[str, Severity] = field(default_factory=dict)
    thresholds: Mapping[str, float] = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    source: Path | None = None  # the pyproject.toml this came from

    def enabled(self, code: str, path: str | None = None) -> bool:
        if self.select is not None and not any(code.startswith(p) for p in self.select):
            return False
        if any(code.startswith(p) for p in self.ignore):
            return False
        if path and self.per_file_ignores:
            relative = self._relative(path)
            for pattern, codes in self.per_file_ignores.items():
                if _matches(relative, pattern) and any(code.startswith(c) for c in codes):
                    return False
        return True

    def _relative(self, path: str) -> str:
        if self.source is not None:
            try:
                return Path(path).resolve().relative_to(self.source.parent.resolve()).as_posix()
            except (ValueError, OSError):
                pass
        return PurePath(path).as_posix()

    def with_overrides(self, settings: Mapping[str, Any]) -> Config:
        """This configuration with editor or command-line settings laid over it."""
        parsed = _parse(settings, self.source)
        changes: dict[str, Any] = {}
        for key in ("select", "ignore", "max_file_size"):
            if _key(key) in settings or key in settings:
                changes[key] = getattr(parsed, key)
        if parsed.per_file_ignores:
            changes["per_file_ignores"] = {**self.per_file_ignores, **parsed.per_file_ignores}
        if parsed.severity:
            changes["severity"] = {**self.severity, **parsed.severity}
        if parsed.thresholds:
            changes["thresholds"] = {**self.thresholds, **parsed.thresholds}
        return replace(self, **changes)


def _key(name: str) -> str:
    return name.replace("_", "-")


def _matches(path: str, pattern: str) -> bool:
    return fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(PurePath(path).name, pattern)


def _codes(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"`{key}` must be a list of rule codes, got {value!r}")
    return tuple(v.strip().upper() for v in value if v.strip())


def _parse(table: Mapping[str, Any], source: Path | None) -> Config:
    def get(name: str) -> Any:
        return table.get(_key(name), table.get(name))

    select = get("select")
    severity: dict[str, Severity] = {}
    for code, level in dict(get("severity") or {}).items():
        try:
            severity[str(code).upper()] = Severity(str(level).lower())
        except ValueError:
            levels = ", ".join(s.value for s in Severity)
            raise ConfigError(
                f"severity of {code} must be one of {levels}, got {level!r}"
            ) from None
    thresholds: dict[str, float] = {}
    for name, value in dict(get("thresholds") or {}).items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"threshold `{name}` must be a number, got {value!r}")
        thresholds[str(name)] = float(value)
    per_file = {
        str(pattern): _codes(codes, f"per-file-ignores.{pattern}")
        for pattern, codes in dict(get("per_file_ignores") or {}).items()
    }
    max_size = get("max_file_size")
    if max_size is not None and (isinstance(max_size, bool) or not isinstance(max_size, int)):
        raise ConfigError(f"`max-file-size` must be a number of characters, got {max_size!r}")
    return Config(
        select=_codes(select, "select") if select is not None else None,
        ignore=_codes(get("ignore") or [], "ignore"),
        per_file_ignores=per_file,
        severity=severity,
        thresholds=thresholds,
        max_file_size=max_size if max_size is not None else DEFAULT_MAX_FILE_SIZE,
        source=source,
    )


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` (a file or a directory)."""
    directory = start if start.is_dir() else start.parent
    for candidate in (directory, *directory.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            return path
    return None


def load_config(pyproject: Path | None) -> Config:
    """Read `[tool.defib]` from a pyproject.toml; defaults when there is none."""
    if pyproject is None:
        return Config()
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{pyproject}: {error}") from error
    table = data.get("tool", {}).get("defib", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: [tool.defib] must be a table")
    return _parse(table, pyproject)
