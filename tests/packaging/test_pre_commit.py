"""The pre-commit hooks in `.pre-commit-hooks.yaml` run Defib on a real repository.

Each test runs `pre-commit try-repo` against this checkout (its working tree, uncommitted
changes included), which installs Defib into a fresh hook environment, as it would for a
repository whose `.pre-commit-config.yaml` names the hook.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(600)]


@pytest.fixture
def pre_commit_home(tmp_path: Path) -> Path:
    """pre-commit's own state, kept out of the user's home (try-repo installs the hook afresh)."""
    return tmp_path / "pre-commit-home"


def _environment(pre_commit_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.pop("VIRTUAL_ENV", None)
    env["PRE_COMMIT_HOME"] = str(pre_commit_home)
    env["PRE_COMMIT_COLOR"] = "never"
    return env


def _repository(tmp_path: Path, files: dict[str, str]) -> Path:
    """A git repository holding `files` (name -> text), staged."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name, text in files.items():
        (repo / name).write_text(text)
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=_environment(tmp_path))
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=_environment(tmp_path))
    return repo


def _example(name: str) -> str:
    return (EXAMPLES / name).read_text()


def _try_repo(repo: Path, hook: str, pre_commit_home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files"],
        cwd=repo,
        env=_environment(pre_commit_home),
        capture_output=True,
        text=True,
        check=False,
    )


def test_defib_check_fails_on_a_buggy_file_naming_the_rule(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    repo = _repository(tmp_path, {"train.py": _example("seed_1_learning_rate.py")})
    result = _try_repo(repo, "defib-check", pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "train.py:10:61: DF101 Learning rate 10.0 is far above" in result.stdout


def test_defib_check_passes_on_a_clean_file(tmp_path: Path, pre_commit_home: Path) -> None:
    repo = _repository(tmp_path, {"train.py": _example("healthy_regression.py")})
    result = _try_repo(repo, "defib-check", pre_commit_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "defib check" in result.stdout and "Passed" in result.stdout


def test_defib_fix_rewrites_a_safely_fixable_file_and_fails_because_it_changed(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    original = _example("one_unit_softmax.py")
    repo = _repository(tmp_path, {"train.py": original})
    result = _try_repo(repo, "defib-fix", pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "files were modified by this hook" in result.stdout
    fixed = original.replace('activation="softmax"', 'activation="sigmoid"').replace(
        'loss="categorical_crossentropy"', 'loss="binary_crossentropy"'
    )
    assert (repo / "train.py").read_text() == fixed


def test_defib_check_reads_notebooks(tmp_path: Path, pre_commit_home: Path) -> None:
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None}
    cells = [{**cell, "source": _example("one_unit_softmax.py")}]
    repo = _repository(tmp_path, {"train.ipynb": json.dumps({"cells": cells, "nbformat": 4})})
    result = _try_repo(repo, "defib-check", pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "train.ipynb:cell 1:19:32: DF401" in result.stdout
