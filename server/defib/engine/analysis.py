"""The engine's entry point: source text in, models and diagnostics out."""

from __future__ import annotations

import contextlib
import functools
import io
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import libcst as cst

from defib.engine import attributes, elbo, loss_calls, pairing, python2, unfilled
from defib.engine import keras_names as kn
from defib.engine.config import Config
from defib.engine.diagnostics import Diagnostic, Range, Severity
from defib.engine.extract import Extractor
from defib.engine.model import ModelSpec
from defib.engine.noqa import is_suppressed
from defib.engine.notebook import (
    CellSpan,
    ipython_lines_as_python,
    join_cells,
    script_cells,
    without_broken_cells,
)
from defib.engine.rules import RuleContext, all_rules
from defib.engine.source import (
    OUTSIDE_ITS_BLOCK,
    Chunk,
    StatementCache,
    SyntaxProblem,
    found_at_word_start,
    indent_tabs_expanded,
    line_starts,
    parse_python,
    scan_statements,
    split_statements,
)

SYNTAX_ERROR_CODE = "DF000"
# One top-level statement whose code is longer than this is not read: libcst's positions over it
# would cost seconds (a 10,000-layer Sequential list is 360,000 characters and takes 5 s). The
# comment and blank lines that come with a statement do not count: 100,000 characters of them
# cost 0.1 s, and a skipped `x_train = x_train / 255.0` would leave the pixels unscaled.
MAX_STATEMENT_CHARS = 100_000
# Every rule judges a model, and a model is only ever built from Keras's `Sequential` or `Model`
# (called, or a base class), or by `.add()`ing a layer to a model loaded or copied elsewhere; or
# it judges the data a model loaded elsewhere is fit on, a tf.data pipeline built from arrays
# in memory; or a `Lambda` layer's function, which runs in every training step of whatever
# model uses it (a module of layer helpers): a file with none of these words is read for its
# syntax alone.
_MODEL_WORDS = re.compile(r"(?:Sequential|Model|from_tensor_slices)\b|Lambda\(")


def _may_build_models(source: str) -> bool:
    """Whether the file may build or train a model, or hold a loss the rules read (a module
    of custom losses calls Keras's cross-entropies)."""
    return (
        ".add(" in source
        or found_at_word_start(_MODEL_WORDS, source)
        or "rossentropy(" in source
        or "divergence(" in source
    )


@dataclass
class Analysis:
    """Everything the engine found in one file."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    models: list[ModelSpec] = field(default_factory=list)
    skipped: str | None = None  # why the file was not analysed, if it was not
    syntax_error: bool = False
    # A notebook read without its cells that do not compile (each reported), as Jupyter runs
    # the others: its findings stand, though the file has a syntax error.
    broken_cells_left_out: bool = False
    # What raised, as (what, error): "rule DF401", or "model extraction" (then the file has no
    # findings but its syntax error). A failing rule never hides the other rules' findings.
    internal_errors: list[tuple[str, str]] = field(default_factory=list)
    # Statements left unread, as (line, reason), while the rest of the file was analysed.
    skipped_statements: list[tuple[int, str]] = field(default_factory=list)


_DEFAULT_CACHE = StatementCache()

# Whatever a bug in the engine or a rule raises on code it did not foresee is an internal error
# of that file (a rule's findings, or the file's, are lost), never a crash of the whole run.
_ENGINE_FAULTS = (Exception,)


def analyse_source(
    source: str,
    path: str = "<stdin>",
    config: Config | None = None,
    cache: StatementCache | None = None,
    cells: Sequence[CellSpan] | None = None,
) -> Analysis:
    """Analyse `source` (never executing it) and return its models and findings. `cells`:
    where each cell of a notebook landed in `source`, its code cells joined; a cell that does
    not compile is then reported and left out, as Jupyter runs the others."""
    config = config or Config()
    cache = cache if cache is not None else _DEFAULT_CACHE
    analysis = Analysis(path)
    if len(source) > config.max_file_size:
        analysis.skipped = (
            f"file has {len(source):,} characters, more than the limit of "
            f"{config.max_file_size:,} (max-file-size)"
        )
        return analysis
    if "\x00" in source:
        analysis.syntax_error = True
        _report_syntax(analysis, SyntaxProblem("file contains a NUL byte", 1, 0), config)
        return analysis
    if "keras" not in source:
        analysis.skipped = "no Keras import"
        return analysis
    if cells is None and path.endswith(".py"):
        run_as_cells = _script_run_as_cells(source, path, config, cache)
        if run_as_cells is not None:
            return run_as_cells

    if not _may_build_models(source):
        problem = parse_python(source)
        if isinstance(problem, SyntaxProblem) and not _newer_python_reads(problem, source):
            analysis.syntax_error = True
            if _read_as_python3(analysis, problem, source, config) is not None:
                return analysis
            salvaged = without_broken_cells(source, cells) if cells else None
            if salvaged is None:
                _report_whole_file_syntax(analysis, _named_cause(problem, source), config, source)
            else:
                _report_broken_cells(analysis, salvaged[1], source, config)
        return analysis

    rewritten: frozenset[int] = frozenset()  # lines of Python 2 read as Python 3 writes them
    chunks = _scanned_chunks(source, cache)
    if chunks is None:
        statements = split_statements(source)
        if isinstance(statements, SyntaxProblem):
            analysis.syntax_error = True
            reading = _read_as_python3(analysis, statements, source, config)
            if reading is not None:
                source, rewritten = reading.source, reading.lines
                statements = split_statements(source)
        if isinstance(statements, SyntaxProblem):
            salvaged = without_broken_cells(source, cells) if cells else None
            if salvaged is not None:
                readable = split_statements(salvaged[0])
                if not isinstance(readable, SyntaxProblem):
                    _report_broken_cells(analysis, salvaged[1], source, config)
                    source, statements = salvaged[0], readable
            if isinstance(statements, SyntaxProblem):
                problem = _named_cause(statements, source)
                if _newer_python_reads(problem, source):
                    problem = _older_python_refuses(problem)
                _report_whole_file_syntax(analysis, problem, config, source)
                return analysis
        chunks = _parsed_chunks(statements, cache, analysis)
    if not chunks:
        return analysis

    extractor = Extractor(chunks)
    try:
        models = extractor.run()
        module_data = extractor.module_data()
        training_functions = extractor.training_functions()
        unknown_model_fits = extractor.unknown_model_fits()
        batch_functions = extractor.batch_functions()
    except _ENGINE_FAULTS as error:
        # A fault in reading the models loses this file's findings, never the run.
        analysis.internal_errors.append(("model extraction", f"{type(error).__name__}: {error}"))
        return analysis
    analysis.models = models
    keras2_only = functools.cache(functools.partial(kn.keras2_only, source))
    other_backend = functools.cache(functools.partial(kn.other_backend, source))
    tf_keras_defaults = functools.cache(functools.partial(kn.tf_keras_defaults, source))
    broken_pairs = functools.cache(functools.partial(pairing.broken_pairs, source, chunks))
    unbalanced_elbos = functools.cache(functools.partial(elbo.unbalanced_elbos, source, chunks))
    misspelt_flags = functools.cache(functools.partial(attributes.misspelt_flags, source, chunks))
    unfilled_inputs = functools.cache(functools.partial(unfilled.unfilled_inputs, source, chunks))
    swapped_loss_calls = functools.cache(
        functools.partial(loss_calls.swapped_loss_calls, source, chunks)
    )
    # What training meets: no model that nothing trains, and no compile() that nothing uses.
    trained = [each for model in models if not model.inference_only for each in _trainings(model)]
    # A model with several outputs, as each of its other outputs meets it: for the rules that
    # judge an output, its loss and its labels. The rest judge the model once.
    views = [view for model in models for view in model.output_views()]
    trained_views = [each for view in views if not view.inference_only for each in _trainings(view)]
    found: list[Diagnostic] = []
    sources = [chunk.code for chunk in chunks]
    for rule_class in all_rules():
        if rule_class.code == SYNTAX_ERROR_CODE or not config.enabled(rule_class.code, path):
            continue
        rule = rule_class()
        overrides = {k: v for k, v in config.thresholds.items() if k in rule_class.thresholds}
        judged = trained if rule_class.judges_training else models
        if rule_class.judges_output:
            judged = judged + (trained_views if rule_class.judges_training else views)
        ctx = RuleContext(
            judged,
            module_data,
            rule,
            overrides,
            training_functions=training_functions,
            unknown_model_fits=unknown_model_fits,
            batch_functions=batch_functions,
            keras2_only=keras2_only,
            tf_keras_defaults=tf_keras_defaults,
            other_backend=other_backend,
            broken_pairs=broken_pairs,
            unbalanced_elbos=unbalanced_elbos,
            misspelt_flags=misspelt_flags,
            unfilled_inputs=unfilled_inputs,
            swapped_loss_calls=swapped_loss_calls,
            statements=sources,
            path=path,
        )
        try:
            rule.check(ctx)
        except _ENGINE_FAULTS as error:
            analysis.internal_errors.append(
                (f"rule {rule_class.code}", f"{type(error).__name__}: {error}")
            )
            continue
        found.extend(ctx.diagnostics)
    if rewritten:
        found = [_without_fix_on(d, rewritten) for d in found]
    analysis.diagnostics = _finish([*analysis.diagnostics, *found], source, config)
    return analysis


def _trainings(model: ModelSpec) -> list[ModelSpec]:
    """The model as each of its trainings meets it: as `_as_trained` says, and, when it was
    compiled again between its first fit() and its last, as the first fit() met it too (a
    loss wrong in both compile() calls is reported at each, so fixing one is not taken for
    fixing the training)."""
    judged = _as_trained(model)
    first = model.fit
    if first is None or first.compiled is None or first.compiled is judged.compile:
        return [judged]
    return [judged, replace(model, compile=first.compiled, last_fit=first)]


def _as_trained(model: ModelSpec) -> ModelSpec:
    """The model as training meets it: without a compile() nothing trains with, and with the
    compile() in force at its last fit() rather than one written after it."""
    if model.compile_unused:
        return replace(model, compile=None)
    if model.compile_after_training:
        return replace(model, compile=model.trained_compile)
    return model


# What libcst raises on text Python may accept (extreme nesting, half a character).
_LIBCST_REFUSES = (cst.ParserSyntaxError, RecursionError, MemoryError, ValueError)
# libcst's native parser kills the process (a segmentation fault) on nesting that Python's
# parser refuses with an error: 3,000 nested brackets, 10,000 `not`s or lambdas in a row.
# 1,000 nested brackets parse. Each level of nesting opens with one of these tokens (a bracket,
# a unary operator, `not`, `lambda`, `await`, a conditional's `if`, an attribute's dot, a
# block's or a slice's colon, a power's star, a decorator), so a statement with fewer of them
# cannot nest that deep; one with more goes to Python's parser first, as the whole file did
# before the scan. Counting costs a twentieth of that parse, and in a 1,500-file sample of the
# ecosystem corpus 585 of the 591 statements over 2,000 characters hold fewer than 1,000.
_NESTING_CHARACTERS = "([{-+~.:*@"
_NESTING_WORDS = ("not", "lambda", "await", "if")
_PYTHON_CHECKS_FROM_NESTING_TOKENS = 1_000


def _may_nest_deeply(text: str) -> bool:
    """Whether `text` holds enough nesting tokens to nest as deep as libcst cannot survive (an
    upper bound: tokens in strings and comments count too)."""
    if len(text) < _PYTHON_CHECKS_FROM_NESTING_TOKENS:
        return False
    tokens = sum(map(text.count, _NESTING_CHARACTERS)) + sum(map(text.count, _NESTING_WORDS))
    return tokens >= _PYTHON_CHECKS_FROM_NESTING_TOKENS


# An escape Python decodes while it parses a string, and refuses when it is malformed (a
# Windows path, "C:\Users\...", is a truncated \UXXXXXXXX); libcst keeps strings as written.
# Matched where too few hex digits follow (a raw string's or a regex's are then read by
# Python's parser too, and pass).
_ESCAPE = re.compile(r"\\(?:x(?![0-9a-fA-F]{2})|u(?![0-9a-fA-F]{4})|U(?![0-9a-fA-F]{8})|N(?!\{))")


def _code_chars(text: str) -> int:
    """How long a statement's code is: its text without the comment and blank lines that come
    with it (commented-out code after it, a licence before it), which cost libcst little."""
    if len(text) <= MAX_STATEMENT_CHARS:
        return len(text)  # the lines are counted only where the limit is in question
    lines = text.splitlines()
    return sum(len(line) for line in lines if line.strip() and not line.lstrip().startswith("#"))


def _scanned_chunks(source: str, cache: StatementCache) -> list[Chunk] | None:
    """Each statement parsed, found by scanning the lines; None when a piece fails to parse or
    is not one statement, whether the scan misread the code or the code does not parse: then
    Python's parser must split the file and say what is wrong."""
    chunks: list[Chunk] = []
    for first_line, text in scan_statements(source):
        if _code_chars(text) > MAX_STATEMENT_CHARS:
            return None
        if _may_nest_deeply(text) and isinstance(parse_python(text), SyntaxProblem):
            return None
        if _ESCAPE.search(text) is not None and isinstance(parse_python(text), SyntaxProblem):
            return None  # libcst does not decode escapes: `"C:\Users"` parses there
        if OUTSIDE_ITS_BLOCK.match(text) is not None:
            return None  # `return` at the top level: Python's compiler refuses the file
        try:
            parsed = cache.parse(text)
        except _LIBCST_REFUSES:
            return None
        if len(parsed.module.body) != 1:
            return None
        chunks.append(Chunk(parsed, first_line))
    return chunks


def _parsed_chunks(
    statements: list[tuple[int, str]], cache: StatementCache, analysis: Analysis
) -> list[Chunk]:
    """Each statement Python's parser found, parsed by libcst; one libcst cannot read, or one
    too long, is skipped and recorded."""
    chunks: list[Chunk] = []
    for first_line, text in statements:
        if (chars := _code_chars(text)) > MAX_STATEMENT_CHARS:
            analysis.skipped_statements.append(
                (
                    first_line,
                    f"statement of {chars:,} characters is longer than {MAX_STATEMENT_CHARS:,}",
                )
            )
            continue
        try:
            chunks.append(Chunk(cache.parse(text), first_line))
            continue
        except _LIBCST_REFUSES as error:
            refused = error
        # libcst's tokenizer loses track of some indents that mix tabs and spaces in ways
        # Python accepts (a method body indented with a tab and four spaces, under a `def`
        # indented with four spaces): read it with the tabs expanded.
        expanded = indent_tabs_expanded(text)
        if expanded is not None:
            with contextlib.suppress(*_LIBCST_REFUSES):
                chunks.append(Chunk(cache.parse(expanded[0]), first_line, expanded[1]))
                continue
        # Python accepts it but libcst cannot read it (e.g. extreme nesting): skip the
        # statement rather than the file.
        analysis.skipped_statements.append(
            (first_line, f"libcst cannot parse it: {type(refused).__name__}")
        )
    return chunks


def unreadable(path: str, problem: SyntaxProblem, config: Config) -> Analysis:
    """A file that is not what its name says (a notebook that is not JSON), reported as a
    syntax error: nothing in it can be checked."""
    analysis = Analysis(path, syntax_error=True)
    _report_syntax(analysis, problem, config, kind="")
    return analysis


# Git's conflict markers, each at the start of a line.
_CONFLICT_START = re.compile(r"^<{7}(?: |\r?$)", re.MULTILINE)
_CONFLICT_REST = re.compile(r"^={7}\r?$(?s:.*?)^>{7}(?: |\r?$)", re.MULTILINE)


def _script_run_as_cells(
    source: str, path: str, config: Config, cache: StatementCache | None
) -> Analysis | None:
    """A notebook kept as a script (`# %%` or `# In[3]:` cell markers) that Python refuses:
    where it fails is reported, and its cells are read as IPython runs them (an `!pip` line
    is a shell command there), each one that does not compile left out. None for any other
    script."""
    spans = script_cells(source)
    if spans is None:
        return None
    problem = parse_python(source)
    if not isinstance(problem, SyntaxProblem) or _newer_python_reads(problem, source):
        return None
    if python2.as_python3(source) is not None:
        return None  # Python 2 code, read whole as Python 3 writes it
    starts = line_starts(source)
    cells = [
        (
            span.index,
            source[starts[span.first_line - 1] : starts[span.first_line - 1 + span.line_count]],
        )
        for span in spans
    ]
    joined, joined_spans = join_cells(cells)
    if joined_spans != spans:
        return None  # lines that would not map back one to one
    analysis = analyse_source(joined, path, config, cache, joined_spans)
    reported = {d.range.start.line for d in analysis.diagnostics if d.code == SYNTAX_ERROR_CODE}
    if problem.line not in reported:
        named = _named_cause(problem, source)
        message = f"{named.message} (the cells are checked as a notebook runs them)"
        _report_syntax(analysis, replace(named, message=message), config)
        analysis.diagnostics.sort(key=lambda d: (d.range.start.line, d.range.start.column))
    analysis.syntax_error = analysis.broken_cells_left_out = True
    return analysis


def _read_as_python3(
    analysis: Analysis, problem: SyntaxProblem, source: str, config: Config
) -> python2.Python3Reading | None:
    """Python 2 code that Python 3 reads once its Python 2 statements are rewritten, line for
    line: one syntax error names it as Python 2 code for the whole file (a notebook's cells
    too), and the rules read the rewritten text."""
    reading = python2.as_python3(source)
    if reading is None:
        return _read_without_shell_lines(analysis, problem, source, config)
    named = _named_python2(problem, source)
    count = len(reading.lines)
    lines = f"its {count} Python 2 lines" if count > 1 else "its one Python 2 line"
    them = "them" if count > 1 else "it"
    message = f"{named.message} (the rest is checked, {lines} read as Python 3 writes {them})"
    _report_syntax(analysis, replace(named, message=message), config)
    return reading


def _read_without_shell_lines(
    analysis: Analysis, problem: SyntaxProblem, source: str, config: Config
) -> python2.Python3Reading | None:
    """A script exported from a notebook whose only lines Python refuses are IPython shell
    commands and magics (`!git clone ...`, `%matplotlib inline`, `%%capture`): one syntax
    error for the first, and the rules read the file with each such line as `pass`, in its
    place, as the notebook's own code runs around it."""
    starts = line_starts(source)
    lines = [source[starts[i] : starts[i + 1]] for i in range(len(starts) - 1)]
    read = ipython_lines_as_python(lines)
    rewritten = {index + 1 for index, (a, b) in enumerate(zip(lines, read, strict=True)) if a != b}
    if not rewritten:
        return None
    text = "".join(read)
    if isinstance(parse_python(text), SyntaxProblem):
        return None
    named = _named_cause(problem, source)
    count = len(rewritten)
    them = f"its {count} IPython lines" if count > 1 else "its one IPython line"
    message = f"{named.message} (the rest is checked, {them} read as `pass`)"
    _report_syntax(analysis, replace(named, message=message), config)
    return python2.Python3Reading(text, frozenset(rewritten))


def _without_fix_on(diagnostic: Diagnostic, lines: frozenset[int]) -> Diagnostic:
    """The diagnostic without its fix when the fix edits a line the rules read rewritten: its
    positions are the rewritten text's there, not the file's."""
    fix = diagnostic.fix
    if fix is None or all(
        not lines.intersection(range(e.range.start.line, e.range.end.line + 1)) for e in fix.edits
    ):
        return diagnostic
    return replace(diagnostic, fix=None)


def _report_whole_file_syntax(
    analysis: Analysis, problem: SyntaxProblem, config: Config, source: str
) -> None:
    """A file Python refuses as a whole: no rule reads any of it, so the error says so (a clean
    report of its other lines, or of the model it trains, would be taken on trust), and, for
    Python 2 code, why it is not read as Python 3 writes it."""
    why = python2.obstacle(source) if _PYTHON2 in problem.message else None
    if why is None:
        message = (
            f"{problem.message} (nothing else in this file is checked until Python can read it)"
        )
    else:
        # What stops the file leads its own sentence: a long parenthesis hid it (the
        # headline names the first print, while a line far below is what no rewrite reads).
        message = (
            f"{problem.message}. Nothing else in this file is checked: {why.told(problem.line)}"
        )
    _report_syntax(analysis, replace(problem, message=message), config)


def _report_broken_cells(
    analysis: Analysis, problems: list[SyntaxProblem], source: str, config: Config
) -> None:
    """Report each notebook cell that does not compile, saying that the rest of the notebook
    is still read (`without_broken_cells`)."""
    analysis.broken_cells_left_out = True
    for problem in problems:
        named = _named_cause(problem, source)
        message = (
            f"{named.message} (the other cells are checked without this one, as Jupyter runs them)"
        )
        _report_syntax(analysis, replace(named, message=message), config)


def _named_cause(problem: SyntaxProblem, source: str) -> SyntaxProblem:
    """A syntax error named by its cause where that is plain from the text: a merge conflict
    left in the file, an IPython command in a script, or Python 2 code."""
    named = _named_shell_command(_named_conflict(problem, source), source)
    if named is problem:
        named = _named_pasted_output(problem, source)
    return _named_python2(named, source) if named is problem else named


_PYTHON2 = "this is Python 2 code"


def _named_python2(problem: SyntaxProblem, source: str) -> SyntaxProblem:
    """A syntax error in a file written for Python 2, told as one: the failing line's own
    message (often a bare "invalid syntax") says nothing of why. The evidence is a Python 2
    statement Python 3 refuses, the failing line itself where it is one, else the first;
    Python's own message for a `print` statement says what to write, not why."""
    if problem.message.startswith("Missing parentheses in call to 'print'"):
        return replace(
            problem,
            message=f"Missing parentheses in call to 'print': {_PYTHON2} (a `print` "
            "statement), which Python 3 cannot run; Python 3 writes print(...)",
        )
    lines = source.splitlines()
    failing = lines[problem.line - 1] if 1 <= problem.line <= len(lines) else ""
    habit = python2.habit_of(problem.message, failing)
    if habit is not None and habit.python2_only:
        return replace(
            problem,
            message=f"{problem.message}: {_PYTHON2} ({habit.name}), which Python 3 cannot run",
        )
    in_strings = python2.in_long_strings(lines)
    order = [i for i in range(len(lines)) if i not in in_strings]
    if failing:
        order.insert(0, problem.line - 1)
    for index in order:
        statement = python2.refused_statement(lines[index])
        if statement is not None:
            where = "" if index + 1 == problem.line else f" at line {index + 1}"
            return replace(
                problem,
                message=f"{problem.message}: {_PYTHON2} ({statement.what}{where}), "
                "which Python 3 cannot run",
            )
    if habit is not None and habit.note:  # a habit Python 3 code can have too: mixed tabs
        return replace(problem, message=f"{problem.message}: {habit.note}")
    return problem


def _older_python_refuses(problem: SyntaxProblem) -> SyntaxProblem:
    """An f-string's syntax error that only this Python, older than 3.12, makes, told as one."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return replace(
        problem,
        message=f"{problem.message}: Python {version} refuses it, Python 3.12 and later "
        "accept it (quotes, backslashes and comments inside an f-string's braces); defib "
        "cannot read the file on this Python",
    )


# Python before 3.12 refuses f-strings that PEP 701 made valid (`f"{d["key"]}"`); libcst
# reads them by the newer grammar.
_OLDER_FSTRINGS = sys.version_info < (3, 12)


def _newer_python_reads(problem: SyntaxProblem, source: str) -> bool:
    """Whether the syntax error is this older Python's alone: an f-string that Python 3.12
    and later accept, as libcst's parse of the whole file shows."""
    if not (_OLDER_FSTRINGS and problem.message.startswith("f-string")):
        return False
    try:
        cst.parse_module(source)
    except _LIBCST_REFUSES:
        return False
    return True


# `!pip install ...`, `%matplotlib inline`: IPython's shell commands and magics.
_IPYTHON_COMMAND = re.compile(r"[ \t]*([!%][^\r\n]*)")


def _named_shell_command(problem: SyntaxProblem, source: str) -> SyntaxProblem:
    """A syntax error on a line that is an IPython shell command or magic (a notebook
    exported as a script keeps its `!pip install` lines), named as one."""
    # Lines as Python counts them: str.splitlines() also breaks at form feeds and the like.
    starts = line_starts(source)
    if not 1 <= problem.line < len(starts):
        return problem
    line = source[starts[problem.line - 1] : starts[problem.line]].rstrip("\r\n")
    command = _IPYTHON_COMMAND.fullmatch(line)
    if command is None or command.group(1).startswith("!="):
        return problem
    shown = command.group(1).strip()
    shown = shown if len(shown) <= 40 else shown[:39] + "\u2026"
    shell = shown.startswith("!")
    return SyntaxProblem(
        f"`{shown}` is an IPython {'shell command' if shell else 'magic'}, which only a "
        "notebook or IPython runs: Python refuses it in a script (a notebook exported as a .py "
        f"file keeps such lines); {'run it in a terminal, or remove it' if shell else 'remove it'}",
        problem.line,
        problem.column,
    )


# Lines a program prints that people paste into a code cell or a script: Keras's model summary
# (its header, a layer's row, its totals) and fit()'s log (an epoch's header, a progress bar).
_PASTED_OUTPUT: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "a model summary",
        re.compile(
            r"\s*(?:Layer \(type\)|Model: \"|(?:Total|Trainable|Non-trainable) params:"
            r"|[\w.]+ \(\w+\)\s+\(None\b)"
        ),
    ),
    ("a training log", re.compile(r"\s*(?:Epoch \d+/\d+\s*$|\d+/\d+ \[[=>.]*\])")),
)


def _named_pasted_output(problem: SyntaxProblem, source: str) -> SyntaxProblem:
    """A syntax error on a line of program output pasted as code (a model summary kept in a
    code cell), named as one: Python's "invalid syntax" says nothing of why."""
    starts = line_starts(source)
    if not 1 <= problem.line < len(starts):
        return problem
    line = source[starts[problem.line - 1] : starts[problem.line]]
    what = next((what for what, pattern in _PASTED_OUTPUT if pattern.match(line)), None)
    if what is None:
        return problem
    return replace(
        problem,
        message=f"{problem.message}: the line is program output ({what}) pasted as code, not "
        "Python; keep it in a comment, or in a raw or Markdown cell",
    )


def _named_conflict(problem: SyntaxProblem, source: str) -> SyntaxProblem:
    """A syntax error that an unresolved merge conflict explains, named as one at its first
    marker: Python reports whatever the markers break first, often lines further down (an
    "invalid decimal literal" in the commit hash of `>>>>>>> 5f3a...`)."""
    start = _CONFLICT_START.search(source)
    if start is None or _CONFLICT_REST.search(source, start.end()) is None:
        return problem
    line = source.count("\n", 0, start.start()) + 1
    if line > problem.line:
        return problem  # the file breaks before the conflict
    return SyntaxProblem(
        "unresolved merge conflict: git's markers (<<<<<<<, =======, >>>>>>>) are not Python",
        line,
        0,
    )


def _report_syntax(
    analysis: Analysis, problem: SyntaxProblem, config: Config, kind: str = "SyntaxError: "
) -> None:
    if not config.enabled(SYNTAX_ERROR_CODE, analysis.path):
        return
    line, column = problem.line, problem.column
    analysis.diagnostics.append(
        Diagnostic(
            code=SYNTAX_ERROR_CODE,
            name="syntax-error",
            severity=config.severity.get(SYNTAX_ERROR_CODE, Severity.ERROR),
            message=f"{kind}{problem.message}",
            range=Range.of(line, column, line, column),
        )
    )


def _finish(found: list[Diagnostic], source: str, config: Config) -> list[Diagnostic]:
    """Drop duplicates and suppressed findings, apply severity overrides, sort."""
    if not found:
        return []
    lines = io.StringIO(source, newline="").readlines()
    seen: set[tuple[str, Range, str]] = set()
    result: list[Diagnostic] = []
    for diagnostic in found:
        key = (diagnostic.code, diagnostic.range, diagnostic.message)
        if key in seen:
            continue
        seen.add(key)
        index = diagnostic.range.start.line - 1
        if 0 <= index < len(lines) and is_suppressed(lines[index], diagnostic.code):
            continue
        override = config.severity.get(diagnostic.code)
        if override is not None and override != diagnostic.severity:
            diagnostic = replace(diagnostic, severity=override)
        result.append(diagnostic)
    result.sort(key=lambda d: (d.range.start, d.code))
    return result


def analyse_file(path: Path, config: Config | None = None) -> Analysis:
    """Read and analyse a file; undecodable bytes are replaced, never fatal."""
    data = path.read_bytes()
    text = data.decode("utf-8", errors="replace")
    return analyse_source(text, str(path), config)
