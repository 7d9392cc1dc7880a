"""Ecosystem check: `defib check` over real Keras code from public repositories, as Ruff runs one.

    .venv/bin/python bench/ecosystem.py                      # build the corpus, check it, judge it
    .venv/bin/python bench/ecosystem.py --pin owner/name     # (re)select a repository's files
    .venv/bin/python bench/ecosystem.py --write-untriaged    # add new findings to the triage
    .venv/bin/python bench/ecosystem.py --drop-stale         # forget entries whose finding is gone

The corpus is every .py file and .ipynb notebook that mentions `keras`, in the repositories and at
the commits listed in bench/ecosystem/manifest.toml. The files are read from local bare git mirrors
(`<mirrors>/<owner>+<name>/repo`) into a cache outside the clone,
`${DEFIB_CACHE:-~/.cache/defib}/ecosystem/<owner>+<name>/<path>`; identical copies count once.

Prints per-rule counts by severity, crashes, the time of `defib check` beside a bare libcst parse
of the same sources, and the share of files with a warning or error. bench/ecosystem/triage.toml
judges every warning and error (`right`, `wrong` or `unsure`); the run fails when one is not
judged, when an `error` is judged wrong, or when defib crashed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from defib.engine.notebook import code_cells, join_cells
from defib.engine.source import line_starts

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "bench" / "ecosystem" / "manifest.toml"
TRIAGE = ROOT / "bench" / "ecosystem" / "triage.toml"
SUFFIXES = (".py", ".ipynb")
CHUNK = 400  # files per `defib check` process: few processes, and a crash loses little
SEVERITIES = ("error", "warning", "info", "hint")
VERDICTS = ("right", "wrong", "unsure")
WRONG_SHARE_TARGET = 0.01
NOT_TRIAGED = "not yet triaged"


@dataclass
class Repo:
    name: str  # owner/name
    commit: str
    files: list[str]

    @property
    def slug(self) -> str:
        return self.name.replace("/", "+")


@dataclass(frozen=True)
class CorpusFile:
    repo: str
    path: str  # inside the repository
    disk: Path

    @property
    def is_notebook(self) -> bool:
        return self.path.endswith(".ipynb")


@dataclass(frozen=True)
class Key:
    """What names a finding across upstream edits: no line number, the line's text instead."""

    repo: str
    path: str
    cell: int | None  # a notebook's cell as defib reports it (1-based, every cell counted)
    code: str
    line: str  # the reported line, stripped


@dataclass
class Finding:
    key: Key
    severity: str
    message: str
    line_number: int


@dataclass
class Verdict:
    verdict: str
    reason: str


@dataclass
class Timing:
    """Wall-clock and CPU seconds: CPU time barely moves when other work shares the machine."""

    wall: float = 0.0
    cpu: float = 0.0


@dataclass
class CheckRun:
    findings: list[Finding] = field(default_factory=list)
    check: Timing = field(default_factory=Timing)
    parse: Timing = field(default_factory=Timing)  # libcst alone, over the same sources
    parse_failures: int = 0
    processes: int = 0
    internal_errors: list[str] = field(default_factory=list)  # "path: rule failed (...)"
    crashes: list[str] = field(default_factory=list)  # files whose check died with a traceback
    unreadable: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # disk path -> reason


# --- manifest ---------------------------------------------------------------------------------


def read_manifest(path: Path = MANIFEST) -> list[Repo]:
    if not path.exists():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [Repo(r["name"], r["commit"], list(r["files"])) for r in data.get("repo", [])]


def _toml_string(text: str) -> str:
    # A JSON string is a TOML basic string, once DEL (which TOML requires escaped) is escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def write_manifest(repos: Sequence[Repo], path: Path = MANIFEST) -> None:
    out = [
        "# The ecosystem corpus: each repository's commit and its .py / .ipynb files that mention",
        "# `keras`. Written by `bench/ecosystem.py --pin owner/name`; see bench/README.md.",
        "",
    ]
    for repo in repos:
        out += ["[[repo]]", f"name = {_toml_string(repo.name)}", f'commit = "{repo.commit}"']
        out.append("files = [")
        out += [f"  {_toml_string(p)}," for p in repo.files]
        out += ["]", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out), encoding="utf-8")


# --- mirrors ----------------------------------------------------------------------------------


def _git(git_dir: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), *args],
        input=stdin,
        capture_output=True,
        check=True,
    ).stdout


def find_mirror(mirrors: Path, name: str) -> Path | None:
    """The bare git directory mirroring `owner/name`, if there is one."""
    slug = name.replace("/", "+")
    for candidate in (
        mirrors / slug / "repo",
        mirrors / slug / "repo" / ".git",  # some mirrors come with a (bare) work tree
        mirrors / f"{slug}.git",
        mirrors / slug,
    ):
        if (candidate / "HEAD").is_file() and (candidate / "objects").is_dir():
            return candidate
    return None


def has_commit(git_dir: Path, commit: str) -> bool:
    try:
        _git(git_dir, "cat-file", "-e", f"{commit}^{{commit}}")
    except subprocess.CalledProcessError:
        return False
    return True


def select_files(git_dir: Path, commit: str) -> list[str]:
    """The .py and .ipynb files at `commit` whose text mentions `keras` (as defib's own gate)."""
    result = subprocess.run(
        ["git", "--git-dir", str(git_dir), "grep", "-l", "-z", "-I", "keras", commit, "--"]
        + [f"*{suffix}" for suffix in SUFFIXES],
        capture_output=True,
    )
    if result.returncode not in (0, 1):
        raise RuntimeError(result.stderr.decode(errors="replace"))
    prefix = f"{commit}:"
    paths = [p.decode() for p in result.stdout.split(b"\0") if p]
    return sorted(p.removeprefix(prefix) for p in paths)


def pin(names: Iterable[str], mirrors: Path) -> int:
    """Pin each named repository at its mirror's HEAD and select its files."""
    repos = read_manifest()
    by_name = {r.name: r for r in repos}
    failed = 0
    for name in names:
        git_dir = find_mirror(mirrors, name)
        if git_dir is None:
            print(f"{name}: no mirror under {mirrors}; fetch github:{name} first")
            failed += 1
            continue
        commit = _git(git_dir, "rev-parse", "HEAD").decode().strip()
        files = select_files(git_dir, commit)
        if not files:
            print(f"{name} @ {commit[:12]}: no file mentions keras; not pinned")
            continue
        if name in by_name:
            by_name[name].commit, by_name[name].files = commit, files
        else:
            by_name[name] = Repo(name, commit, files)
            repos.append(by_name[name])
        print(f"{name} @ {commit[:12]}: {len(files)} files")
    write_manifest(repos)
    return 1 if failed else 0


# --- corpus -----------------------------------------------------------------------------------


def cache_root() -> Path:
    base = os.environ.get("DEFIB_CACHE") or str(Path.home() / ".cache" / "defib")
    return Path(base) / "ecosystem"


def extract(repo: Repo, git_dir: Path, root: Path) -> list[CorpusFile]:
    """Write the repository's selected files at its commit under root/<owner>+<name>/."""
    target = root / repo.slug
    stamp = target / ".defib-manifest"
    fingerprint = hashlib.sha256("\n".join([repo.commit, *repo.files]).encode()).hexdigest()
    files = [CorpusFile(repo.name, p, target / p) for p in repo.files]
    if stamp.exists() and stamp.read_text() == fingerprint:
        return [f for f in files if f.disk.exists()]
    listing = _git(git_dir, "ls-tree", "-r", "-z", repo.commit)
    blobs: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        if entry:
            meta, _, path = entry.partition(b"\t")
            blobs[path.decode()] = meta.split()[2].decode()
    wanted = [f for f in files if f.path in blobs]
    request = "".join(f"{blobs[f.path]}\n" for f in wanted).encode()
    batch = _git(git_dir, "cat-file", "--batch", stdin=request)
    offset = 0
    present: list[CorpusFile] = []
    for corpus_file in wanted:
        end = batch.index(b"\n", offset)
        header = batch[offset:end].split()
        offset = end + 1
        if len(header) < 3 or header[1] != b"blob":  # absent from the mirror (too large)
            continue
        size = int(header[2])
        corpus_file.disk.parent.mkdir(parents=True, exist_ok=True)
        corpus_file.disk.write_bytes(batch[offset : offset + size])
        offset += size + 1
        present.append(corpus_file)
    target.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint)
    return present


def build_corpus(
    repos: Sequence[Repo], mirrors: Path, root: Path
) -> tuple[list[CorpusFile], list[str], int]:
    """The corpus files (identical copies once), the repositories not built, the copies dropped."""
    corpus: list[CorpusFile] = []
    missing: list[str] = []
    seen: set[str] = set()
    copies = 0
    for repo in repos:
        git_dir = find_mirror(mirrors, repo.name)
        if git_dir is None or not has_commit(git_dir, repo.commit):
            why = "no mirror" if git_dir is None else f"mirror lacks commit {repo.commit[:12]}"
            missing.append(f"{repo.name} ({why}): fetch github:{repo.name} into {mirrors}")
            continue
        for corpus_file in extract(repo, git_dir, root):
            digest = hashlib.sha256(corpus_file.disk.read_bytes()).hexdigest()
            if digest in seen:
                copies += 1
                continue
            seen.add(digest)
            corpus.append(corpus_file)
    return corpus, missing, copies


# --- checking ---------------------------------------------------------------------------------

_INTERNAL = re.compile(r"^error: (.+?): rule (DF\d+) failed")
_UNREADABLE = re.compile(r"^defib: error: (.+?): ")
_SKIPPED = re.compile(r"^warning: (.+?): skipped: (.*)$")


def _run_defib(paths: Sequence[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "defib", "check", "--output-format", "json", *paths],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )


def _installed_env(bytecode: str) -> dict[str, str]:
    """Both sides run as installed code runs, from cached byte code: pip compiles a package when
    it installs it (libcst's is), while defib's editable checkout is compiled on first import,
    and on a machine that sets PYTHONDONTWRITEBYTECODE each defib process would compile it again
    (0.07 s CPU, 1.4 s over the corpus)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": bytecode}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_defib(
    paths: Sequence[str], run: CheckRun, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    wall, cpu = time.perf_counter(), _children_cpu()
    result = _run_defib(paths, env)
    run.check.wall += time.perf_counter() - wall
    run.check.cpu += _children_cpu() - cpu
    run.processes += 1
    return result


def run_check(corpus: Sequence[CorpusFile]) -> tuple[CheckRun, list[dict[str, object]]]:
    """Run `defib check --output-format json` over the corpus in a few processes, and time a
    bare libcst parse of each chunk's sources right after it, so that load on the machine falls
    on both alike."""
    run = CheckRun()
    raw: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="defib-bytecode-") as bytecode:
        env = _installed_env(bytecode)
        for start in range(0, len(corpus), CHUNK):
            chunk = corpus[start : start + CHUNK]
            paths = [str(f.disk) for f in chunk]
            result = _timed_defib(paths, run, env)
            if "Traceback (most recent call last)" in result.stderr:
                # The process died: check its files one by one to name the ones that kill it.
                for path in paths:
                    alone = _timed_defib([path], run, env)
                    if "Traceback (most recent call last)" in alone.stderr:
                        last = alone.stderr.strip().splitlines()[-1]
                        run.crashes.append(f"{path}: {last}")
                    else:
                        _collect(alone, run, raw)
            else:
                _collect(result, run, raw)
            _time_parse([f for f in chunk if str(f.disk) not in run.skipped], run)
    return run, raw


def _collect(
    result: subprocess.CompletedProcess[str], run: CheckRun, raw: list[dict[str, object]]
) -> None:
    raw.extend(json.loads(result.stdout or "[]"))
    for line in result.stderr.splitlines():
        if _INTERNAL.match(line):
            run.internal_errors.append(line.removeprefix("error: "))
        elif _UNREADABLE.match(line):
            run.unreadable.append(line.removeprefix("defib: error: "))
        elif m := _SKIPPED.match(line):
            run.skipped[m.group(1)] = m.group(2)


def _source(corpus_file: CorpusFile) -> str:
    return corpus_file.disk.read_bytes().decode("utf-8", errors="replace")  # as defib reads it


def _line(text: str, number: int) -> str:
    starts = line_starts(text)
    if not 1 <= number < len(starts):
        return ""
    line = text[starts[number - 1] : starts[number]].strip()
    # Half a character (a lone surrogate from a notebook's JSON) has no place in a TOML key.
    return line.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def keyed(corpus: Sequence[CorpusFile], raw: Sequence[dict[str, object]]) -> list[Finding]:
    """Each finding with its stable key: repository, path, cell, rule and the line's text."""
    by_disk = {str(f.disk): f for f in corpus}
    # By the file on disk: two repositories can hold notebooks of the same path (the two
    # editions of one book), and each finding's line must be read in its own.
    cells_of: dict[str, dict[int, str]] = {}
    findings: list[Finding] = []
    for item in raw:
        disk = str(item["path"])
        corpus_file = by_disk[disk]
        number = int(str(item["line"]))
        cell = item.get("cell")
        source = _source(corpus_file)
        if isinstance(cell, int):
            if disk not in cells_of:
                cells_of[disk] = dict(code_cells(source) or [])
            text = _line(cells_of[disk].get(cell - 1, ""), number)
        else:
            cell = None
            text = _line(source, number)
        key = Key(corpus_file.repo, corpus_file.path, cell, str(item["code"]), text)
        findings.append(Finding(key, str(item["severity"]), str(item["message"]), number))
    return findings


# A bare libcst parse as a tool would run it: its own process, which starts Python and imports
# libcst as `defib check` starts Python and imports defib, so both sides pay their start-up.
_PARSE_SCRIPT = """
import sys
from pathlib import Path
import libcst
failures = 0
for path in sorted(Path(sys.argv[1]).iterdir()):
    try:
        libcst.parse_module(path.read_text(encoding="utf-8", errors="surrogatepass"))
    except Exception:  # a syntax error still costs its parse
        failures += 1
print(failures)
"""


def _time_parse(corpus: Sequence[CorpusFile], run: CheckRun) -> None:
    """Time libcst on the sources defib analysed (notebooks: their code cells joined), in a
    process of its own."""
    with tempfile.TemporaryDirectory(prefix="defib-parse-") as folder:
        for index, corpus_file in enumerate(corpus):
            source = _source(corpus_file)
            if corpus_file.is_notebook:
                cells = code_cells(source)
                if cells is None:
                    continue
                source, _ = join_cells(cells)
            # A notebook may hold half a character (a lone surrogate), as defib reads it.
            Path(folder, f"{index:05d}.py").write_text(
                source, encoding="utf-8", errors="surrogatepass"
            )
        wall, cpu = time.perf_counter(), _children_cpu()
        result = subprocess.run(
            [sys.executable, "-c", _PARSE_SCRIPT, folder], capture_output=True, text=True
        )
        run.parse.wall += time.perf_counter() - wall
        run.parse.cpu += _children_cpu() - cpu
    run.parse_failures += int(result.stdout.strip() or 0)


# --- triage -----------------------------------------------------------------------------------


def read_triage(path: Path = TRIAGE) -> dict[Key, Verdict]:
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    triage: dict[Key, Verdict] = {}
    for entry in data.get("finding", []):
        if entry["verdict"] not in VERDICTS:
            raise ValueError(f"{path}: verdict {entry['verdict']!r} is not one of {VERDICTS}")
        key = Key(entry["repo"], entry["path"], entry.get("cell"), entry["code"], entry["line"])
        triage[key] = Verdict(entry["verdict"], entry["reason"])
    return triage


def append_untriaged(findings: Sequence[Finding], triage: dict[Key, Verdict]) -> int:
    """Add every untriaged warning and error to the triage file as `unsure`."""
    new: dict[Key, Finding] = {}
    for finding in findings:
        if finding.severity in ("error", "warning") and finding.key not in triage:
            new.setdefault(finding.key, finding)
    if not new:
        return 0
    out: list[str] = []
    for key, finding in new.items():
        out += ["", "[[finding]]", f"repo = {_toml_string(key.repo)}"]
        out.append(f"path = {_toml_string(key.path)}")
        if key.cell is not None:
            out.append(f"cell = {key.cell}")
        out.append(f'code = "{key.code}"')
        out.append(f"line = {_toml_string(key.line)}")
        out.append('verdict = "unsure"')
        out.append(f"reason = {_toml_string(NOT_TRIAGED)}  # {finding.severity}: {finding.message}")
    header = "" if TRIAGE.exists() else _TRIAGE_HEADER
    with TRIAGE.open("a", encoding="utf-8") as handle:
        handle.write(header + "\n".join(out) + "\n")
    return len(new)


def drop_stale(findings: Sequence[Finding], corpus: Sequence[CorpusFile]) -> int:
    """Remove triage entries of built repositories whose warning or error is gone."""
    present = {f.key for f in findings if f.severity in ("error", "warning")}
    built = {f.repo for f in corpus}
    text = TRIAGE.read_text(encoding="utf-8")
    header, *blocks = text.split("\n[[finding]]\n")
    kept: list[str] = []
    for block in blocks:
        entry = tomllib.loads(block)
        key = Key(entry["repo"], entry["path"], entry.get("cell"), entry["code"], entry["line"])
        if key in present or key.repo not in built:
            kept.append(block)
    TRIAGE.write_text("\n[[finding]]\n".join([header, *kept]), encoding="utf-8")
    return len(blocks) - len(kept)


_TRIAGE_HEADER = """\
# Every warning and error `defib check` reports on the ecosystem corpus, judged by reading the code.
# verdict: "right" (the code has the risk the rule describes), "wrong" (it does not), "unsure".
# A finding is keyed by repo, path, cell (notebooks, 1-based as defib reports it), rule code and
# the stripped text of the reported line, so upstream edits that move lines keep the key.
"""


# --- report -----------------------------------------------------------------------------------


def _where(finding: Finding) -> str:
    k = finding.key
    path = k.path if k.cell is None else f"{k.path}:cell {k.cell}"
    return f"{k.repo} {path}:{finding.line_number} {k.code}"


def _share(part: int, whole: int) -> str:
    return f"{part:,} / {whole:,} ({100 * part / whole:.1f}%)" if whole else "0 / 0"


def report(
    corpus: Sequence[CorpusFile],
    missing: Sequence[str],
    copies: int,
    run: CheckRun,
    triage: dict[Key, Verdict],
) -> int:
    """Print the measurements; return the exit code (1 on untriaged, wrong errors or crashes)."""
    findings = run.findings
    notebooks = sum(1 for f in corpus if f.is_notebook)
    repos = len({f.repo for f in corpus})
    print(
        f"corpus: {len(corpus):,} files ({len(corpus) - notebooks:,} .py, {notebooks:,} .ipynb) "
        f"from {repos} repositories; {copies:,} identical copies counted once"
    )
    for line in missing:
        print(f"  not built: {line}")
    check, parse = run.check, run.parse
    print(
        f"defib check: {check.wall:.1f} s ({check.cpu:.1f} s CPU) in {run.processes} processes; "
        f"libcst parse of the same sources: {parse.wall:.1f} s ({parse.cpu:.1f} s CPU, "
        f"{run.parse_failures} did not parse)"
    )
    if parse.wall and parse.cpu:
        print(
            f"check/parse: {check.cpu / parse.cpu:.2f} in CPU time, "
            f"{check.wall / parse.wall:.2f} in wall time"
        )
    crashes = len(run.internal_errors) + len(run.crashes)
    print(
        f"crashes: {crashes} ({len(run.internal_errors)} internal errors, {len(run.crashes)} "
        f"process crashes); {len(run.unreadable)} unreadable; {len(run.skipped)} files skipped"
    )
    for line in run.internal_errors + run.crashes + run.unreadable:
        print(f"  {line}")
    for path, reason in sorted(run.skipped.items()):
        print(f"  skipped {path}: {reason}")

    serious = [f for f in findings if f.severity in ("error", "warning")]
    untriaged = [f for f in serious if f.key not in triage]
    judged = [(f, triage[f.key]) for f in serious if f.key in triage]

    by_rule: dict[str, Counter[str]] = defaultdict(Counter)
    for finding in findings:
        by_rule[finding.key.code][finding.severity] += 1
    for finding, verdict in judged:
        by_rule[finding.key.code][verdict.verdict] += 1
    columns = (*SEVERITIES, "files", *VERDICTS)
    print("\nrule    " + "".join(f"{c:>9}" for c in columns))
    for code in sorted(by_rule):
        by_rule[code]["files"] = len(
            {(f.key.repo, f.key.path) for f in findings if f.key.code == code}
        )
        print(f"{code:<8}" + "".join(f"{by_rule[code][c]:>9,}" for c in columns))
    total = sum(by_rule.values(), Counter[str]())
    total["files"] = len({(f.key.repo, f.key.path) for f in findings})
    print("total   " + "".join(f"{total[c]:>9,}" for c in columns))
    print("(right / wrong / unsure: the triage of the warnings and errors)")

    flagged = {(f.key.repo, f.key.path) for f in serious}
    print(f"\nfiles with a warning or error: {_share(len(flagged), len(corpus))}")
    verdicts = Counter(v.verdict for _, v in judged)
    not_yet = sum(1 for _, v in judged if v.reason == NOT_TRIAGED)
    wrong = [f for f, v in judged if v.verdict == "wrong"]
    wrong_files = {(f.key.repo, f.key.path) for f in wrong}
    wrong_errors = [f for f in wrong if f.severity == "error"]
    print(
        f"triage of {len(serious):,} warnings and errors: {verdicts['right']:,} right, "
        f"{verdicts['wrong']:,} wrong, {verdicts['unsure']:,} unsure ({not_yet:,} not yet "
        f"triaged), {len(untriaged):,} untriaged"
    )
    share = len(wrong_files) / len(corpus) if corpus else 0.0
    print(
        f"files with a warning or error the triage calls wrong: "
        f"{_share(len(wrong_files), len(corpus))} (target at most {WRONG_SHARE_TARGET:.0%})"
    )
    present = {f.key for f in serious}
    built = {f.repo for f in corpus}
    stale = [k for k in triage if k not in present and k.repo in built]
    if stale:
        print(f"{len(stale)} triage entries match no finding (fixed, or the code moved on)")

    failed = bool(untriaged or wrong_errors)
    for finding in untriaged:
        print(f"  untriaged: {_where(finding)} {finding.message}")
    if wrong:
        print("\nfalse alarms by reason (count, severity, one example):")
    classes: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)
    for finding in wrong:
        classes[(finding.key.code, finding.severity, triage[finding.key].reason)].append(finding)
    for (code, severity, reason), members in sorted(classes.items(), key=lambda c: -len(c[1])):
        print(
            f"  {len(members):>4} {code} {severity}: {reason}\n         e.g. {_where(members[0])}"
        )
    if wrong_errors:
        print(f"{len(wrong_errors):,} errors are judged wrong: the run fails")
    if crashes:
        failed = True
    if share > WRONG_SHARE_TARGET:
        print("  the share of files with a wrong warning or error is above the target")
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mirrors",
        type=Path,
        default=Path(os.environ.get("DEFIB_MIRRORS", "/work/.mirror")),
        help="folder of bare git mirrors, <owner>+<name>/repo",
    )
    parser.add_argument("--pin", nargs="+", metavar="OWNER/NAME", help="(re)pin repositories")
    parser.add_argument(
        "--write-untriaged", action="store_true", help="add new findings to the triage as unsure"
    )
    parser.add_argument(
        "--drop-stale",
        action="store_true",
        help="remove triage entries whose warning or error no longer appears",
    )
    args = parser.parse_args(argv)
    if args.pin:
        return pin(args.pin, args.mirrors)

    repos = read_manifest()
    root = cache_root()
    corpus, missing, copies = build_corpus(repos, args.mirrors, root)
    run, raw = run_check(corpus)
    run.findings = keyed(corpus, raw)
    triage = read_triage()
    if args.write_untriaged:
        added = append_untriaged(run.findings, triage)
        print(f"added {added} untriaged findings to {TRIAGE.relative_to(ROOT)} as unsure")
        triage = read_triage()
    if args.drop_stale:
        dropped = drop_stale(run.findings, corpus)
        print(f"dropped {dropped} stale entries from {TRIAGE.relative_to(ROOT)}")
        triage = read_triage()
    (root / "findings.json").write_text(
        json.dumps(
            [
                {**vars(f.key), "severity": f.severity, "message": f.message, "at": f.line_number}
                for f in run.findings
            ],
            indent=1,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return report(corpus, missing, copies, run, triage)


if __name__ == "__main__":
    raise SystemExit(main())
