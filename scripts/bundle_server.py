"""Fills bundled/ for one VS Code target: the server's libraries for every CPython it can get.

    python scripts/bundle_server.py --target linux-x64 --wheel build/vsix/defib-0.1.0-py3-none-any.whl

libcst and PyYAML have native modules, so each (platform, Python minor version) needs its own
wheels. For every Python in PYTHONS this installs the defib wheel with its dependencies into
bundled/libs/cp3XY from the package index, binary wheels only, resolved by uv for that platform
and Python. uv, unlike pip's --platform and --python-version, also evaluates environment markers
for the target: libcst needs pyyaml-ft on 3.13 and defib needs tomli on 3.10. A pair with no wheels
on the index is skipped with a note. bundled/server gets the pure defib package alone, for
interpreters that have the dependencies but no bundle. bundled/bundle.json tells the extension what
was bundled.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")

# uv's name for each target's platform, and the oldest OS release wheels must run on: VS Code 1.86+
# needs glibc 2.28 on Linux and macOS 10.15 (Intel) or 11 (Arm).
PLATFORMS: dict[str, tuple[str, str | None]] = {
    "linux-x64": ("x86_64-manylinux_2_28", None),
    "linux-arm64": ("aarch64-manylinux_2_28", None),
    "darwin-x64": ("x86_64-apple-darwin", "10.15"),
    "darwin-arm64": ("aarch64-apple-darwin", "11.0"),
    "win32-x64": ("x86_64-pc-windows-msvc", None),
    "win32-arm64": ("aarch64-pc-windows-msvc", None),
}

# What uv says when the index has no wheel for the platform and Python (the pair is skipped);
# anything else (no network, a bad wheel) fails the build.
NO_WHEELS = "No solution found when resolving dependencies"


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


def _install(wheel: Path, target: str, version: str, libs: Path) -> str | None:
    """Installs the wheel's closure for one Python; None when done, else why the index has none."""
    platform, macos = PLATFORMS[target]
    environment = {**os.environ, **({"MACOSX_DEPLOYMENT_TARGET": macos} if macos else {})}
    command = [
        sys.executable, "-m", "uv", "pip", "install", "--quiet", "--no-config",
        "--target", str(libs), "--python-platform", platform, "--python-version", version,
        "--only-binary", ":all:", "--no-compile", str(wheel),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    if result.returncode == 0:
        return None
    error = result.stderr.strip()
    if NO_WHEELS in error:
        # uv's hints name each package it needed a wheel of; libcst is named whenever its old
        # releases lack wheels too, so it is the cause only when it is the only one named.
        names = re.findall(r"Wheels are required for `([^`]+)`", error)
        named = [name for name in names if name != "libcst"] or names
        return f"no wheel for {', '.join(named)}" if named else error.splitlines()[-1]
    raise SystemExit(f"bundle-server: uv failed for {target} Python {version}:\n{error}")


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
    parser.add_argument(
        "--wheel", required=True, type=Path, help="the defib wheel (pip wheel --no-deps .)"
    )
    parser.add_argument("--out", type=Path, default=Path("bundled"))
    args = parser.parse_args()
    bundled, _ = bundle(args.target, args.wheel.resolve(), args.out)
    summary = ", ".join(f"{python.tag} (libcst {python.libcst})" for python in bundled)
    print(f"bundle-server: {args.target}: {summary}")


if __name__ == "__main__":
    main()
