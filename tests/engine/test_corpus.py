"""The corpus of realistic Keras programs is the engine's specification.

Every file in `tests/corpus/` starts with a header that says what Defib must report:

    # expect: DF101 DF301      codes at warning or error level, exactly this set
    # expect-info: DF201       codes that must be reported at info level (others may be too)

A buggy program `NN_name.py` is paired with `NN_name_fixed.py`, the change a user would
make; fixed and `NN_healthy_*.py` programs expect nothing at warning or error level.
The corpus is read, never executed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from defib.engine import Analysis, analyse_source, apply_fixes
from defib.engine.diagnostics import Diagnostic, Severity

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "corpus"
EXAMPLES = REPO / "examples"

LOUD = {Severity.ERROR, Severity.WARNING}
CODE = re.compile(r"^DF\d{3}$")

# The article's three examples and the one code each must produce. DF201 on the sigmoid
# stack may be info or warning, so these are compared by code, not by level.
SEEDS = {
    "seed_1_learning_rate.py": "DF101",
    "seed_2_vanishing_gradients.py": "DF201",
    "seed_3_data_scaling.py": "DF301",
}


@dataclass(frozen=True)
class Expectation:
    loud: frozenset[str]
    info: frozenset[str]


def assert_compiles(text: str, name: str) -> None:
    """Compile without running: unlike ast.parse, this also rejects a repeated keyword."""
    compile(text, name, "exec", dont_inherit=True)


def read_expectation(text: str) -> Expectation:
    """Parse the `# expect:` / `# expect-info:` header at the top of a corpus file
    (`expect-info` lists the quiet findings: at info or hint severity)."""
    loud: set[str] | None = None
    info: set[str] = set()
    for line in text.splitlines()[:5]:
        if line.startswith("# expect:"):
            loud = set(line.removeprefix("# expect:").split())
        elif line.startswith("# expect-info:"):
            info = set(line.removeprefix("# expect-info:").split())
    if loud is None:
        raise ValueError("corpus file has no '# expect:' header")
    return Expectation(frozenset(loud), frozenset(info))


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.py"))


def buggy_files() -> list[Path]:
    return [p for p in corpus_files() if not is_fixed(p) and not is_healthy(p)]


def is_fixed(path: Path) -> bool:
    return path.stem.endswith("_fixed")


def is_healthy(path: Path) -> bool:
    return "_healthy_" in path.stem


def analyse(path: Path) -> tuple[str, Analysis]:
    text = path.read_text(encoding="utf-8")
    return text, analyse_source(text, path=str(path))


def codes_at(diagnostics: list[Diagnostic], levels: set[Severity]) -> set[str]:
    return {d.code for d in diagnostics if d.severity in levels}


def describe(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(
        f"  {d.range.start.line}: {d.code} {d.severity.value} {d.message}" for d in diagnostics
    )


def ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


# --- the corpus itself is well formed --------------------------------------------------


def test_corpus_is_large_enough() -> None:
    files = corpus_files()
    assert len(files) >= 45
    assert sum(is_healthy(p) for p in files) >= 8


@pytest.mark.parametrize("path", corpus_files(), ids=ids(corpus_files()))
def test_corpus_file_compiles_unless_it_expects_df000(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expectation = read_expectation(text)
    if "DF000" in expectation.loud:
        with pytest.raises(SyntaxError):
            assert_compiles(text, str(path))
    else:
        assert_compiles(text, str(path))
    for code in expectation.loud | expectation.info:
        assert CODE.match(code), f"bad code {code!r} in header"


@pytest.mark.parametrize("path", buggy_files(), ids=ids(buggy_files()))
def test_every_buggy_program_has_a_fixed_twin_that_expects_nothing(path: Path) -> None:
    buggy = read_expectation(path.read_text(encoding="utf-8"))
    assert buggy.loud or buggy.info, "a buggy program must expect at least one code"
    fixed_path = path.with_name(f"{path.stem}_fixed.py")
    assert fixed_path.exists(), f"missing {fixed_path.name}"
    fixed = read_expectation(fixed_path.read_text(encoding="utf-8"))
    assert fixed.loud == frozenset()
    assert fixed.info == frozenset()


@pytest.mark.parametrize(
    "path",
    [p for p in corpus_files() if is_healthy(p)],
    ids=ids([p for p in corpus_files() if is_healthy(p)]),
)
def test_healthy_programs_expect_nothing(path: Path) -> None:
    assert read_expectation(path.read_text(encoding="utf-8")).loud == frozenset()


# --- the engine agrees with the corpus -------------------------------------------------


@pytest.mark.parametrize("path", corpus_files(), ids=ids(corpus_files()))
def test_engine_reports_exactly_the_expected_warnings_and_errors(path: Path) -> None:
    text, analysis = analyse(path)
    expected = read_expectation(text)
    got = codes_at(analysis.diagnostics, LOUD)
    assert got == expected.loud, (
        f"{path.name}: expected {sorted(expected.loud)}, got {sorted(got)}\n"
        + describe(analysis.diagnostics)
    )


@pytest.mark.parametrize(
    "path",
    [p for p in corpus_files() if read_expectation(p.read_text(encoding="utf-8")).info],
    ids=ids([p for p in corpus_files() if read_expectation(p.read_text(encoding="utf-8")).info]),
)
def test_engine_reports_the_expected_info_findings(path: Path) -> None:
    text, analysis = analyse(path)
    expected = read_expectation(text)
    # The quiet severities: an info, or a hint (a pointer the probe settles).
    got = codes_at(analysis.diagnostics, {Severity.INFO, Severity.HINT})
    assert expected.info <= got, (
        f"{path.name}: expected info {sorted(expected.info)}, got {sorted(got)}\n"
        + describe(analysis.diagnostics)
    )


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_each_seed_example_reports_its_one_code(name: str) -> None:
    _, analysis = analyse(EXAMPLES / name)
    got = codes_at(analysis.diagnostics, LOUD | {Severity.INFO})
    assert got == {SEEDS[name]}, f"{name}: got {sorted(got)}\n" + describe(analysis.diagnostics)


# The other examples and what examples/README.md says Defib reports for each.
EXAMPLES_EXPECT = {
    "one_unit_softmax.py": {"DF401", "DF403"},
    "zeros_initializer.py": {"DF601"},
    "logits_without_from_logits.py": {"DF404"},
    "mnist_unscaled.py": {"DF301"},
    "healthy_regression.py": set(),
}


def test_every_example_is_listed() -> None:
    listed = set(EXAMPLES_EXPECT) | set(SEEDS)
    assert {p.name for p in EXAMPLES.glob("*.py")} == listed


@pytest.mark.parametrize("name", sorted(EXAMPLES_EXPECT))
def test_each_example_reports_what_its_readme_says(name: str) -> None:
    _, analysis = analyse(EXAMPLES / name)
    got = codes_at(analysis.diagnostics, LOUD)
    assert got == EXAMPLES_EXPECT[name], describe(analysis.diagnostics)


def test_seed_1_learning_rate_is_a_warning() -> None:
    _, analysis = analyse(EXAMPLES / "seed_1_learning_rate.py")
    assert codes_at(analysis.diagnostics, LOUD) == {"DF101"}


def test_seed_3_data_scaling_is_a_warning_or_error() -> None:
    _, analysis = analyse(EXAMPLES / "seed_3_data_scaling.py")
    assert codes_at(analysis.diagnostics, LOUD) == {"DF301"}


# --- safe fixes do what they say -------------------------------------------------------


def fully_fixed_codes(diagnostics: list[Diagnostic], unsafe: bool = False) -> set[str]:
    """Codes for which every finding carries a fix that applies (so none should remain)."""
    by_code: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_code.setdefault(d.code, []).append(d)
    return {
        code
        for code, found in by_code.items()
        if all(d.fix is not None and (unsafe or d.fix.safety == "safe") for d in found)
    }


@pytest.mark.parametrize("path", buggy_files(), ids=ids(buggy_files()))
def test_safe_fixes_parse_and_silence_their_findings(path: Path) -> None:
    text, analysis = analyse(path)
    fixed_codes = fully_fixed_codes(analysis.diagnostics)
    if not fixed_codes:
        pytest.skip("no safe fix offered")
    new_text = apply_fixes(text, analysis.diagnostics, unsafe=False)
    assert new_text != text
    assert_compiles(new_text, f"{path.name} (fixed)")
    again = analyse_source(new_text, path=str(path))
    remaining = {d.code for d in again.diagnostics} & fixed_codes
    assert not remaining, (
        f"{path.name}: still reports {sorted(remaining)} after safe fixes\n"
        + describe(again.diagnostics)
        + "\n--- fixed text ---\n"
        + new_text
    )


@pytest.mark.parametrize("path", buggy_files(), ids=ids(buggy_files()))
def test_safe_fixes_introduce_no_new_findings(path: Path) -> None:
    text, analysis = analyse(path)
    new_text = apply_fixes(text, analysis.diagnostics, unsafe=False)
    again = analyse_source(new_text, path=str(path))
    introduced = codes_at(again.diagnostics, LOUD) - codes_at(analysis.diagnostics, LOUD)
    assert not introduced, f"{path.name}: safe fixes introduced {sorted(introduced)}\n" + describe(
        again.diagnostics
    )


@pytest.mark.parametrize("path", buggy_files(), ids=ids(buggy_files()))
def test_all_fixes_including_unsafe_ones_leave_code_that_parses(path: Path) -> None:
    text, analysis = analyse(path)
    if not any(d.fix is not None for d in analysis.diagnostics):
        pytest.skip("no fix offered")
    new_text = apply_fixes(text, analysis.diagnostics, unsafe=True)
    assert_compiles(new_text, f"{path.name} (all fixes)")


@pytest.mark.parametrize("path", buggy_files(), ids=ids(buggy_files()))
def test_all_fixes_silence_their_findings_and_introduce_none(path: Path) -> None:
    """A `Fix` is "a change that silences the finding", unsafe ones included."""
    text, analysis = analyse(path)
    fixed_codes = fully_fixed_codes(analysis.diagnostics, unsafe=True)
    if not fixed_codes:
        pytest.skip("no fix offered")
    new_text = apply_fixes(text, analysis.diagnostics, unsafe=True)
    again = analyse_source(new_text, path=str(path))
    before = codes_at(analysis.diagnostics, LOUD | {Severity.INFO})
    after = codes_at(again.diagnostics, LOUD | {Severity.INFO})
    assert not (after & fixed_codes), (
        f"{path.name}: still reports {sorted(after & fixed_codes)} after all fixes\n"
        + describe(again.diagnostics)
    )
    assert not (after - before), (
        f"{path.name}: fixes introduced {sorted(after - before)}\n" + describe(again.diagnostics)
    )
