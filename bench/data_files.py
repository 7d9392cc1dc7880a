"""DF301's hint on features read from a file, with the data files the repositories ship.

    DEFIB_CACHE=<cache> .venv/bin/python bench/data_files.py --mirrors /work/.mirror [--list]

The ecosystem corpus (bench/ecosystem.py) holds only the code, so every DF301 hint there says
"unless the file is already scaled". This takes each file with such a hint from the last
ecosystem run's findings, writes it into a scratch tree with every file of its repository
(at the pinned commit) that a literal path in it names (`pd.read_csv("data/heart.csv")`:
every file whose path ends with `data/heart.csv`, at its place in the repository), checks it
there, and prints what became of each hint: gone (the file holds numbers only, all within
`scaled-file-max-value`), kept with the file's largest value named, or unchanged (the file is
not in the repository, or its path is not typed as a literal). `--list` prints each file.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

_SERVER = Path(__file__).resolve().parents[1] / "server"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ecosystem import cache_root, find_mirror, read_manifest  # noqa: E402

_READ = re.compile(
    r"(?:read_csv|read_table|loadtxt|genfromtxt)\(\s*[rRuU]?(?:\\?[\"'])([^\"'\\]+)(?:\\?[\"'])"
)


def _tree(git_dir: Path, commit: str) -> list[str]:
    listed = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "--name-only", "-z", commit],
        capture_output=True,
        check=True,
    ).stdout
    return [p.decode(errors="replace") for p in listed.split(b"\0") if p]


def _write(git_dir: Path, commit: str, path: str, to: Path) -> None:
    blob = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"],
        capture_output=True,
        check=True,
    ).stdout
    to.parent.mkdir(parents=True, exist_ok=True)
    to.write_bytes(blob)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, required=True)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    root = cache_root()
    findings = json.loads((root / "findings.json").read_text())
    hinted = sorted(
        {
            (f["repo"], f["path"])
            for f in findings
            if f["code"] == "DF301" and f["severity"] == "hint"
        }
    )
    commits = {repo.name: repo.commit for repo in read_manifest()}
    outcome: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="defib-data-files-") as scratch:
        written: dict[Path, tuple[str, str, list[str]]] = {}
        for repo, path in hinted:
            git_dir = find_mirror(args.mirrors, repo)
            commit = commits.get(repo)
            if git_dir is None or commit is None:
                outcome["no mirror"] += 1
                continue
            place = Path(scratch) / repo.replace("/", "+")
            _write(git_dir, commit, path, place / path)
            code = (place / path).read_text(encoding="utf-8", errors="replace")
            typed = {p.replace("\\", "/").lstrip("./") for p in _READ.findall(code)}
            shipped = [
                name
                for name in _tree(git_dir, commit)
                if any(name == t or name.endswith("/" + t) for t in typed if t)
            ]
            for name in list(shipped):
                try:
                    _write(git_dir, commit, name, place / name)
                except subprocess.CalledProcessError:
                    shipped.remove(name)  # listed, but its blob is not in the mirror
            written[place / path] = (repo, path, shipped)
        checked = subprocess.run(
            [
                sys.executable,
                "-m",
                "defib",
                "check",
                "--output-format",
                "json",
                "--exit-zero",
                *map(str, written),
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(_SERVER)},
        )
        by_file: dict[str, list[str]] = {}
        for finding in json.loads(checked.stdout):
            if finding["code"] == "DF301" and "read from a file" in finding["message"]:
                by_file.setdefault(finding["path"], []).append(finding["message"])
        for place, (repo, path, shipped) in written.items():
            hints = by_file.get(str(place), [])
            if not shipped:
                kind = "unchanged: no data file in the repository"
            elif not hints:
                kind = "gone: the file is scaled"
            elif any(" holds values up to " in m for m in hints):
                kind = "kept, with the file's largest value"
            else:
                kind = "unchanged: the file is not read or not all numbers"
            outcome[kind] += 1
            if args.list:
                said = "; ".join(sorted({m.split(" (StandardScaler")[0] for m in hints}))
                print(f"{kind:50} {repo} {path} [{', '.join(shipped)}] {said}")
    print(f"files with DF301's file hint on the ecosystem corpus: {len(hinted)}")
    for kind, count in outcome.most_common():
        print(f"  {count:4}  {kind}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
