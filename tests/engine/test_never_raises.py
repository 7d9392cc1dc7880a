"""`analyse_source` never raises, whatever text an editor hands it, and answers quickly.

The language server calls it on every keystroke, so half-typed code, broken encodings,
pathological nesting and huge files must all come back as an `Analysis`: a DF000
diagnostic or a `skipped` reason when the text does not parse, never an exception.
"""

from __future__ import annotations

import ast
import io
import random
import re
import sysconfig
import time
import tokenize
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from defib.engine import Analysis, analyse_source

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "corpus"
SEED = 20250130  # the article's date; any fixed seed keeps failures reproducible

# Generous: the engine aims at milliseconds and speed is measured in bench/; the bound only
# catches runaway (quadratic) behaviour, even on a loaded 2-core CI machine.
SECONDS_PER_FILE = 30.0


def stdlib_files() -> list[Path]:
    root = Path(sysconfig.get_paths()["stdlib"])
    return sorted(
        p
        for p in root.rglob("*.py")
        if not {"site-packages", "dist-packages"} & set(p.relative_to(root).parts)
    )


def decode_like_an_editor(raw: bytes) -> str:
    """Decode with the file's PEP 263 encoding where it has a valid one, else UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        return raw.decode(encoding, errors="replace")
    except (SyntaxError, LookupError):
        return raw.decode("utf-8", errors="replace")


def python_parses(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes and the like in stdlib tests
            ast.parse(text)
    except (SyntaxError, ValueError, UnicodeError, RecursionError, MemoryError, OverflowError):
        return False
    return True


def analyse_within_bounds(text: str, name: str) -> Analysis:
    """Analyse `text`, failing the test on any exception or a slow answer."""
    start = time.perf_counter()
    try:
        analysis = analyse_source(text, path=name)
    except Exception as error:
        pytest.fail(f"{name}: analyse_source raised {type(error).__name__}: {error}")
    elapsed = time.perf_counter() - start
    assert isinstance(analysis, Analysis), f"{name}: returned {type(analysis).__name__}"
    # The engine contains its own faults as internal errors; each one is still a bug.
    assert not analysis.internal_errors, f"{name}: {analysis.internal_errors}"
    assert elapsed < SECONDS_PER_FILE, f"{name}: took {elapsed:.2f}s"
    return analysis


def assert_unparseable_is_reported(text: str, analysis: Analysis, name: str) -> None:
    codes = {d.code for d in analysis.diagnostics}
    if "DF000" in codes or analysis.skipped:
        return
    assert python_parses(text), (
        f"{name}: text does not parse but there is neither DF000 nor a skip reason "
        f"(got {sorted(codes)})"
    )


# --- every file of the standard library ------------------------------------------------

STDLIB = stdlib_files()


def test_the_standard_library_is_found() -> None:
    assert len(STDLIB) > 500


@pytest.mark.parametrize(
    "path", STDLIB, ids=[str(p.relative_to(sysconfig.get_paths()["stdlib"])) for p in STDLIB]
)
def test_stdlib_file_is_analysed_without_raising(path: Path) -> None:
    text = decode_like_an_editor(path.read_bytes())
    analysis = analyse_within_bounds(text, str(path))
    assert_unparseable_is_reported(text, analysis, path.name)


# --- mutated corpus programs: what an editor sees mid-edit -----------------------------

Mutation = Callable[[str, random.Random], str]


def delete_tokens(text: str, rng: random.Random) -> str:
    """Remove a run of one to three tokens, as a half-finished edit does."""
    lines = text.splitlines(keepends=True)
    try:
        tokens = [
            t
            for t in tokenize.generate_tokens(io.StringIO(text).readline)
            if t.string.strip() and t.type != tokenize.COMMENT
        ]
    except (tokenize.TokenError, SyntaxError):
        return text[: len(text) // 2]
    if not tokens:
        return text
    first = rng.randrange(len(tokens))
    last = min(len(tokens) - 1, first + rng.randrange(3))

    def offset(row: int, col: int) -> int:
        return sum(len(line) for line in lines[: row - 1]) + col

    return text[: offset(*tokens[first].start)] + text[offset(*tokens[last].end) :]


def truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


def insert_random_bytes(text: str, rng: random.Random) -> str:
    raw = text.encode("utf-8")
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(raw) + 1)
        junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 6)))
        raw = raw[:at] + junk + raw[at:]
    return raw.decode("utf-8", errors="replace")


def insert_nul_bytes(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + "\x00" + text[at:]
    return text


def swap_lines(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    if len(lines) < 2:
        return text
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


def break_indentation(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    i = rng.randrange(len(lines))
    lines[i] = " " * rng.choice([1, 3, 5]) + lines[i]
    return "".join(lines)


MUTATIONS: dict[str, Mutation] = {
    "delete_tokens": delete_tokens,
    "truncate": truncate,
    "insert_random_bytes": insert_random_bytes,
    "insert_nul_bytes": insert_nul_bytes,
    "swap_lines": swap_lines,
    "break_indentation": break_indentation,
}
MUTANTS_PER_FILE = 3


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.py"))


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
@pytest.mark.parametrize("path", corpus_files(), ids=[p.name for p in corpus_files()])
def test_mutated_corpus_file_is_analysed_without_raising(path: Path, mutation: str) -> None:
    rng = random.Random(f"{SEED}:{path.name}:{mutation}")
    original = path.read_text(encoding="utf-8")
    for n in range(MUTANTS_PER_FILE):
        text = MUTATIONS[mutation](original, rng)
        name = f"{path.name} [{mutation} #{n}]"
        analysis = analyse_within_bounds(text, name)
        assert_unparseable_is_reported(text, analysis, name)


# --- pathological inputs ---------------------------------------------------------------

KERAS_HEADER = "from tensorflow import keras\nfrom tensorflow.keras.layers import Dense\n\n"


def deep_unbalanced_brackets() -> str:
    return KERAS_HEADER + "x = " + "(" * 5000 + "\n"


def deep_balanced_brackets() -> str:
    return KERAS_HEADER + "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n"


def deep_nested_lists_in_a_model() -> str:
    return KERAS_HEADER + "model = keras.Sequential(" + "[" * 3000 + "]" * 3000 + ")\n"


def deep_nested_calls_in_a_layer() -> str:
    return KERAS_HEADER + "layer = Dense(" + "f(" * 2000 + "1" + ")" * 2000 + ")\n"


def long_chain_of_binary_operators() -> str:
    return KERAS_HEADER + "lr = " + " + ".join(["1e-3"] * 20000) + "\n"


def ten_thousand_layer_sequential() -> str:
    layers = "".join("    Dense(8, activation='sigmoid'),\n" for _ in range(10_000))
    return (
        KERAS_HEADER
        + "model = keras.Sequential([\n    keras.Input(shape=(8,)),\n"
        + layers
        + "    Dense(1, activation='softmax'),\n])\n"
        + "model.compile(optimizer=keras.optimizers.Adam(learning_rate=10.0), loss='mse')\n"
    )


def ten_thousand_add_calls() -> str:
    adds = "".join("model.add(Dense(8, activation='relu'))\n" for _ in range(10_000))
    return KERAS_HEADER + "model = keras.Sequential()\n" + adds + "model.add(Dense(1))\n"


def five_megabyte_file() -> str:
    seed = (CORPUS / "01_keras2_adam_lr.py").read_text(encoding="utf-8")
    copies = 5 * 1024 * 1024 // len(seed) + 1
    return "".join(re.sub(r"\bmodel\b", f"model_{i}", seed) for i in range(copies))


def half_a_megabyte_of_models() -> str:
    """Large, but under the default size limit, so it is analysed rather than skipped."""
    seed = (CORPUS / "29_several_bugs.py").read_text(encoding="utf-8")
    parts: list[str] = []
    size = 0
    while size < 500_000:
        parts.append(re.sub(r"\bmodel\b", f"model_{len(parts)}", seed))
        size += len(parts[-1])
    return "".join(parts)


def five_megabyte_string_literal() -> str:
    return KERAS_HEADER + 'NOTES = """' + "x" * (5 * 1024 * 1024) + '"""\n'


def only_nul_bytes() -> str:
    return "\x00" * 1000


def lone_surrogates_and_bom() -> str:
    return "\ufeff" + KERAS_HEADER + "name = '\ud800'\nmodel = keras.Sequential([Dense(1)])\n"


def carriage_returns_only() -> str:
    return (
        KERAS_HEADER.replace("\n", "\r")
        + "model = keras.Sequential([Dense(1, activation='softmax')])\r"
    )


def mixed_tabs_and_spaces() -> str:
    return (
        KERAS_HEADER
        + "def build():\n\tm = keras.Sequential()\n        m.add(Dense(1))\n\treturn m\n"
    )


def empty_file() -> str:
    return ""


def keras_import_only() -> str:
    return "import keras"


def column_mapped_to_a_list() -> str:
    # A Kaggle kernel's run-length masks: the mapped function returns a list, not a
    # (features, labels) pair.
    return (
        KERAS_HEADER
        + "import pandas as pd\n"
        + "labels = pd.read_csv('labels.csv')\n"
        + "labels['pixels'] = labels['pixels'].map(lambda ep: [int(x) for x in ep.split(' ')])\n"
        + "model = keras.Sequential([Dense(1)])\n"
    )


def non_finite_literals() -> str:
    # A held-out file put `float("inf")` in an array beside a model: OverflowError.
    return (
        KERAS_HEADER
        + "import numpy as np\n"
        + 'scores = np.asarray([float("inf"), 1.0])\n'
        + 'x = np.array([[float("nan"), 2.0], [1e308 * 10, 2.0]])\n'
        + "model = keras.Sequential([Dense(1)])\n"
        + "model.compile(loss='mse', optimizer='sgd')\n"
        + "model.fit(x, scores)\n"
    )


PATHOLOGICAL: dict[str, Callable[[], str]] = {
    f.__name__: f
    for f in (
        deep_unbalanced_brackets,
        deep_balanced_brackets,
        deep_nested_lists_in_a_model,
        deep_nested_calls_in_a_layer,
        long_chain_of_binary_operators,
        ten_thousand_layer_sequential,
        ten_thousand_add_calls,
        five_megabyte_file,
        five_megabyte_string_literal,
        only_nul_bytes,
        lone_surrogates_and_bom,
        carriage_returns_only,
        mixed_tabs_and_spaces,
        empty_file,
        keras_import_only,
        column_mapped_to_a_list,
        non_finite_literals,
    )
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_input_is_analysed_without_raising(name: str) -> None:
    text = PATHOLOGICAL[name]()
    analysis = analyse_within_bounds(text, f"{name}.py")
    assert_unparseable_is_reported(text, analysis, name)


def test_random_text_is_analysed_without_raising() -> None:
    rng = random.Random(SEED)
    alphabet = "()[]{}:=,.'\"\\#\n\t abcdefDense(keras)import from 0123456789_\x00\ufeff\u00e9"
    for n in range(200):
        text = "import keras\n" + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        analyse_within_bounds(text, f"random_{n}.py")


def test_a_large_file_under_the_size_limit_is_analysed_in_full() -> None:
    text = half_a_megabyte_of_models()
    copies = text.count("# expect: DF101 DF301 DF402")
    analysis = analyse_within_bounds(text, "half_a_megabyte_of_models.py")
    assert analysis.skipped is None
    assert sum(d.code == "DF101" for d in analysis.diagnostics) == copies
