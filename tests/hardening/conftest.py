"""Hypothesis profiles for the hardening suite, and a timeout on every test here.

`ci` (the default) is small and derandomized so the suite is reproducible and quick;
`fuzz` is what `bench/fuzz.py` selects for a long run (`DEFIB_HYPOTHESIS_PROFILE=fuzz`,
`DEFIB_FUZZ_EXAMPLES=N`).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("DEFIB_FUZZ_EXAMPLES", "5000")),
    deadline=None,
    derandomize=False,
    database=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("DEFIB_HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/hardening" in str(item.fspath) and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(300))
