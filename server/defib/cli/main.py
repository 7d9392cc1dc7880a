"""The `defib` command: `check`, `probe`, `run`, `serve` and `rule`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from defib import __version__
from defib.cli import check, run_cmd


def _register_rule(subparsers: Any) -> None:
    parser = subparsers.add_parser("rule", help="explain a rule", description="Explain a rule.")
    parser.add_argument("code", nargs="?", help="rule code, e.g. DF101 (omit to list all)")
    parser.set_defaults(handler=_run_rule)


def _run_rule(args: argparse.Namespace) -> int:
    from defib.engine.rules import all_rules, rule_by_code

    if not args.code:
        for rule in all_rules():
            print(f"{rule.code}  {rule.name:<38} {rule.severity.value:<8} {rule.message}")
        return 0
    found = rule_by_code(args.code.upper())
    if found is None:
        print(f"defib: error: unknown rule {args.code!r}", file=sys.stderr)
        return 2
    print(check.rule_page(found))
    return 0


def _register_serve(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve", help="run the language server on stdio", description="Run the language server."
    )
    parser.add_argument("--stdio", action="store_true", help="accepted for editors that pass it")
    parser.set_defaults(handler=_run_serve)


def _run_serve(args: argparse.Namespace) -> int:
    from defib.lsp.server import main as serve

    serve()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="defib",
        description="Find why a Keras model always outputs the same value.",
    )
    parser.add_argument("--version", action="version", version=f"defib {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    check.register(subparsers)
    try:
        from defib.cli import probe_cmd
    except ImportError:  # the probe front end is optional while it is being built
        probe_cmd = None  # type: ignore[assignment]
    if probe_cmd is not None:
        probe_cmd.register(subparsers)
    run_cmd.register(subparsers)
    _register_serve(subparsers)
    _register_rule(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0) if exit_.code in (0, None) else 2
    if getattr(args, "handler", None) is None:
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
