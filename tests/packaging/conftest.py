"""The built packages that tests/packaging/test_vsix*.py check."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def vsix_packages() -> list[Path]:
    """Every defib*.vsix in the repository root.

    None built skips the tests that need them; with DEFIB_REQUIRE_PACKAGES=1 (the test script,
    right after building them) it fails them instead.
    """
    packages = sorted(REPO.glob("defib-*.vsix"))
    if not packages:
        message = "no .vsix in the repository root: run `npm run package` or `npm run package:all`"
        if os.environ.get("DEFIB_REQUIRE_PACKAGES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return packages
