"""`defib run SCRIPT [ARGS...]`: run a training script with the guard on every `fit()`.

The script runs in this interpreter as `__main__` with `sys.argv = [SCRIPT, ARGS...]`, as
`python SCRIPT ARGS...` would. Exit codes: 0 the script finished and no guard found a failure;
1 a guard stopped (or, with --no-stop, found) a certain collapse or divergence; otherwise the
script's own (1 with its traceback when it raised).
"""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `run` subcommand to the `defib` command line."""
    parser = subparsers.add_parser(
        "run",
        help="run a training script with the guard on every fit()",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--no-stop", action="store_true", help="report a certain failure but let training go on"
    )
    parser.add_argument(
        "--report-json", default=None, metavar="FILE", help="also write the outcome as JSON here"
    )
    parser.add_argument("script", help="the training script")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the script's own arguments")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from defib.guard.run import run_guarded

    return run_guarded(
        args.script, list(args.args), stop=not args.no_stop, report_path=args.report_json
    )
