"""The rule pages in docs/rules are generated from the rules and must be current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "gen_rule_docs.py"


def test_rule_pages_match_the_rules() -> None:
    spec = importlib.util.spec_from_file_location("gen_rule_docs", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path, text in module.expected_pages().items():
        assert path.exists(), f"{path} is missing: run python scripts/gen_rule_docs.py"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} is stale: run python scripts/gen_rule_docs.py"
        )
