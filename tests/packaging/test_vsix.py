"""What each built .vsix holds: the server's libraries for its own platform and every CPython it could get.

A package is for one VS Code target and bundles, per CPython minor version, the wheels built for
that platform and Python in extension/bundled/libs/cp3XY. These tests read the packages as they
ship (zip files) and start the server from the bundles this machine can run.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path, PurePosixPath

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

TARGETS = ("linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "win32-x64", "win32-arm64")
PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")
# The (target, Python) pairs the package index has no wheels for: the only ones a package may lack.
# libcst needs PyYAML, which has no Windows-on-Arm wheels before CPython 3.12, and on 3.13 it needs
# pyyaml-ft, which has none at all.
KNOWN_WITHOUT_WHEELS = {("win32-arm64", "3.10"), ("win32-arm64", "3.11"), ("win32-arm64", "3.13")}
# What `.vscodeignore` lets into a package, besides the files vsce adds itself.
SHIPPED = (
    "package.json",
    "readme.md",
    "changelog.md",
    "LICENSE",
    "dist/extension.js",
    "bundled/",
    "client/media/icon.png",
)

# Where VS Code 1.90 runs: glibc 2.28 and newer; macOS 10.15 and newer on Intel, 11 on Arm.
NEWEST_GLIBC = 28
OLDEST_MACOS = {"darwin-x64": (10, 15), "darwin-arm64": (11, 0)}
MAC_ARCHES = {
    "darwin-x64": {"x86_64", "intel", "universal2", "universal"},
    "darwin-arm64": {"arm64", "universal2"},
}
LINUX_ARCHES = {"linux-x64": "x86_64", "linux-arm64": "aarch64"}
WINDOWS_PLATFORMS = {"win32-x64": "win_amd64", "win32-arm64": "win_arm64"}
# Environment markers as pip would see them on each target, to check each bundle's dependencies.
MARKERS = {
    "linux-x64": ("linux", "Linux", "x86_64", "posix"),
    "linux-arm64": ("linux", "Linux", "aarch64", "posix"),
    "darwin-x64": ("darwin", "Darwin", "x86_64", "posix"),
    "darwin-arm64": ("darwin", "Darwin", "arm64", "posix"),
    "win32-x64": ("win32", "Windows", "AMD64", "nt"),
    "win32-arm64": ("win32", "Windows", "ARM64", "nt"),
}
# What a native module's header says it was built for: ELF e_machine, Mach-O cputype, PE machine.
ELF_MACHINES = {"linux-x64": 62, "linux-arm64": 183}
MACHO_CPUS = {"darwin-x64": 0x01000007, "darwin-arm64": 0x0100000C}
PE_MACHINES = {"win32-x64": 0x8664, "win32-arm64": 0xAA64}


@dataclass(frozen=True)
class Package:
    path: Path
    target: str
    names: tuple[str, ...]

    def read(self, name: str) -> bytes:
        with zipfile.ZipFile(self.path) as archive:
            return archive.read(name)

    def bundle(self) -> dict[str, object]:
        manifest: dict[str, object] = json.loads(self.read("extension/bundled/bundle.json"))
        return manifest

    def libs(self) -> dict[str, list[str]]:
        """Every file under extension/bundled/libs, by its cp3XY folder."""
        folders: dict[str, list[str]] = {}
        for name in self.names:
            parts = PurePosixPath(name).parts
            if parts[:3] == ("extension", "bundled", "libs") and len(parts) > 4:
                folders.setdefault(parts[3], []).append("/".join(parts[4:]))
        return folders


def _open(path: Path) -> Package:
    with zipfile.ZipFile(path) as archive:
        manifest = archive.read("extension.vsixmanifest").decode()
        names = tuple(archive.namelist())
    found = re.search(r'TargetPlatform="([^"]+)"', manifest)
    assert found, f"{path.name} is not platform-specific"
    return Package(path, found.group(1), names)


@pytest.fixture(scope="module")
def packages(vsix_packages: list[Path]) -> list[Package]:
    return [_open(path) for path in vsix_packages]


def _python_of(tag: str) -> tuple[int, int]:
    return 3, int(tag.removeprefix("cp3"))


def _platform_fits(platform: str, target: str) -> bool:
    if target in LINUX_ARCHES:
        found = re.fullmatch(r"manylinux(1|2010|2014|_2_(\d+))_(\w+)", platform)
        return (
            bool(found)
            and found.group(3) == LINUX_ARCHES[target]
            and int(found.group(2) or 0) <= NEWEST_GLIBC
        )
    if target in MAC_ARCHES:
        found = re.fullmatch(r"macosx_(\d+)_(\d+)_(\w+)", platform)
        return (
            bool(found)
            and found.group(3) in MAC_ARCHES[target]
            and (int(found.group(1)), int(found.group(2))) <= OLDEST_MACOS[target]
        )
    return platform == WINDOWS_PLATFORMS[target]


def tag_fits(tag: str, target: str, python: tuple[int, int]) -> bool:
    """Whether a wheel tag (`cp312-cp312-win_amd64`) installs on that target and CPython."""
    interpreter, abi, platform = tag.split("-")
    minor = python[1]
    if platform == "any":
        return (
            abi == "none"
            and re.fullmatch(r"py3(\d*)", interpreter) is not None
            and int(interpreter[3:] or 0) <= minor
        )
    if not _platform_fits(platform, target):
        return False
    if abi == "abi3":
        found = re.fullmatch(r"cp3(\d+)", interpreter)
        return found is not None and int(found.group(1)) <= minor
    return interpreter == f"cp3{minor}" and abi in {f"cp3{minor}", "none"}


def _native_suffixes(target: str, python: tuple[int, int]) -> tuple[str, ...]:
    minor = python[1]
    if target in LINUX_ARCHES:
        return (f".cpython-3{minor}-{LINUX_ARCHES[target]}-linux-gnu.so", ".abi3.so")
    if target in MAC_ARCHES:
        return (f".cpython-3{minor}-darwin.so", ".abi3.so")
    return (f".cp3{minor}-{WINDOWS_PLATFORMS[target]}.pyd",)


def built_for(binary: bytes, target: str) -> bool:
    """Whether a native module's header names the target's architecture (a universal binary may hold several)."""
    if binary[:4] == b"\x7fELF":
        return binary[4] == 2 and struct.unpack_from("<H", binary, 18)[0] == ELF_MACHINES.get(
            target
        )
    if binary[:4] == b"\xcf\xfa\xed\xfe":
        return struct.unpack_from("<I", binary, 4)[0] == MACHO_CPUS.get(target)
    if binary[:4] == b"\xca\xfe\xba\xbe":
        count = struct.unpack_from(">I", binary, 4)[0]
        return MACHO_CPUS.get(target) in {
            struct.unpack_from(">I", binary, 8 + 20 * i)[0] for i in range(count)
        }
    if binary[:2] == b"MZ":
        header = struct.unpack_from("<I", binary, 0x3C)[0]
        return binary[header : header + 4] == b"PE\0\0" and struct.unpack_from(
            "<H", binary, header + 4
        )[0] == PE_MACHINES.get(target)
    return False


def _dist_infos(package: Package, folder: str, files: list[str]) -> Iterator[tuple[str, str]]:
    for name in files:
        parts = name.split("/")
        if len(parts) == 2 and parts[0].endswith(".dist-info") and parts[1] == "METADATA":
            yield parts[0], package.read(f"extension/bundled/libs/{folder}/{name}").decode()


def test_each_package_is_for_one_target_and_names_it(packages: list[Package]) -> None:
    version = json.loads((Path(__file__).resolve().parents[2] / "package.json").read_text())[
        "version"
    ]
    for package in packages:
        assert package.target in TARGETS, package.path.name
        assert package.path.name in {
            f"defib-{version}.vsix",
            f"defib-{package.target}-{version}.vsix",
        }
        assert package.bundle()["target"] == package.target, package.path.name


def test_packages_hold_only_what_vscodeignore_lets_in(packages: list[Package]) -> None:
    for package in packages:
        shipped = [
            name.removeprefix("extension/")
            for name in package.names
            if name.startswith("extension/")
        ]
        assert "dist/extension.js" in shipped and "package.json" in shipped
        assert "bundled/server/defib/__init__.py" in shipped, (
            f"{package.path.name} lacks the pure server"
        )
        stray = [name for name in shipped if not name.startswith(SHIPPED)]
        compiled = [name for name in shipped if "__pycache__/" in name or name.endswith(".pyc")]
        assert not stray and not compiled, f"{package.path.name}: {stray[:5]} {compiled[:5]}"


def test_every_python_is_bundled_unless_the_index_has_no_wheels_for_it(
    packages: list[Package],
) -> None:
    for package in packages:
        bundle = package.bundle()
        bundled = {entry["version"] for entry in bundle["pythons"]}  # type: ignore[attr-defined]
        skipped = {entry["version"] for entry in bundle["skipped"]}  # type: ignore[attr-defined]
        folders = set(package.libs())
        assert folders == {"cp" + version.replace(".", "") for version in bundled}, (
            package.path.name
        )
        assert bundled | skipped == set(PYTHONS) and not bundled & skipped, package.path.name
        unexpected = {(package.target, version) for version in skipped} - KNOWN_WITHOUT_WHEELS
        assert not unexpected, (
            f"{package.path.name} lacks Pythons the index has wheels for: {unexpected}"
        )


def test_every_wheel_is_for_the_target_and_its_python(packages: list[Package]) -> None:
    for package in packages:
        for folder, files in package.libs().items():
            python = _python_of(folder)
            wheels = [name for name in files if re.fullmatch(r"[^/]+\.dist-info/WHEEL", name)]
            assert len(wheels) >= 8, f"{package.path.name} {folder}: only {wheels}"
            for wheel in wheels:
                text = package.read(f"extension/bundled/libs/{folder}/{wheel}").decode()
                tags = [
                    line.split(":", 1)[1].strip()
                    for line in text.splitlines()
                    if line.startswith("Tag:")
                ]
                assert tags, f"{package.path.name} {folder}/{wheel} has no tags"
                assert any(tag_fits(tag, package.target, python) for tag in tags), (
                    f"{package.path.name} {folder}/{wheel}: {tags} do not install on {package.target} CPython 3.{python[1]}"
                )


def test_native_modules_are_built_for_the_target_and_its_python(packages: list[Package]) -> None:
    for package in packages:
        for folder, files in package.libs().items():
            native = [name for name in files if name.endswith((".so", ".pyd", ".dylib", ".dll"))]
            assert any(name.startswith("libcst/native") for name in native), (
                f"{package.path.name} {folder}"
            )
            suffixes = _native_suffixes(package.target, _python_of(folder))
            for name in native:
                assert name.endswith(suffixes), (
                    f"{package.path.name} {folder}/{name} is not named for {suffixes}"
                )
                binary = package.read(f"extension/bundled/libs/{folder}/{name}")
                assert built_for(binary, package.target), (
                    f"{package.path.name} {folder}/{name} is for another architecture"
                )


def test_every_bundle_holds_what_its_packages_require_there(packages: list[Package]) -> None:
    for package in packages:
        sys_platform, system, machine, os_name = MARKERS[package.target]
        for folder, files in package.libs().items():
            minor = _python_of(folder)[1]
            environment = {
                "python_version": f"3.{minor}",
                "python_full_version": f"3.{minor}.0",
                "sys_platform": sys_platform,
                "platform_system": system,
                "platform_machine": machine,
                "os_name": os_name,
                "implementation_name": "cpython",
                "platform_python_implementation": "CPython",
                "extra": "",
            }
            metadata = dict(_dist_infos(package, folder, files))
            installed = {
                canonicalize_name(Parser().parsestr(text)["Name"]): Version(
                    Parser().parsestr(text)["Version"]
                )
                for text in metadata.values()
            }
            assert "defib" in installed and "libcst" in installed, f"{package.path.name} {folder}"
            for text in metadata.values():
                for line in Parser().parsestr(text).get_all("Requires-Dist") or []:
                    requirement = Requirement(line)
                    if requirement.marker is not None and not requirement.marker.evaluate(
                        environment
                    ):
                        continue
                    have = installed.get(canonicalize_name(requirement.name))
                    assert have is not None and requirement.specifier.contains(
                        have, prereleases=True
                    ), f"{package.path.name} {folder}: {line} (have {have})"


def _local_python(version: str) -> str | None:
    """A CPython of that minor version on this machine (on PATH or from pyenv), if any."""
    if f"{sys.version_info[0]}.{sys.version_info[1]}" == version:
        return sys.executable
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = [
        shutil.which(f"python{version}"),
        *map(str, sorted(pyenv.glob(f"versions/{version}.*/bin/python3"))),
    ]
    for candidate in filter(None, candidates):
        try:
            found = subprocess.run(
                [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
        except OSError:
            continue
        if found.stdout.strip() == version:
            return candidate
    return None


def _host_target() -> str | None:
    machine = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine().lower()
    )
    system = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform)
    return f"{system}-{machine}" if machine and system else None


STARTS_SERVER = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "import defib, defib.lsp.server, libcst, libcst.tool, pygls, lsprotocol; "
    "libcst.parse_module('x = 1'); "
    "assert defib.__file__.startswith(sys.argv[1]), defib.__file__"
)


def test_the_server_imports_from_every_bundle_this_machine_can_run(
    packages: list[Package], tmp_path: Path
) -> None:
    ran = []
    for package in packages:
        if package.target != _host_target():
            continue
        with zipfile.ZipFile(package.path) as archive:
            archive.extractall(
                tmp_path / package.path.stem,
                [name for name in package.names if name.startswith("extension/bundled/")],
            )
        bundled = tmp_path / package.path.stem / "extension" / "bundled"
        for folder in sorted(package.libs()):
            python = _local_python(f"3.{_python_of(folder)[1]}")
            if python is None:
                continue
            # -I -S: nothing from the interpreter's own environment, only the bundle.
            result = subprocess.run(
                [python, "-I", "-S", "-c", STARTS_SERVER, str(bundled / "libs" / folder)],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert result.returncode == 0, (
                f"{package.path.name} {folder} with {python}: {result.stderr}"
            )
            ran.append(f"{package.path.name}:{folder}")
        # The pure server alone runs on an environment that has the libraries (this test's own).
        pure = bundled / "server"
        result = subprocess.run(
            [sys.executable, "-c", STARTS_SERVER, str(pure)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, f"{package.path.name} bundled/server: {result.stderr}"
    if not ran:
        pytest.skip(f"no package for this machine ({_host_target()})")


def test_the_pure_server_compiles_in_every_package(packages: list[Package]) -> None:
    for package in packages:
        sources = [
            name
            for name in package.names
            if name.startswith("extension/bundled/server/defib/") and name.endswith(".py")
        ]
        assert len(sources) > 20, package.path.name
        for name in sources:
            compile(package.read(name), name, "exec", dont_inherit=True)


@pytest.mark.parametrize(
    ("tag", "target", "fits"),
    [
        ("cp312-cp312-manylinux_2_28_x86_64", "linux-x64", True),
        ("cp312-cp312-manylinux_2_31_x86_64", "linux-x64", False),
        ("cp312-cp312-manylinux2014_aarch64", "linux-x64", False),
        ("cp311-cp311-manylinux2014_x86_64", "linux-x64", False),
        ("cp310-abi3-macosx_10_9_universal2", "darwin-arm64", True),
        ("cp312-cp312-macosx_11_0_arm64", "darwin-x64", False),
        ("cp312-cp312-macosx_14_0_arm64", "darwin-arm64", False),
        ("cp312-cp312-win_arm64", "win32-arm64", True),
        ("py3-none-any", "win32-x64", True),
        ("py2-none-any", "win32-x64", False),
    ],
)
def test_tag_fits_reads_wheel_tags_as_pip_would(tag: str, target: str, fits: bool) -> None:
    assert tag_fits(tag, target, (3, 12)) is fits
