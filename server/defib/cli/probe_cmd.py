"""`defib probe FILE`: run the script's real model for a few steps and say if it collapses.

Every verdict states how sure it is: confirmed (measured; more training cannot undo it) or
likely (read from the first steps or projected to the end of training). When the probe cannot
tell, the verdict is inconclusive and says what settles it (the real training, watched by the
guard: `defib run FILE`).

Exit codes: 0 healthy, 1 collapsed / diverged / stalled, 2 the probe could not run,
3 inconclusive.
"""

from __future__ import annotations

import argparse
import json
import sys

from defib.engine import static_hints
from defib.engine.notebook import is_notebook
from defib.probe.notebook import joined_line
from defib.probe.report import exit_code, format_text
from defib.probe.runner import DEFAULT_TIMEOUT, ProbeRequest, run_probe


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `probe` subcommand to the `defib` command line."""
    parser = subparsers.add_parser(
        "probe",
        help="run the model for a few instrumented steps and report whether its output collapses",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    parser.set_defaults(handler=run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        help="the training script (run as __main__ until fit()), or a notebook (.ipynb: its"
        " code cells run in order)",
    )
    parser.add_argument("--line", type=int, default=None, help="probe the model at this line")
    parser.add_argument(
        "--cell",
        type=int,
        default=None,
        help="in a notebook, --line counts in this cell (1-based, every cell counted)",
    )
    parser.add_argument(
        "--steps",
        type=int,
        default=30,
        help="training steps (default 30; up to 10x more when these are inconclusive)",
    )
    parser.add_argument(
        "--no-watch-longer",
        action="store_true",
        help="run exactly --steps steps, even when they are inconclusive",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds (default 120)"
    )
    parser.add_argument(
        "--python", default=None, help="interpreter with Keras and its backend to use"
    )
    parser.add_argument(
        "--backend",
        choices=("tensorflow", "jax", "torch"),
        default=None,
        help="Keras backend (default: as Keras chooses: KERAS_BACKEND, else ~/.keras/keras.json)",
    )
    parser.add_argument("--output-format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--no-what-if",
        action="store_true",
        help="do not re-probe with the changes the static findings suggest",
    )


def run(args: argparse.Namespace) -> int:
    line = args.line
    if args.cell is not None:
        line = joined_line(args.file, args.cell, args.line) if is_notebook(args.file) else None
        if line is None:
            print(f"{args.file}: no code cell {args.cell} in a readable notebook", file=sys.stderr)
            return 2
    hints = () if args.no_what_if else tuple(static_hints(args.file, line))
    request = ProbeRequest(
        path=args.file,
        line=line,
        steps=args.steps,
        seed=args.seed,
        timeout=args.timeout,
        hints=hints,
        python=args.python,
        backend=args.backend,
        watch_longer=not args.no_watch_longer,
    )
    try:
        report = run_probe(request)
    except KeyboardInterrupt:  # the runner has stopped the worker
        return 2
    if args.output_format == "json":
        print(json.dumps(report, indent=2))
    else:
        print(format_text(report))
    return exit_code(report)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="defib probe",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
