"""Fills bundled/ for one VS Code target: the server's libraries for every CPython it can get.

    python scripts/bundle_server.py --target linux-x64 --wheel build/vsix/defib-0.1.0-py3-none-any.whl

libcst and PyYAML have native modules, so each (platform, Python minor version) needs its own
wheels. For every Python in PYTHONS this installs the defib wheel with its dependencies into
bundled/libs/cp3XY from the package index, binary wheels only, chosen by pip for that platform and
Python (pip evaluates version markers such as tomli's for 3.10 against the target Python). A pair
with no wheels on the index is skipped with a note. bundled/server gets the pure defib package
alone, for interpreters that have the dependencies but no bundle. bundled/bundle.json tells the
extension what was bundled.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")


def _manylinux(arch: str, newest_glibc_minor: int) -> list[str]:
    # VS Code 1.86+ needs glibc 2.28, so every manylinux wheel up to 2_28 runs where the extension does.
    tags = [f"manylinux_2_{minor}_{arch}" for minor in range(newest_glibc_minor, 16, -1)]
    tags.append(f"manylinux2014_{arch}")
    if arch == "x86_64":
        tags += [f"manylinux_2_12_{arch}", f"manylinux2010_{arch}", f"manylinux_2_5_{arch}", f"manylinux1_{arch}"]
    return tags


# pip expands a macOS tag to older releases and to universal2 itself; the newest macOS named is the
# oldest that VS Code runs on for that architecture.
PLATFORMS: dict[str, list[str]] = {
    "linux-x64": _manylinux("x86_64", 28),
    "linux-arm64": _manylinux("aarch64", 28),
    "darwin-x64": ["macosx_10_15_x86_64"],
    "darwin-arm64": ["macosx_11_0_arm64"],
    "win32-x64": ["win_amd64"],
    "win32-arm64": ["win_arm64"],
}

# What pip says when the index has no wheel for the platform and Python (the pair is skipped);
# anything else (no network, a bad wheel) fails the build.
NO_WHEELS = ("No matching distribution found", "ResolutionImpossible")
# The dependencies with native modules: the ones that can lack a wheel, named in a skip note.
NATIVE = ("libcst", "pyyaml")


@dataclass(frozen=True)
class BundledPython:
    tag: str
    version: str
    libcst: str


@dataclass(frozen=True)
class SkippedPython:
    version: str
    reason: str


def _tag(version: str) -> str:
    return "cp" + version.replace(".", "")


def _dist_version(libs: Path, name: str) -> str:
    for dist_info in libs.glob("*.dist-info"):
        dist_name, _, rest = dist_info.name.partition("-")
        if dist_name.lower().replace("_", "-") == name:
            return rest.removesuffix(".dist-info")
    raise SystemExit(f"bundle-server: {name} is missing from {libs}")


def _pip_install(target: str, version: str, *args: str) -> subprocess.CompletedProcess[str]:
    platforms = [arg for platform in PLATFORMS[target] for arg in ("--platform", platform)]
    command = [
        sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "--only-binary=:all:", "--implementation", "cp", "--python-version", version,
        *platforms, *args,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, check=False)


def _without_wheels(target: str, version: str) -> list[str]:
    """The native dependencies that have no wheel for the pair (pip's conflict message names none)."""
    return [
        name
        for name in NATIVE
        if _pip_install(target, version, "--dry-run", "--ignore-installed", "--no-deps", name).returncode != 0
    ]


def _install(wheel: Path, target: str, version: str, libs: Path) -> str | None:
    """Installs the wheel's closure for one Python; None when done, else why the index has none."""
    result = _pip_install(
        target, version, "--no-compile", "--no-warn-script-location", "--target", str(libs), str(wheel)
    )
    if result.returncode == 0:
        return None
    error = result.stderr.strip()
    if any(marker in error for marker in NO_WHEELS):
        missing = _without_wheels(target, version)
        return f"no wheel for {', '.join(missing)}" if missing else error.splitlines()[-1].removeprefix("ERROR: ")
    raise SystemExit(f"bundle-server: pip failed for {target} Python {version}:\n{error}")


def _clean(libs: Path) -> None:
    shutil.rmtree(libs / "bin", ignore_errors=True)
    for cache in list(libs.rglob("__pycache__")):
        shutil.rmtree(cache, ignore_errors=True)


def _extract_pure_defib(wheel: Path, server: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        members = [name for name in archive.namelist() if name.startswith("defib/")]
        archive.extractall(server, members)


def bundle(target: str, wheel: Path, out: Path) -> tuple[list[BundledPython], list[SkippedPython]]:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    bundled: list[BundledPython] = []
    skipped: list[SkippedPython] = []
    for version in PYTHONS:
        libs = out / "libs" / _tag(version)
        reason = _install(wheel, target, version, libs)
        if reason is not None:
            shutil.rmtree(libs, ignore_errors=True)
            print(f"bundle-server: {target}: no CPython {version} bundle ({reason})")
            skipped.append(SkippedPython(version, reason))
            continue
        _clean(libs)
        bundled.append(BundledPython(_tag(version), version, _dist_version(libs, "libcst")))
    if not bundled:
        raise SystemExit(f"bundle-server: {target}: no Python has wheels on the index")
    _extract_pure_defib(wheel, out / "server")
    manifest = {
        "target": target,
        "defib": _dist_version(out / "libs" / bundled[0].tag, "defib"),
        "pythons": [asdict(python) for python in bundled],
        "skipped": [asdict(python) for python in skipped],
    }
    (out / "bundle.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return bundled, skipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, choices=sorted(PLATFORMS))
    parser.add_argument("--wheel", required=True, type=Path, help="the defib wheel (pip wheel --no-deps .)")
    parser.add_argument("--out", type=Path, default=Path("bundled"))
    args = parser.parse_args()
    bundled, _ = bundle(args.target, args.wheel.resolve(), args.out)
    summary = ", ".join(f"{python.tag} (libcst {python.libcst})" for python in bundled)
    print(f"bundle-server: {args.target}: {summary}")


if __name__ == "__main__":
    main()
