"""`[tool.defib]` of the nearest pyproject.toml, re-read when the file changes.

Each workspace folder (each directory, in fact) finds its own pyproject.toml, so a
multi-root workspace gets each root's configuration. The modification time is checked on
every analysis, so an edit to pyproject.toml applies even without file-watching support.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from defib.engine import Config, ConfigError, find_pyproject, load_config

Report = Callable[[str], None]


class ProjectConfigs:
    """Configuration per file: pyproject `[tool.defib]` with editor settings laid over it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded: dict[Path, tuple[int, Config]] = {}
        self._reported: set[str] = set()

    def forget(self) -> None:
        """Drop everything read so far (a watched pyproject.toml changed)."""
        with self._lock:
            self._loaded.clear()
            self._reported.clear()

    def config_for(self, path: str, overrides: Mapping[str, Any], report: Report) -> Config:
        """The configuration for `path`; a broken file or setting is reported once and
        replaced by the defaults, never fatal."""
        base = self._base(path, report)
        if not overrides:
            return base
        try:
            return base.with_overrides(overrides)
        except ConfigError as error:
            self._report_once(f"Defib: ignoring editor settings: {error}", report)
            return base

    def _base(self, path: str, report: Report) -> Config:
        if not os.path.isabs(path):
            return Config()  # untitled documents have no project
        pyproject = find_pyproject(Path(path))
        if pyproject is None:
            return Config()
        try:
            mtime = pyproject.stat().st_mtime_ns
        except OSError:
            return Config()
        with self._lock:
            cached = self._loaded.get(pyproject)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        try:
            config = load_config(pyproject)
        except ConfigError as error:
            self._report_once(f"Defib: ignoring {pyproject}: {error}", report)
            config = Config()
        with self._lock:
            if len(self._loaded) > 256:
                self._loaded.clear()
            self._loaded[pyproject] = (mtime, config)
        return config

    def _report_once(self, message: str, report: Report) -> None:
        with self._lock:
            if message in self._reported:
                return
            self._reported.add(message)
        report(message)
