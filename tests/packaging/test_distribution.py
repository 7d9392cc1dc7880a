"""`pip install defib` works from the built wheel and sdist, in fresh virtual environments.

The wheel and sdist are built with `python -m build` from a copy of this checkout (the wheel
from the sdist, as `build` does), then installed with pip into new virtual environments; the
dependencies come from the package index, as they would for a user.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PACKAGE = ROOT / "server" / "defib"

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(600)]

# What a developer's checkout holds besides the sources, none of it meant for the package.
_NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "bundled", "build", "dist", "*.egg-info", "__pycache__"
)


@dataclass(frozen=True)
class Distributions:
    wheel: Path
    sdist: Path


@dataclass(frozen=True)
class Environment:
    root: Path

    @property
    def python(self) -> Path:
        return self.root / "bin" / "python"

    def run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        """Run a command of this environment from a neutral folder, as a user would."""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        return subprocess.run(
            [str(self.root / "bin" / str(args[0])), *map(str, args[1:])],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    def pip_install(self, *requirements: str) -> None:
        result = self.run("python", "-m", "pip", "install", "--quiet", *requirements)
        assert result.returncode == 0, result.stderr


def _new_environment(path: Path) -> Environment:
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    return Environment(path)


@pytest.fixture(scope="module")
def distributions(tmp_path_factory: pytest.TempPathFactory) -> Distributions:
    source = tmp_path_factory.mktemp("checkout") / "defib"
    shutil.copytree(ROOT, source, ignore=_NOT_COPIED)
    # As after `npm ci` and the .vsix build: a copy of the server in bundled/, and node_modules.
    for planted in ("bundled/libs/defib/__init__.py", "node_modules/left-pad/index.js"):
        (source / planted).parent.mkdir(parents=True)
        (source / planted).write_text("\n")
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    [wheel] = out.glob("*.whl")
    [sdist] = out.glob("*.tar.gz")
    return Distributions(wheel, sdist)


@pytest.fixture(scope="module")
def from_wheel(
    tmp_path_factory: pytest.TempPathFactory, distributions: Distributions
) -> Environment:
    environment = _new_environment(tmp_path_factory.mktemp("wheel") / "venv")
    environment.pip_install(str(distributions.wheel))
    return environment


@pytest.fixture(scope="module")
def from_sdist(
    tmp_path_factory: pytest.TempPathFactory, distributions: Distributions
) -> Environment:
    environment = _new_environment(tmp_path_factory.mktemp("sdist") / "venv")
    environment.pip_install(str(distributions.sdist))
    return environment


def _package_files() -> set[str]:
    """The files the defib package is made of, relative to server/: modules and data."""
    return {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_the_wheel_holds_the_package_with_its_data_and_nothing_else(
    distributions: Distributions,
) -> None:
    names = zipfile.ZipFile(distributions.wheel).namelist()
    assert "defib/py.typed" in names
    assert {n for n in names if not n.startswith("defib-0.1.0.dist-info/")} == _package_files()


def test_the_sdist_holds_the_package_with_its_data_and_its_build_files(
    distributions: Distributions,
) -> None:
    with tarfile.open(distributions.sdist) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"pyproject.toml", "README.md", "server/defib/py.typed"} <= names
    assert {f"server/{name}" for name in _package_files()} <= names
    assert not {n for n in names if n.split("/")[0] in ("tests", "bench", "bundled", "client")}
    assert not {n for n in names if "node_modules" in n}


def test_the_installed_wheel_is_imported_from_its_environment(from_wheel: Environment) -> None:
    result = from_wheel.run("python", "-c", "import defib; print(defib.__file__)")
    assert Path(result.stdout.strip()).is_relative_to(from_wheel.root), result.stderr


def test_the_installed_wheel_reports_a_buggy_file_and_exits_1(from_wheel: Environment) -> None:
    result = from_wheel.run("defib", "check", EXAMPLES / "seed_1_learning_rate.py")
    assert result.returncode == 1, result.stderr
    assert "seed_1_learning_rate.py:10:61: DF101 Learning rate 10.0" in result.stdout


def test_the_installed_wheel_passes_a_clean_file_and_exits_0(from_wheel: Environment) -> None:
    result = from_wheel.run("defib", "check", EXAMPLES / "healthy_regression.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "All checks passed!\n"


def test_the_installed_wheel_explains_a_rule(from_wheel: Environment) -> None:
    result = from_wheel.run("defib", "rule", "DF101")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# learning-rate-too-high (DF101)\n")
    assert "## Why is this bad?" in result.stdout


def test_the_installed_sdist_reports_a_buggy_file_and_exits_1(from_sdist: Environment) -> None:
    result = from_sdist.run("defib", "check", EXAMPLES / "one_unit_softmax.py")
    assert result.returncode == 1, result.stderr
    assert "one_unit_softmax.py:19:32: DF401 [*] Softmax over a single unit" in result.stdout


def test_the_installed_sdist_explains_a_rule(from_sdist: Environment) -> None:
    result = from_sdist.run("defib", "rule", "DF101")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# learning-rate-too-high (DF101)\n")


def test_the_probe_extra_resolves_to_tensorflow(
    tmp_path: Path, from_wheel: Environment, distributions: Distributions
) -> None:
    report = tmp_path / "report.json"
    result = from_wheel.run(
        *("python", "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet"),
        *("--report", report, f"defib[probe] @ {distributions.wheel.as_uri()}"),
    )
    assert result.returncode == 0, result.stderr
    names = {item["metadata"]["name"] for item in json.loads(report.read_text())["install"]}
    tensorflow = "tensorflow_cpu" if sys.platform == "linux" else "tensorflow"
    assert {"defib", tensorflow, "numpy"} <= {name.replace("-", "_") for name in names}


@pytest.mark.parametrize(("extra", "framework"), [("probe-jax", "jax"), ("probe-torch", "torch")])
def test_the_other_backend_extras_resolve_to_keras_and_their_framework_only(
    tmp_path: Path,
    from_wheel: Environment,
    distributions: Distributions,
    extra: str,
    framework: str,
) -> None:
    report = tmp_path / "report.json"
    result = from_wheel.run(
        *("python", "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet"),
        *("--report", report, f"defib[{extra}] @ {distributions.wheel.as_uri()}"),
    )
    assert result.returncode == 0, result.stderr
    installs = json.loads(report.read_text())["install"]
    versions = {
        item["metadata"]["name"].replace("-", "_"): item["metadata"]["version"] for item in installs
    }
    assert {"defib", "keras", framework, "numpy"} <= set(versions)
    assert not {"tensorflow", "tensorflow_cpu"} & set(versions)
    if framework == "torch":  # pinned: a newer torch would be a CUDA build of gigabytes
        assert versions["torch"].split("+")[0] == "2.13.0"


@pytest.fixture
def with_probe(tmp_path: Path, distributions: Distributions) -> Iterator[Environment]:
    environment = _new_environment(tmp_path / "venv")
    environment.pip_install(f"defib[probe] @ {distributions.wheel.as_uri()}")
    yield environment
    shutil.rmtree(environment.root)  # 1.6 GB with TensorFlow: not worth keeping in tmp


@pytest.mark.tensorflow
def test_defib_with_the_probe_extra_probes_a_real_model(with_probe: Environment) -> None:
    result = with_probe.run("defib", "probe", EXAMPLES / "one_unit_softmax.py")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "model 'sequential': COLLAPSED" in result.stdout
