"""`defib check` behaves like a linter: formats, fixes, exit codes."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from defib.cli.main import main
from defib.engine.config import Config

ROOT = Path(__file__).resolve().parents[2]
SOFTMAX = (
    "import keras\n"
    "m = keras.Sequential([\n"
    '    keras.layers.Dense(1, activation="softmax"),  # out\n'
    "])\n"
    'm.compile(optimizer="adam", loss="binary_crossentropy")\n'
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "train.py").write_text(SOFTMAX)
    (tmp_path / "clean.py").write_text(
        "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n"
    )
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "bad.py").write_text(SOFTMAX)
    return tmp_path


def test_findings_exit_1_and_print_like_a_linter(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(project), "--no-color"]) == 1
    out = capsys.readouterr().out
    assert f"{project / 'train.py'}:3:38: DF401 [*] Softmax over a single unit" in out
    assert ".venv" not in out


def test_where_the_evidence_is_follows_as_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The loss is reported; the layer it clashes with is a note a terminal can jump to.
    source = (
        "import keras\n"
        "m = keras.Sequential([keras.Input((4,)),\n"
        '    keras.layers.Dense(1, activation="relu")])\n'
        'm.compile(optimizer="adam", loss="binary_crossentropy")\n'
    )
    (tmp_path / "train.py").write_text(source)
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# A model"]}] + [
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
            "source": part,
        }
        for part in (source.split("m.compile")[0], "m.compile" + source.split("m.compile")[1])
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "train.ipynb").write_text(json.dumps(notebook))
    main(["check", str(tmp_path), "--no-color"])
    lines = capsys.readouterr().out.splitlines()
    script = lines.index(next(x for x in lines if x.startswith(f"{tmp_path / 'train.py'}:4:")))
    assert lines[script + 1] == f"  {tmp_path / 'train.py'}:3:5: note: relu output layer"
    cell = lines.index(
        next(x for x in lines if x.startswith(f"{tmp_path / 'train.ipynb'}:cell 3:1:"))
    )
    assert lines[cell + 1] == f"  {tmp_path / 'train.ipynb'}:cell 2:3:5: note: relu output layer"
    # The first code cell is cell 2: the summary says how cells are counted.
    assert "Notebook cells are counted from 1 in file order, markdown cells included." in lines
    main(["check", str(tmp_path / "train.py"), "--no-color"])
    assert "markdown cells included" not in capsys.readouterr().out


def test_clean_file_exits_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(project / "clean.py")]) == 0
    assert "All checks passed!" in capsys.readouterr().out


_CSV_REGRESSION = """import pandas as pd
import keras
frame = pd.read_csv("houses.csv")
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(frame[["area", "rooms", "year"]].values, frame["price"].values / 1e5, epochs=20)
"""


def test_a_hint_alone_is_printed_and_does_not_fail_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Columns read from a file: whether they are on scale only the probe can tell.
    (tmp_path / "houses.py").write_text(_CSV_REGRESSION)
    assert main(["check", str(tmp_path / "houses.py"), "--no-color"]) == 0
    out = capsys.readouterr().out
    assert "DF301 Features read from a file go to fit() with no scaling" in out
    assert "(hint)" in out
    (tmp_path / "both.py").write_text(_CSV_REGRESSION + SOFTMAX.replace("import keras\n", ""))
    assert main(["check", str(tmp_path / "both.py"), "--no-color"]) == 1


def test_missing_path_exits_2(tmp_path: Path) -> None:
    assert main(["check", str(tmp_path / "nope.py")]) == 2


def test_unknown_rule_code_exits_2(project: Path) -> None:
    assert main(["check", str(project), "--select", "XX9"]) == 2


def test_json_output_shape(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(project / "train.py"), "--output-format", "json"])
    [finding] = json.loads(capsys.readouterr().out)
    assert {
        k: finding[k] for k in ("line", "column", "end_line", "end_column", "code", "severity")
    } == {
        "line": 3,
        "column": 38,
        "end_line": 3,
        "end_column": 47,
        "code": "DF401",
        "severity": "error",
    }
    assert finding["fix"]["safety"] == "safe"
    assert finding["fix"]["edits"] == [
        {"line": 3, "column": 40, "end_line": 3, "end_column": 46, "new_text": "igmoid"}
    ]


def test_fix_rewrites_only_what_changes(project: Path) -> None:
    assert main(["check", str(project / "train.py"), "--fix"]) == 0
    assert (project / "train.py").read_text() == SOFTMAX.replace("softmax", "sigmoid")


def test_diff_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(project / "train.py"), "--diff"]) == 1
    assert '+    keras.layers.Dense(1, activation="sigmoid"),  # out' in capsys.readouterr().out
    assert (project / "train.py").read_text() == SOFTMAX


def test_sarif_and_github_formats(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(project / "train.py"), "--output-format", "sarif"])
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["runs"][0]["results"][0]["ruleId"] == "DF401"
    main(["check", str(project / "train.py"), "--output-format", "github"])
    assert capsys.readouterr().out.startswith("::error title=Defib (DF401),file=")


def test_statistics(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(project), "--statistics"])
    assert "1\tDF401\tsoftmax-on-single-unit" in capsys.readouterr().out


def test_stdin_and_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "defib",
            "check",
            "-",
            "--stdin-filename",
            "nb.py",
            "--output-format",
            "json",
        ],
        input=SOFTMAX,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert json.loads(result.stdout)[0]["path"] == "nb.py"


def test_seed_examples_are_flagged_as_in_the_article(capsys: pytest.CaptureFixture[str]) -> None:
    for name, code in [
        ("seed_1_learning_rate.py", "DF101"),
        ("seed_2_vanishing_gradients.py", "DF201"),
        ("seed_3_data_scaling.py", "DF301"),
    ]:
        main(["check", str(ROOT / "examples" / name), "--output-format", "json"])
        assert [f["code"] for f in json.loads(capsys.readouterr().out)] == [code]


def test_a_file_over_the_size_limit_is_reported_as_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.defib]\nmax-file-size = 100\n")
    big = tmp_path / "big.py"
    big.write_text(SOFTMAX * 5)
    assert main(["check", str(big)]) == 0
    captured = capsys.readouterr()
    assert f"warning: {big}: skipped: file has" in captured.err
    assert "All checks passed!" not in captured.out


def test_a_rule_that_fails_is_an_internal_error_not_a_silent_pass(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from defib.rules.df401_softmax_on_single_unit import SoftmaxOnSingleUnit

    def broken(self: object, ctx: object) -> None:
        raise ValueError("injected fault")

    monkeypatch.setattr(SoftmaxOnSingleUnit, "check", broken)
    assert main(["check", str(project / "train.py")]) == 2
    assert "rule DF401 failed (ValueError: injected fault)" in capsys.readouterr().err


def test_a_file_the_engine_fails_on_is_reported_and_the_others_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from defib.engine.extract import Extractor

    read = Extractor.run

    def failing_on_one_file(self: Extractor) -> object:
        if self.interpreter.chunks[0].parsed.code.startswith("FAILS"):
            raise RuntimeError("injected fault")
        return read(self)

    monkeypatch.setattr(Extractor, "run", failing_on_one_file)
    (tmp_path / "a_fails.py").write_text("FAILS = 1\n" + SOFTMAX)
    (tmp_path / "b_train.py").write_text(SOFTMAX)
    assert main(["check", "--output-format", "json", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "a_fails.py: model extraction failed (RuntimeError: injected fault)" in captured.err
    found = json.loads(captured.out)
    assert [(Path(f["path"]).name, f["code"]) for f in found] == [("b_train.py", "DF401")]


def _notebook(*cells: tuple[str, str]) -> str:
    return json.dumps(
        {
            "cells": [
                {"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True)}
                for kind, text in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def _checked_notebook(
    path: Path, capsys: pytest.CaptureFixture[str], *code_cells: str
) -> list[dict[str, Any]]:
    """`defib check --output-format json` on a notebook of these code cells."""
    path.write_text(_notebook(*(("code", text) for text in code_cells)))
    main(["check", str(path), "--output-format", "json"])
    found: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return found


def test_a_notebook_is_read_across_its_cells_and_reported_per_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notebook = tmp_path / "explore.ipynb"
    notebook.write_text(
        _notebook(
            ("markdown", "# A model"),
            ("code", "%matplotlib inline\nimport keras\n"),
            (
                "code",
                "model = keras.Sequential([\n    keras.layers.Dense(1, activation='softmax'),\n])\n",
            ),
        )
    )
    assert main(["check", str(tmp_path), "--no-color"]) == 1
    assert f"{notebook}:cell 3:2:38: DF401" in capsys.readouterr().out
    main(["check", str(notebook), "--output-format", "json"])
    [finding] = json.loads(capsys.readouterr().out)
    assert (finding["path"], finding["cell"], finding["line"]) == (str(notebook), 3, 2)


def test_a_related_place_in_an_earlier_cell_is_given_in_its_own_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = _checked_notebook(
        tmp_path / "pipeline.ipynb",
        capsys,
        "import numpy as np\nimport tensorflow as tf\nimport keras\n"
        "x, y = np.load('x.npy'), np.load('y.npy')\n"
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\n",
        "model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3, "
        "activation='softmax')])\n"
        "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
        "model.fit(ds, epochs=5)\n",
    )
    [finding] = [f for f in found if f["code"] == "DF303"]
    assert (finding["cell"], finding["line"]) == (2, 3)
    [related] = finding["related"]
    assert (related["cell"], related["line"]) == (1, 5)


def test_a_model_built_in_an_earlier_cell_is_given_in_its_own_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = _checked_notebook(
        tmp_path / "later_fit.ipynb",
        capsys,
        "import numpy as np\nimport keras\n"
        "model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])\n",
        "model.compile(optimizer=keras.optimizers.Adam(learning_rate=50.0), loss='mse')\n",
    )
    [finding] = [f for f in found if f["code"] == "DF101"]
    assert (finding["cell"], finding["line"]) == (2, 1)
    assert (finding["model_cell"], finding["model_line"]) == (1, 3)


def test_an_edit_in_an_earlier_cell_is_given_in_its_own_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The finding is on the loss (cell 2); its fix adds a softmax to the layer (cell 1).
    found = _checked_notebook(
        tmp_path / "later_loss.ipynb",
        capsys,
        "import keras\n\nmodel = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3)])\n",
        "model.compile(optimizer='adam', loss='categorical_crossentropy')\n",
    )
    [finding] = [f for f in found if f["code"] == "DF404"]
    assert (finding["cell"], finding["line"]) == (2, 1)
    [edit] = finding["fix"]["edits"]
    assert (edit["cell"], edit["line"]) == (1, 3)
    assert "softmax" in edit["new_text"]


@pytest.mark.parametrize(
    ("second_cell", "line", "ending"),
    [
        ("y = 2\ntry:\nz = 3\n", 3, "after 'try' statement on line 2"),
        ('y = 2\nprint("\n")\n', 2, "(detected at line 2)"),
    ],
)
def test_a_syntax_error_in_a_notebook_counts_its_lines_in_the_cell(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    second_cell: str,
    line: int,
    ending: str,
) -> None:
    # Python's message names a line of the cells joined ("... on line 3", "unterminated string
    # literal (detected at line 4)"); the reader sees cells.
    notebook = tmp_path / "broken.ipynb"
    notebook.write_text(_notebook(("code", "import keras\nx = 1\n"), ("code", second_cell)))
    main(["check", str(notebook), "--output-format", "json"])
    [finding] = json.loads(capsys.readouterr().out)
    assert (finding["code"], finding["cell"], finding["line"]) == ("DF000", 2, line)
    # The notebook's other cells are still checked, and the message says so after Python's.
    assert f"{ending} (the other cells are checked without this one" in finding["message"]


def test_half_a_character_is_reported_in_its_cell_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An emoji broken into a lone surrogate (JSON allows "\\udce6"): Python cannot encode it.
    notebook = tmp_path / "emoji.ipynb"
    notebook.write_text(
        _notebook(
            ("code", "import keras\nx = 1\n"),
            ("code", "y = 2\nprint('\udce6 modules ready')\n"),
        )
    )
    main(["check", str(notebook), "--output-format", "json"])
    [finding] = json.loads(capsys.readouterr().out)
    assert (finding["code"], finding["cell"], finding["line"], finding["column"]) == (
        "DF000",
        2,
        2,
        8,
    )
    assert "'\\udce6', half of a character" in finding["message"]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        # a missing comma, as one broken upstream notebook had
        ('{"cells": [\n  {"cell_type": "code" "source": []}]}', (2, 24), "not valid JSON"),
        # a script saved under a notebook's name
        ("import keras\nprint(keras)\n", (1, 1), "not valid JSON: Expecting value"),
        ("[1, 2]", (1, 1), "JSON but not a notebook"),
        ('{"cells": [\n<<<<<<< HEAD\n  {}\n=======\n>>>>>>> theirs\n]}', (2, 1), "merge conflict"),
    ],
)
def test_a_file_that_is_not_a_notebook_is_reported_where_it_breaks_and_left_as_it_is(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    where: tuple[int, int],
    message: str,
) -> None:
    # Reported as a finding, as Ruff reports such a file, so that JSON output and CI see it.
    broken = tmp_path / "broken.ipynb"
    broken.write_text(text)
    assert main(["check", str(broken), "--fix", "--output-format", "json"]) == 1
    (finding,) = json.loads(capsys.readouterr().out)
    assert (finding["code"], finding["line"], finding["column"]) == ("DF000", *where)
    assert message in finding["message"] and "cell" not in finding
    assert broken.read_text() == text


def test_notebook_cells_with_carriage_returns_keep_their_line_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A lone \\r ends a line for Python: the next cell must still start where it does."""
    notebook = tmp_path / "old_mac.ipynb"
    cells = [
        {"cell_type": "code", "metadata": {}, "source": "import keras\r\r"},
        {
            "cell_type": "code",
            "metadata": {},
            "source": "m = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n",
        },
    ]
    notebook.write_text(
        json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    main(["check", str(notebook), "--output-format", "json"])
    [finding] = json.loads(capsys.readouterr().out)
    assert (finding["cell"], finding["line"]) == (2, 1)


SIGMOID_STACK = (
    "import keras\n"
    "m = keras.Sequential([\n"
    '    keras.layers.Dense(8, activation="sigmoid"),\n'
    '    keras.layers.Dense(8, activation="sigmoid"),\n'
    '    keras.layers.Dense(8, activation="sigmoid"),\n'
    '    keras.layers.Dense(8, activation="sigmoid"),\n'
    '    keras.layers.Dense(1, activation="softmax"),\n'
    "])\n"
    'm.compile(optimizer="adam", loss="binary_crossentropy")\n'
)


def test_summary_counts_the_unsafe_fixes_it_leaves_hidden(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "train.py").write_text(SIGMOID_STACK)
    main(["check", str(tmp_path), "--no-color", "--select", "DF201,DF401"])
    out = capsys.readouterr().out
    assert (
        "[*] 1 fixable with `defib check --fix` "
        "(1 hidden fix can be enabled with the `--unsafe-fixes` option)." in out
    )


def test_summary_says_no_fixes_available_when_all_are_unsafe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "train.py").write_text(SIGMOID_STACK)
    main(["check", str(tmp_path), "--no-color", "--select", "DF201"])
    out = capsys.readouterr().out
    assert (
        "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option)." in out
    )
    assert "[*]" not in out


def test_summary_says_fixes_in_notebook_cells_are_the_editors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "train.py").write_text(SIGMOID_STACK)
    (tmp_path / "explore.ipynb").write_text(_notebook(("code", SIGMOID_STACK)))
    main(["check", str(tmp_path), "--no-color", "--select", "DF201"])
    out = capsys.readouterr().out
    assert (
        "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).\n"
        "1 fix in notebook cells: apply it as a quick fix in the editor (`--fix` rewrites .py "
        "files only).\n" in out
    )
    # Which finding that fix belongs to (two held-out readers could not tell).
    [in_cell] = [line for line in out.splitlines() if line.startswith(str(tmp_path / "explore"))]
    assert " DF201 [fix in editor] " in in_cell
    [in_script] = [line for line in out.splitlines() if line.startswith(str(tmp_path / "train"))]
    assert "[fix in editor]" not in in_script and "[*]" not in in_script


def test_unsafe_fixes_flag_counts_and_marks_unsafe_fixes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "train.py").write_text(SIGMOID_STACK)
    main(["check", str(tmp_path), "--no-color", "--unsafe-fixes", "--select", "DF201,DF401"])
    out = capsys.readouterr().out
    assert "[*] 2 fixable with `defib check --fix --unsafe-fixes`." in out
    assert "DF201 [*]" in out


def test_a_directory_checked_over_several_processes_reports_as_one_process_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = ROOT / "tests" / "corpus"
    for index, path in enumerate(sorted(corpus.glob("*.py"))[:40]):
        (tmp_path / f"{index:02d}_{path.name}").write_text(path.read_text())
    (tmp_path / "broken.ipynb").write_text("{not json")
    runs = [_check_with_jobs(tmp_path, jobs, capsys) for jobs in ("1", "2")]
    assert runs[0] == runs[1]
    findings = json.loads(runs[0][1])
    assert runs[0][0] == 1 and len(findings) >= 20
    assert [f["code"] for f in findings if f["path"].endswith("broken.ipynb")] == ["DF000"]


def test_a_check_leaves_the_garbage_collector_as_it_found_it(project: Path) -> None:
    # The check collects garbage rarely while it runs; the process that called it (a test run,
    # an editor's server) gets its own settings back.
    before = gc.get_threshold()
    main(["check", str(project), "--output-format", "json"])
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_each_files_cyclic_garbage_is_collected_before_the_survivors_are_frozen() -> None:
    # The check freezes what each file leaves alive, out of later collections' sight; what the
    # file left in cycles (its interpreter's scopes and functions) must be collected first, or
    # a check over many files would hold every file's garbage until it ends.
    from defib.cli.check import _check_in_processes, _fewer_collections, _Job

    source = (
        "import keras\n"
        "def build(n):\n"
        "    m = keras.Sequential([keras.layers.Dense(n), keras.layers.Dense(1)])\n"
        "    m.compile(optimizer='adam', loss='mse')\n"
        "    return m\n"
        "model = build({})\n"
        "model.fit(x, y)\n"
    )
    jobs = [_Job(f"f{i}.py", source.format(i + 2), Config(), False, False) for i in range(20)]
    gc.collect()  # the garbage the test run made before
    with _fewer_collections():
        results = _check_in_processes(jobs, 1)
        gc.unfreeze()
        left_in_cycles = gc.collect()
    assert len(results) == 20
    assert left_in_cycles < 50


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity here")
def test_the_default_worker_count_is_the_cores_the_process_may_use() -> None:
    from defib.cli.check import _cores

    allowed = os.sched_getaffinity(0)
    try:
        os.sched_setaffinity(0, {min(allowed)})
        assert _cores() == 1
    finally:
        os.sched_setaffinity(0, allowed)
    assert _cores() == len(allowed)


def test_a_file_that_cannot_be_read_is_an_error_and_the_others_are_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for index in range(16):  # enough files for two processes
        (tmp_path / f"{index:02d}_train.py").write_text(SOFTMAX)
    (tmp_path / "gone.py").symlink_to(tmp_path / "nowhere.py")
    runs = [_check_with_jobs(tmp_path, jobs, capsys) for jobs in ("1", "2")]
    assert runs[0] == runs[1]
    code, out, err = runs[0]
    assert code == 2
    assert f"defib: error: {tmp_path / 'gone.py'}: No such file or directory" in err
    assert len({finding["path"] for finding in json.loads(out)}) == 16


def _check_with_jobs(
    folder: Path, jobs: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `defib check folder --jobs N` in JSON."""
    code = main(["check", str(folder), "--output-format", "json", "--jobs", jobs])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_what_ifs_layer_is_given_in_its_own_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Round 44b: the what-if's layer_line counted in the cells joined read as no line at all.
    found = _checked_notebook(
        tmp_path / "one_unit.ipynb",
        capsys,
        "import numpy as np\nimport keras\n",
        "inputs = keras.Input((8,))\nx = keras.layers.Dense(16, activation='relu')(inputs)\n"
        "out = keras.layers.Dense(1, activation='softmax')(x)\n"
        "model = keras.Model(inputs, out)\n"
        "model.compile(optimizer='adam', loss='binary_crossentropy')\n",
    )
    [finding] = [f for f in found if f["code"] == "DF401"]
    assert (finding["cell"], finding["line"]) == (2, 3)
    what_if = finding["what_if"]
    assert (what_if["layer_cell"], what_if["layer_line"]) == (2, 3)
