"""Check bench/buggy/labels.toml against the case files.

For every [[case]]: the buggy file and its `_fixed` twin exist and compile,
the cause is one of the agreed categories, and the diff between the two
files touches `line` (a changed line of the buggy file, or the line right
before a pure insertion). Also checks that every case file is labelled and
that the healthy programs compile. Exit status 1 on any failure.
"""
import difflib
import sys
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
CATEGORIES = {
    "lr-too-high", "lr-too-low", "wrong-output-activation", "wrong-loss",
    "class-count-mismatch", "unscaled-inputs", "bad-init",
    "saturating-activations", "dead-relu", "too-little-capacity", "dropout",
    "data-bug", "other",
}
REQUIRED = ("file", "source", "fix_source", "cause", "line", "summary")


def compiles(path):
    try:
        compile(path.read_text(), str(path), "exec")
        return True
    except SyntaxError as e:
        print(f"  does not compile: {path.name}: {e}")
        return False


def touched_lines(buggy, fixed):
    """1-based lines of `buggy` that the diff to `fixed` changes or inserts after."""
    a = buggy.read_text().splitlines()
    b = fixed.read_text().splitlines()
    touched = set()
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            touched.update(range(i1 + 1, i2 + 1))
        elif tag == "insert":
            touched.add(i1)  # insertion after line i1 (1-based)
    return touched


def main():
    labels = tomllib.loads((HERE / "labels.toml").read_text())
    cases = labels.get("case", [])
    errors = 0
    labelled = set()
    for c in cases:
        name = c.get("file", "?")
        missing = [k for k in REQUIRED if k not in c]
        if missing:
            print(f"{name}: missing keys {missing}")
            errors += 1
            continue
        buggy = HERE / name
        fixed = HERE / (buggy.stem + "_fixed.py")
        labelled.add(buggy.name)
        if c["cause"] not in CATEGORIES:
            print(f"{name}: unknown cause {c['cause']!r}")
            errors += 1
        if not buggy.exists() or not fixed.exists():
            print(f"{name}: buggy or _fixed file missing")
            errors += 1
            continue
        if not (compiles(buggy) and compiles(fixed)):
            errors += 1
            continue
        touched = touched_lines(buggy, fixed)
        if not touched:
            print(f"{name}: buggy and fixed files are identical")
            errors += 1
        elif c["line"] not in touched:
            print(f"{name}: line {c['line']} not touched by the fix (touched: {sorted(touched)})")
            errors += 1
    for p in sorted(HERE.glob("*.py")):
        if p.name in ("verify.py", "gen_readme.py") or p.stem.endswith("_fixed"):
            continue
        if p.name not in labelled:
            print(f"{p.name}: no [[case]] in labels.toml")
            errors += 1
    healthy = sorted((HERE / "healthy").glob("*.py"))
    for p in healthy:
        if not compiles(p):
            errors += 1
    counts = {}
    for c in cases:
        counts[c.get("cause")] = counts.get(c.get("cause"), 0) + 1
    print(f"{len(cases)} labelled cases, {len(healthy)} healthy programs")
    for k in sorted(counts):
        print(f"  {k}: {counts[k]}")
    if errors:
        print(f"FAILED: {errors} problem(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
