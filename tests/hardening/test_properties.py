"""Properties of the engine on generated Keras programs.

Every generated program is analysed without raising; every range lies inside the document;
every fix, applied alone, leaves code that parses, silences its own finding and is
idempotent; and `defib check --fix` leaves no safe fix behind.
"""

from __future__ import annotations

import ast
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from defib.cli import check
from defib.cli.main import build_parser
from defib.engine import Diagnostic, Range, Severity, analyse_source, apply_fixes
from defib.engine.rules import all_rules
from hypothesis import given, settings
from hypothesis import strategies as st

from .programs import keras_programs

KNOWN_CODES = {rule.code for rule in all_rules()} | {"DF000"}


def assert_inside(text: str, where: Range, what: str) -> None:
    """Lines within the document, columns within their line (the end may sit one past)."""
    lines = text.split("\n")
    for pos in (where.start, where.end):
        assert 1 <= pos.line <= len(lines), f"{what}: line {pos.line} of {len(lines)}"
        assert 0 <= pos.column <= len(lines[pos.line - 1]), (
            f"{what}: column {pos.column} beyond line {pos.line} "
            f"({len(lines[pos.line - 1])} chars: {lines[pos.line - 1]!r})"
        )
    assert where.start <= where.end, f"{what}: range ends before it starts ({where})"


def line_shift(diagnostic: Diagnostic) -> int:
    """How many lines the diagnostic's own fix adds above (or at) its start line."""
    assert diagnostic.fix is not None
    shift = 0
    for edit in diagnostic.fix.edits:
        if edit.range.start.line <= diagnostic.range.start.line:
            shift += edit.new_text.count("\n") - (edit.range.end.line - edit.range.start.line)
    return shift


def same_finding(after: list[Diagnostic], before: Diagnostic) -> list[Diagnostic]:
    line = before.range.start.line + line_shift(before)
    return [d for d in after if d.code == before.code and d.range.start.line == line]


def parses(text: str) -> bool:
    try:
        ast.parse(text)
    except SyntaxError:
        return False
    return True


@given(keras_programs())
def test_generated_program_is_analysed_with_ranges_inside_the_document(program) -> None:
    text = program.text
    assert parses(text), program.description
    analysis = analyse_source(text, path="x.py")
    assert analysis.skipped is None, analysis.skipped
    assert not analysis.syntax_error
    for d in analysis.diagnostics:
        assert d.code in KNOWN_CODES, d.code
        assert isinstance(d.severity, Severity)
        assert_inside(text, d.range, f"{d.code} range")
        if d.fix is not None:
            assert d.fix.safety in ("safe", "unsafe")
            assert d.fix.edits, f"{d.code}: a fix without edits"
            for edit in d.fix.edits:
                assert_inside(text, edit.range, f"{d.code} edit")


@given(keras_programs())
def test_each_fix_alone_parses_silences_its_finding_and_is_idempotent(program) -> None:
    text = program.text
    analysis = analyse_source(text, path="x.py")
    for d in analysis.diagnostics:
        if d.fix is None:
            continue
        fixed = apply_fixes(text, [d], unsafe=True)
        assert fixed != text, f"{d.code}: the fix changed nothing\n{text}"
        assert parses(fixed), f"{d.code} fix does not parse:\n{fixed}"
        after = analyse_source(fixed, path="x.py").diagnostics
        left = same_finding(after, d)
        assert not left, (
            f"{d.code} at line {d.range.start.line} still reported after its own fix "
            f"({d.fix.message}):\n--- before\n{text}\n--- after\n{fixed}"
        )
        # Idempotent: fixes for that code, at that place, change nothing more.
        again = apply_fixes(fixed, left, unsafe=True)
        assert again == fixed


@given(keras_programs(), st.booleans())
def test_fix_all_then_check_leaves_no_safe_fix(program, unsafe: bool) -> None:
    text = program.text
    analysis = analyse_source(text, path="x.py")
    fixed = apply_fixes(text, analysis.diagnostics, unsafe=unsafe)
    assert parses(fixed), f"fix-all does not parse:\n{fixed}"
    remaining = analyse_source(fixed, path="x.py").diagnostics
    safe_left = [d for d in remaining if d.fix is not None and d.fix.safety == "safe"]
    assert not safe_left, (
        f"safe fixes left after fixing all ({'unsafe too' if unsafe else 'safe only'}): "
        f"{[(d.code, d.range.start.line) for d in safe_left]}\n--- before\n{text}\n"
        f"--- after\n{fixed}"
    )


def run_check(argv: list[str]) -> tuple[int, str, str]:
    """`defib check ...` in-process (argparse and all), capturing its output."""
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(["check", *argv])
    return check.run(args, stdout=out, stderr=err), out.getvalue(), err.getvalue()


@settings(max_examples=25)
@given(keras_programs())
def test_cli_fix_then_check_reports_no_safe_fix(program) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "train.py"
        path.write_text(program.text, encoding="utf-8")
        code, _, err = run_check(["--fix", str(path)])
        assert code in (0, 1), err
        assert parses(path.read_text(encoding="utf-8"))
        code, out, err = run_check(["--output-format", "json", str(path)])
        assert code in (0, 1), err
        findings = json.loads(out)
        assert (code == 1) == bool(findings)
        safe = [f for f in findings if f["fix"] and f["fix"]["safety"] == "safe"]
        assert not safe, f"{safe}\n{path.read_text(encoding='utf-8')}"


def test_cli_subprocess_fix_then_check_on_generated_programs(tmp_path: Path) -> None:
    """The real entry point, on a handful of programs written to one directory."""
    examples: list[str] = []

    @settings(max_examples=8, database=None, derandomize=True)
    @given(keras_programs())
    def collect(program) -> None:
        examples.append(program.text)

    collect()
    for i, text in enumerate(examples):
        (tmp_path / f"p{i}.py").write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "defib", "check"]
    fixed = subprocess.run(
        [*command, "--fix", str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert fixed.returncode in (0, 1), fixed.stderr
    assert "Traceback" not in fixed.stderr
    again = subprocess.run(
        [*command, "--output-format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode in (0, 1), again.stderr
    findings = json.loads(again.stdout)
    assert not [f for f in findings if f["fix"] and f["fix"]["safety"] == "safe"]
    for path in tmp_path.glob("*.py"):
        assert parses(path.read_text(encoding="utf-8")), path.name


NESTED_MODEL = (
    "from tensorflow import keras\n"
    "def main():\n"
    "    def build():\n"
    "        model = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"
    "        return model\n"
    "    return Tuner(build)  # a callback, as Keras Tuner and scikeras take it\n"
)


def test_model_in_a_function_at_module_level_is_analysed() -> None:
    """The control for the nested case below."""
    text = NESTED_MODEL.replace("    def build():\n", "").replace("        ", "    ")
    text = text.replace(
        "    return Tuner(build)  # a callback, as Keras Tuner and scikeras take it\n", ""
    )
    assert "DF401" in {d.code for d in analyse_source(text, path="x.py").diagnostics}


def test_model_in_a_nested_function_is_analysed() -> None:
    assert "DF401" in {d.code for d in analyse_source(NESTED_MODEL, path="x.py").diagnostics}
