"""A long hardening run: the tests/hardening properties and faults with a big budget.

    python bench/fuzz.py --examples 5000 --mutations 5000

Prints, for each kind of abuse, how many cases were tried and how many ended well:
generated Keras programs (every property of tests/hardening/test_properties.py), mutated
and monster files (in-process with timings, then through `defib check` as one run), the
language-server fault scenarios (tests/hardening/test_lsp_faults.py; a strict xfail is a
known bug and counts as ending badly), and the probe and user-code fault scenarios
(tests/probe/test_failures.py and tests/hardening/test_user_code_safety.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import traceback
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DEFIB_HYPOTHESIS_PROFILE", "fuzz")


@dataclass
class Tally:
    name: str
    tried: int = 0
    well: int = 0
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.name:<34} {self.tried:>7} tried {self.well:>7} ended well"


def fuzz_programs(examples: int, seed: int) -> Tally:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.hardening import test_properties as props
    from tests.hardening.programs import keras_programs

    tally = Tally("generated programs")
    single = [
        props.test_generated_program_is_analysed_with_ranges_inside_the_document,
        props.test_each_fix_alone_parses_silences_its_finding_and_is_idempotent,
    ]
    fix_all = props.test_fix_all_then_check_leaves_no_safe_fix.hypothesis.inner_test  # type: ignore[attr-defined]

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(keras_programs(), st.booleans())
    def run(program: Any, unsafe: bool) -> None:
        tally.tried += 1
        try:
            for prop in single:
                prop.hypothesis.inner_test(program)  # type: ignore[attr-defined]
            fix_all(program, unsafe)
        except Exception as error:
            tally.failures.append(f"{type(error).__name__}: {str(error)[:2000]}")
        else:
            tally.well += 1

    random.seed(seed)
    run()
    return tally


def fuzz_files(mutations: int, seed: int) -> tuple[Tally, Tally, float, str]:
    from tests.hardening import test_mutation_fuzz as mf

    per_kind = max(1, mutations // (len(mf.seed_files()) * len(mf.BYTE_MUTATIONS)))
    files = mf.mutants(per_kind, seed=seed)
    random.Random(seed).shuffle(files)
    files = files[:mutations]
    monsters = [(f"{name}.py", make()) for name, make in sorted(mf.MONSTERS.items())]
    tally = Tally("mutated + monster files (engine)")
    slowest, slowest_name = 0.0, ""
    for name, raw in files + monsters:
        tally.tried += 1
        try:
            analysis, elapsed = mf.analyse_bytes(raw, name)
            if elapsed > slowest:
                slowest, slowest_name = elapsed, name
            ok = mf.ended_well(analysis, raw.decode("utf-8", "replace"))
            ok = ok and elapsed < mf.SECONDS_PER_FILE
        except Exception:
            tally.failures.append(f"{name}: {traceback.format_exc(limit=3)}")
            continue
        if ok:
            tally.well += 1
        else:
            tally.failures.append(f"{name}: no DF000/skip for unparseable text, or slow")

    cli = Tally("`defib check` runs over them all")
    with tempfile.TemporaryDirectory() as tmp:
        for name, raw in files + monsters:
            Path(tmp, name).write_bytes(raw)
        for fmt in ("json", "sarif"):
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "defib", "check", "--output-format", fmt, tmp],
                capture_output=True,
                timeout=1800,
                check=False,
            )
            took = time.perf_counter() - started
            cli.tried += 1
            stderr = result.stderr.decode("utf-8", "replace")
            good = result.returncode in (0, 1, 2) and "Traceback" not in stderr
            try:
                json.loads(result.stdout)
            except ValueError:
                good = False
            if good:
                cli.well += 1
            else:
                cli.failures.append(f"{fmt}: exit {result.returncode}: {stderr[-2000:]}")
            print(
                f"  defib check --output-format {fmt} on {len(files) + len(monsters)} files: "
                f"exit {result.returncode}, {took:.1f}s",
                flush=True,
            )
    return tally, cli, slowest, slowest_name


def run_pytest(name: str, targets: list[str], extra: list[str] | None = None) -> Tally:
    """Run test files; passed counts as ending well, failures and strict xfails do not."""
    tally = Tally(name)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.xml"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                f"--junitxml={report}",
                *(extra or []),
                *targets,
            ],
            cwd=REPO,
            capture_output=True,
            timeout=1800,
            check=False,
        )
        if not report.exists():
            tally.failures.append("pytest produced no report")
            return tally
        for case in ET.parse(report).getroot().iter("testcase"):
            outcome = {child.tag for child in case}
            if "skipped" in outcome and not any(
                "xfail" in (child.get("type") or "") + (child.get("message") or "")
                for child in case
                if child.tag == "skipped"
            ):
                continue  # a plain skip is not a scenario that ran
            tally.tried += 1
            label = f"{case.get('classname')}::{case.get('name')}"
            if outcome & {"failure", "error"}:
                tally.failures.append(f"{label}: failed")
            elif "skipped" in outcome:
                tally.failures.append(f"{label}: known bug (xfail)")
            else:
                tally.well += 1
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=500, help="generated programs")
    parser.add_argument("--mutations", type=int, default=1000, help="mutated files")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--skip-lsp", action="store_true")
    parser.add_argument("--skip-probe", action="store_true")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    tallies: list[Tally] = []
    timings: dict[str, float] = {}

    t = time.perf_counter()
    tallies.append(fuzz_programs(args.examples, args.seed))
    timings["programs"] = time.perf_counter() - t
    print(tallies[-1].line(), flush=True)

    t = time.perf_counter()
    files, cli, slowest, slowest_name = fuzz_files(args.mutations, args.seed)
    timings["files"] = time.perf_counter() - t
    tallies += [files, cli]
    print(files.line(), flush=True)
    print(cli.line(), flush=True)

    if not args.skip_lsp:
        t = time.perf_counter()
        tallies.append(run_pytest("LSP fault scenarios", ["tests/hardening/test_lsp_faults.py"]))
        timings["lsp"] = time.perf_counter() - t
        print(tallies[-1].line(), flush=True)
    if not args.skip_probe:
        t = time.perf_counter()
        tallies.append(
            run_pytest(
                "probe + user-code fault scenarios",
                ["tests/probe/test_failures.py", "tests/hardening/test_user_code_safety.py"],
            )
        )
        timings["probe"] = time.perf_counter() - t
        print(tallies[-1].line(), flush=True)

    print()
    print("=== defib hardening run ===")
    for tally in tallies:
        print(tally.line())
    print(f"slowest file (engine, in-process): {slowest:.3f}s ({slowest_name})")
    print("time per part: " + ", ".join(f"{k} {v:.0f}s" for k, v in timings.items()))
    print(f"total: {time.perf_counter() - started:.0f}s")
    bad = [f for tally in tallies for f in tally.failures]
    if bad:
        print(f"\n{len(bad)} cases did not end well (first 15):")
        for failure in bad[:15]:
            print("  - " + failure.replace("\n", "\n    ")[:1500])
    return 0 if not bad else 1


if __name__ == "__main__":
    raise SystemExit(main())
