"""A second, independent real client: headless Neovim 0.7 with its built-in LSP client."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import EXAMPLES

NVIM = shutil.which("nvim") or "/usr/bin/nvim"
SCRIPT = Path(__file__).parent / "neovim" / "diagnostics.lua"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.path.exists(NVIM), reason="Neovim is not installed"),
]


def run_neovim(file: Path, out: Path) -> dict[str, object]:
    env = {
        **os.environ,
        "DEFIB_FILE": str(file),
        "DEFIB_OUT": str(out),
        "DEFIB_PYTHON": sys.executable,
    }
    subprocess.run(
        [NVIM, "--headless", "-u", "NONE", "-c", f"luafile {SCRIPT}"],
        env=env,
        timeout=90,
        check=False,
        capture_output=True,
    )
    result: dict[str, object] = json.loads(out.read_text())
    return result


@pytest.mark.parametrize(
    ("name", "code"),
    [("seed_1_learning_rate.py", "DF101"), ("seed_3_data_scaling.py", "DF301")],
)
def test_neovim_shows_the_seed_diagnostics_and_their_actions(
    tmp_path: Path, name: str, code: str
) -> None:
    target = tmp_path / name
    shutil.copy(EXAMPLES / name, target)
    result = run_neovim(target, tmp_path / "result.json")
    assert result["codes"] == [code]
    assert result["neovim_diagnostics"] == 1
    assert f"Ignore {code} on this line" in result["actions"]  # type: ignore[operator]
    assert result["errors"] == []
    assert result["exit_code"] == 0
