"""How often does each data check (DF911-DF922) fire on healthy and on failing programs?

    .venv/bin/python bench/data_checks.py [--training-cache FILE] [--train] [--only GLOB]

Probes every script in bench/cases (seed 0) and the bench/buggy programs that run here
(most need data files or downloads and are counted as not run), and counts each data
finding by the program's truth:
- bench/cases: "fine" or "failed" from 20 epochs of real training (bench/probe_agreement.py's
  criterion), read from --training-cache; with --train the runs missing from the cache are
  trained (slow); otherwise "unknown".
- bench/buggy/*_fixed.py and bench/buggy/healthy/*.py are healthy by their label, the other
  bench/buggy/*.py buggy.
A data check's false alarm is an error or warning on a healthy program (fine training or
healthy label); info findings (a risk worth knowing) are counted apart.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from defib.probe.runner import ProbeRunner

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from probe_agreement import train_all, truth_outcome  # noqa: E402


def programs(only: str | None) -> list[tuple[str, str]]:
    """(path, set) for every program: set is cases, buggy, fixed or healthy."""
    found = [(str(p), "cases") for p in sorted((HERE / "cases").glob("*.py"))]
    for path in sorted((HERE / "buggy").glob("[0-9]*.py")):
        found.append((str(path), "fixed" if path.stem.endswith("_fixed") else "buggy"))
    found += [(str(p), "healthy") for p in sorted((HERE / "buggy" / "healthy").glob("*.py"))]
    return [(p, s) for p, s in found if only is None or fnmatch.fnmatch(Path(p).name, only)]


def case_truths(paths: list[str], cache: Path | None, train: bool) -> dict[str, str]:
    """fine | failed | unknown for each bench/cases script, seed 0."""
    stored: dict[str, Any] = json.loads(cache.read_text()) if cache and cache.exists() else {}
    missing = [(path, 0) for path in paths if f"{path}:0" not in stored]
    if missing and train:
        for (path, seed), result in train_all(missing).items():
            stored[f"{path}:{seed}"] = result
        if cache:
            cache.write_text(json.dumps(stored))
    truths = {}
    for path in paths:
        result = stored.get(f"{path}:0")
        truths[path] = "unknown" if result is None else _outcome(result)
    return truths


def _outcome(result: dict[str, Any]) -> str:
    try:
        return "fine" if truth_outcome(result) == "fine" else "failed"
    except SystemExit:  # the training itself failed
        return "unknown"


def truth_of(path: str, group: str, case_truth: dict[str, str]) -> str:
    if group == "cases":
        return case_truth[path]
    return "failed" if group == "buggy" else "fine"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--training-cache", default=None)
    parser.add_argument("--train", action="store_true", help="train the cases not cached")
    parser.add_argument("--only", default=None, help="file name glob")
    args = parser.parse_args()
    runs = programs(args.only)
    cache = Path(args.training_cache) if args.training_cache else None
    case_truth = case_truths([p for p, s in runs if s == "cases"], cache, args.train)

    runner = ProbeRunner()
    runner.warm()
    tally: Counter[tuple[str, str]] = Counter()  # (code, truth) -> programs
    ran: Counter[str] = Counter()
    not_run: Counter[str] = Counter()
    alarms: list[str] = []
    for path, group in runs:
        truth = truth_of(path, group, case_truth)
        report = runner.probe({"path": path, "steps": 3, "watch_longer": False})
        data = report.get("data") or {}
        if report["verdict"] == "error" and not report.get("findings"):
            not_run[f"{group}/{truth}"] += 1
            continue
        ran[f"{group}/{truth}"] += 1
        source = data.get("source", "fit")
        found = sorted(
            {
                f"{f['code']}:{f['severity']}"
                for f in report.get("findings") or []
                if f.get("source") == "data"
            }
        )
        for key in found:
            tally[(key, truth)] += 1
        alarming = [key for key in found if not key.endswith(":info")]
        if alarming and truth == "fine":
            alarms.append(f"  {Path(path).name} ({group}, data {source}): {', '.join(alarming)}")
        print(f"{Path(path).name:55} {group:8} {truth:8} {source:9} {' '.join(found)}")
    runner.close()

    print("\nprograms probed (set/truth):", dict(sorted(ran.items())))
    print("not run (no data here):     ", dict(sorted(not_run.items())))
    print(f"\n{'check:severity':20} {'healthy':>8} {'failing':>8} {'unknown':>8}")
    for key in sorted({key for key, _ in tally}):
        print(
            f"{key:20} {tally[(key, 'fine')]:>8} {tally[(key, 'failed')]:>8}"
            f" {tally[(key, 'unknown')]:>8}"
        )
    healthy_runs = sum(count for key, count in ran.items() if key.endswith("/fine"))
    print(f"\nfalse alarms (error or warning): {len(alarms)} of {healthy_runs} healthy programs")
    print("\n".join(alarms))


if __name__ == "__main__":
    main()
