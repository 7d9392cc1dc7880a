"""Shared fixtures: one warm runner for the whole session, and scripts written to tmp dirs."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from defib.probe.runner import ProbeRunner
from defib.probe.worker.schema import check


class CheckedRunner(ProbeRunner):
    """The real runner; every report it returns must conform to the report's definition
    (probe/worker/schema.py), so each probe test also checks the shape of what it got."""

    def probe(self, *args: Any, **kwargs: Any) -> Any:
        report = super().probe(*args, **kwargs)
        problems = check(report)
        assert not problems, f"the report departs from its definition: {problems}"
        return report


@pytest.fixture(scope="session")
def runner() -> Iterator[ProbeRunner]:
    probe_runner = CheckedRunner()
    probe_runner.warm()
    yield probe_runner
    probe_runner.close()


@pytest.fixture
def script(tmp_path: Path) -> Callable[..., str]:
    """Write a training script (dedented) into a fresh directory; returns its path."""

    def write(text: str, name: str = "train.py") -> str:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"))
        return str(path)

    return write


@pytest.fixture
def probe(runner: ProbeRunner, script: Callable[..., str]) -> Callable[..., dict[str, Any]]:
    """Write the script and probe it on the warm runner."""

    def run(text: str, **request: Any) -> dict[str, Any]:
        path = script(text)
        return runner.probe({"path": path, **request})

    return run
