"""Recall on real buggy Keras programs, and false alarms on their fixed and healthy twins.

    .venv/bin/python bench/buggy_recall.py [--verbose]

`bench/buggy/` holds real programs from Stack Overflow and GitHub whose fix is known, labelled by
the cause the fix addressed (`labels.toml`), each with its fixed twin, plus healthy programs in
`bench/buggy/healthy/`. The set was written by engineers who had not read the rules.

A case is found when `defib check` reports a rule of the labelled cause's family (the table
below) anywhere in the buggy file; "at the line" when it is within two lines of the labelled
line. Prints recall (all severities, and warnings and errors only), per cause, the fixed twins
that still carry a finding of their cause, and the warnings and errors on fixed and healthy
programs (each a false alarm unless the twin keeps a second, unlabelled bug).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from defib.engine import analyse_file
from defib.engine.diagnostics import Diagnostic, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent / "buggy"
NEAR_LINES = 2

# The rules that name each cause. A case no rule covers (most data bugs) can only be missed; it
# stays in the denominator.
CAUSE_RULES: dict[str, frozenset[str]] = {
    "lr-too-high": frozenset({"DF101"}),
    "lr-too-low": frozenset({"DF102"}),
    # DF405: a softmax for multi-hot labels, whose fix is a sigmoid output.
    "wrong-output-activation": frozenset({"DF401", "DF402", "DF403", "DF404", "DF405", "DF406"}),
    # DF407: one linear unit fitted with mse to class ids, whose info names the loss to use.
    # DF504: a cross-entropy called with the prediction where the labels go.
    "wrong-loss": frozenset(
        {"DF403", "DF404", "DF405", "DF406", "DF407", "DF501", "DF503", "DF504"}
    ),
    "class-count-mismatch": frozenset({"DF401", "DF403", "DF406", "DF407"}),
    "unscaled-inputs": frozenset({"DF301", "DF302"}),  # the set files unscaled targets here
    "bad-init": frozenset({"DF601"}),
    "saturating-activations": frozenset({"DF201"}),
    "dead-relu": frozenset({"DF402"}),  # a ReLU output unit that dies outputs a constant 0
    "too-little-capacity": frozenset({"DF202"}),
    "dropout": frozenset({"DF602", "DF603"}),
    # DF406: labels a yes/no output cannot take (1 and 5); DF303: a Dataset of arrays ordered
    # by label fed to fit() unshuffled; DF304: a batch generator that resets the global random
    # generator every batch, so it yields the same samples again and again; DF702: features
    # divided by row sums that can be 0 (NaN inputs); DF313: inputs made by np.zeros that
    # nothing fills before fit(). No rule sees other data bugs.
    "data-bug": frozenset({"DF303", "DF304", "DF305", "DF313", "DF406", "DF702"}),
    # Softmax as a hidden activation; log(0) / sqrt(0) in a custom loss or distance (loss NaN);
    # a model that predicts while training goes to copies of its layers (a GAN's generator);
    # a model trained with every layer frozen; a VAE whose KL term outweighs its reconstruction.
    "other": frozenset({"DF203", "DF502", "DF604", "DF605", "DF701"}),
}
LOUD = (Severity.ERROR, Severity.WARNING)


@dataclass
class Case:
    file: str
    cause: str
    line: int
    summary: str


def load_cases() -> list[Case]:
    data = tomllib.loads((ROOT / "labels.toml").read_text(encoding="utf-8"))
    return [
        Case(entry["file"], entry["cause"], int(entry["line"]), entry["summary"])
        for entry in data["case"]
    ]


def findings(path: Path) -> list[Diagnostic]:
    return [d for d in analyse_file(path).diagnostics if d.code != "DF000"]


def fixed_twin(file: str) -> Path:
    return ROOT / file.replace(".py", "_fixed.py")


def _describe(diagnostics: list[Diagnostic]) -> str:
    return ", ".join(
        f"{d.code}@{d.range.start.line}({d.severity.name.lower()})" for d in diagnostics
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="one line per case")
    args = parser.parse_args(argv)

    cases = load_cases()
    unknown = {c.cause for c in cases} - CAUSE_RULES.keys()
    if unknown:
        print(f"causes with no rule family in this script: {sorted(unknown)}", file=sys.stderr)
        return 2

    found = loud = near = noted = 0
    by_cause: Counter[str] = Counter()
    found_by_cause: Counter[str] = Counter()
    fixed_keeps: list[str] = []
    fixed_loud: list[str] = []
    for case in cases:
        rules = CAUSE_RULES[case.cause]
        buggy = findings(ROOT / case.file)
        named = [d for d in buggy if d.code in rules]
        by_cause[case.cause] += 1
        if named:
            found += 1
            found_by_cause[case.cause] += 1
            loud += any(d.severity in LOUD for d in named)
            noted += any(d.severity is not Severity.HINT for d in named)
            near += any(abs(d.range.start.line - case.line) <= NEAR_LINES for d in named)
        fixed = findings(fixed_twin(case.file))
        if any(d.code in rules for d in fixed):
            fixed_keeps.append(f"{fixed_twin(case.file).name}: {_describe(fixed)}")
        if any(d.severity in LOUD for d in fixed):
            fixed_loud.append(f"{fixed_twin(case.file).name}: {_describe(fixed)}")
        if args.verbose:
            mark = "found" if named else "MISSED"
            print(f"{mark:6} {case.cause:24} {case.file}: {_describe(buggy) or '-'}")

    healthy = sorted((ROOT / "healthy").glob("*.py"))
    healthy_loud = []
    for path in healthy:
        diagnostics = findings(path)
        if any(d.severity in LOUD for d in diagnostics):
            healthy_loud.append(f"{path.name}: {_describe(diagnostics)}")

    total = len(cases)
    print(f"cases: {total} real buggy programs; {len(healthy)} healthy programs")
    print(f"recall: {found}/{total} = {found / total:.2f} (any severity)")
    print(f"recall, hints left out: {noted}/{total} = {noted / total:.2f}")
    print(f"recall, warnings and errors only: {loud}/{total} = {loud / total:.2f}")
    print(f"found within {NEAR_LINES} lines of the labelled line: {near}/{total}")
    covered = [c for c in cases if CAUSE_RULES[c.cause]]
    covered_found = sum(found_by_cause[c] for c in {c.cause for c in covered})
    print(
        f"recall on causes a rule covers: {covered_found}/{len(covered)}"
        f" = {covered_found / max(len(covered), 1):.2f}"
    )
    print("per cause: " + ", ".join(f"{c} {found_by_cause[c]}/{n}" for c, n in by_cause.items()))
    print(f"fixed twins still reported for their cause: {len(fixed_keeps)}/{total}")
    for line in fixed_keeps:
        print(f"  {line}")
    print(f"fixed twins with a warning or error: {len(fixed_loud)}/{total}")
    for line in fixed_loud:
        print(f"  {line}")
    print(f"healthy programs with a warning or error: {len(healthy_loud)}/{len(healthy)}")
    for line in healthy_loud:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
