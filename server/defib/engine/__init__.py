"""The static engine: reads Keras model-building code and reports what makes models collapse.

It parses with libcst and never executes user code. See docs/architecture.md for the contract.
"""

from defib.engine.analysis import Analysis, analyse_file, analyse_source
from defib.engine.config import Config, ConfigError, find_pyproject, load_config
from defib.engine.diagnostics import Diagnostic, Edit, Fix, Position, Range, Severity, WhatIf
from defib.engine.fixes import apply_edits, apply_fixes
from defib.engine.hints import static_hints
from defib.engine.source import StatementCache

__all__ = [
    "Analysis",
    "Config",
    "ConfigError",
    "Diagnostic",
    "Edit",
    "Fix",
    "Position",
    "Range",
    "Severity",
    "StatementCache",
    "WhatIf",
    "analyse_file",
    "analyse_source",
    "apply_edits",
    "apply_fixes",
    "find_pyproject",
    "load_config",
    "static_hints",
]
