"""`# noqa` and `[tool.defib]` decide what is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from defib.engine import Config, ConfigError, Severity, analyse_source, load_config
from defib.engine.noqa import add_noqa, takes_a_comment

SOFTMAX = (
    'import keras\nm = keras.Sequential([keras.layers.Dense(1, activation="softmax")]){comment}\n'
)


def codes(source: str, config: Config | None = None, path: str = "train.py") -> list[str]:
    return [d.code for d in analyse_source(source, path, config).diagnostics]


def test_noqa_with_the_code_silences_it() -> None:
    assert codes(SOFTMAX.format(comment="  # noqa: DF401")) == []


def test_noqa_with_another_code_does_not() -> None:
    assert codes(SOFTMAX.format(comment="  # noqa: DF101")) == ["DF401"]


def test_bare_noqa_silences_everything_on_the_line() -> None:
    assert codes(SOFTMAX.format(comment="  # noqa")) == []


def test_add_noqa_extends_an_existing_comment() -> None:
    assert add_noqa("x = 1  # noqa: DF101\n", "DF401") == "x = 1  # noqa: DF101, DF401\n"
    assert add_noqa("x = 1\n", "DF401") == "x = 1  # noqa: DF401\n"


def test_select_and_ignore_prefixes() -> None:
    source = SOFTMAX.format(comment="")
    assert codes(source, Config(select=("DF1",))) == []
    assert codes(source, Config(ignore=("DF4",))) == []
    assert codes(source, Config(select=("DF4",))) == ["DF401"]


def test_severity_override() -> None:
    config = Config(severity={"DF401": Severity.WARNING})
    [diagnostic] = analyse_source(SOFTMAX.format(comment=""), "t.py", config).diagnostics
    assert diagnostic.severity is Severity.WARNING


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.defib]\nignore = ["DF401"]\nper-file-ignores = { "nb/*" = ["DF1"] }\n'
        "thresholds = { adaptive-max-learning-rate = 0.01 }\n"
    )
    config = load_config(pyproject)
    assert config.ignore == ("DF401",)
    assert not config.enabled("DF101", str(tmp_path / "nb" / "x.py"))
    assert config.enabled("DF101", str(tmp_path / "x.py"))
    source = "import keras\nm = keras.Sequential([keras.layers.Dense(1)])\nm.compile(optimizer=keras.optimizers.Adam(0.05), loss='mse')\n"
    assert codes(source, config, str(tmp_path / "x.py")) == ["DF101"]


def test_bad_configuration_is_a_clear_error(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.defib]\nseverity = { DF401 = "fatal" }\n')
    with pytest.raises(ConfigError, match="severity of DF401"):
        load_config(pyproject)


def test_editor_settings_override_the_file() -> None:
    config = Config(ignore=("DF401",)).with_overrides({"ignore": [], "select": ["DF4"]})
    assert config.enabled("DF401") and not config.enabled("DF101")


def test_a_noqa_comment_goes_only_where_a_comment_can_end_the_line() -> None:
    source = 'x = 1\ns = """a\nb"""\ny = f(1, \\\n  2)\n'
    assert [takes_a_comment(source, n) for n in range(1, 6)] == [True, False, True, False, True]
    # Half-typed code that does not tokenize (an open bracket) is judged line by line.
    half = "x = f(1,\ny = 2 \\\n"
    assert [takes_a_comment(half, n) for n in (1, 2)] == [True, False]
