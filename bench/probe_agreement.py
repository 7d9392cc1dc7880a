"""Does the probe agree with 20 epochs of real training? And how fast is it?

    .venv/bin/python bench/probe_agreement.py [--seeds 3] [--only 'heldout6_*']
        [--training-cache FILE] [--save FILE] [--ceiling] [--backends tensorflow,jax,torch]
        [--realistic]

For every case script x seed it trains for real (the script's own fit(), 20 epochs, in a
separate TensorFlow process) and names the outcome from the trained model on the first 256
samples: "diverged" when its predictions or loss are non-finite or the loss ends more than
TRUTH_EXPLODED times above the untrained model's, "collapsed" when the spread of its predictions
across inputs is below TRUTH_SPREAD of the targets' spread, "fine" otherwise. The probe "says
failed" when its verdict is collapsed or diverged; agreement is failed-vs-fine.

Each verdict states a confidence (docs/probe.md, "Confidence"): the run prints the agreement of
`confirmed` verdicts with training, of `confirmed` and `likely` ones together, the share of runs
that are `inconclusive` (targets >= 99.5%, >= 98%, <= 10%), the same per set, and a reliability
table: how many runs of each verdict and confidence ended collapsed, diverged or fine.

The case sets were written in order, each before the rule change it then judged: the
unprefixed cases set the first thresholds; `heldout_*`, `heldout2_*`, ... came after, and each
set's figures are printed apart (docs/probe.md tells which rule each set prompted). Speed:
probe time over the same case's training time, back to back (the spare child still warming)
and IDLE_SECONDS apart (as in an editor), plus cold and warm latency of a small model.

With --backends every case is trained and probed on each Keras backend in turn (training in
a process with that KERAS_BACKEND, the probe on a warm runner for that backend), each
backend's probe is compared with its own training, and at the end the backends' verdicts and
trainings with each other.

With --realistic the realistic cases (cases_realistic/: tens of thousands of samples, seconds
to minutes of training) run too, and their probe / training time is printed apart from the toy
cases', with where each probe's time went.

With --ceiling every run is also watched for the full length (10x --steps) and the replayed
training is read at that step by the truth's own criterion: how well knowing the real
training that far predicts its end, the ceiling for a probe that watches that long.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from defib.probe.runner import ProbeRunner, run_probe

TRUTH_SPREAD = 1e-3
TRUTH_EXPLODED = 10.0
IDLE_SECONDS = 2.0
HERE = Path(__file__).resolve().parent
REALISTIC = HERE / "cases_realistic"

# Runs inside a TensorFlow process: train each case for real, one JSON line per (case, seed).
TRAIN_HARNESS = r"""
import json, os, runpy, sys, time
import numpy as np
import keras

class Done(BaseException):
    pass

original_fit = keras.Model.fit

def loss_on(model, x, y):
    loss = model.evaluate(x[:256], y[:256], verbose=0, return_dict=True)["loss"]
    return float(loss)

def measure(model, *args, **kwargs):
    x = kwargs.get("x", args[0] if args else None)
    y = kwargs.get("y", args[1] if len(args) > 1 else None)
    script_seconds = time.perf_counter() - script_started
    loss_start = loss_on(model, x, y)
    started = time.perf_counter()
    history = original_fit(model, *args, **kwargs)
    seconds = time.perf_counter() - started
    loss_end = loss_on(model, x, y)
    prediction = np.asarray(model.predict(x[:256], verbose=0), dtype=np.float64)
    target = np.asarray(y[:256], dtype=np.float64)
    if prediction.ndim == 2 and prediction.shape[1] > 1 and target.ndim == 1:
        target = np.eye(prediction.shape[1])[target.astype(int)]
    prediction = prediction.reshape(len(prediction), -1)
    target = target.reshape(len(target), -1)
    finite = bool(np.all(np.isfinite(prediction)))
    spread = float(np.mean(np.std(prediction, axis=0))) if finite else float("nan")
    target_spread = float(np.mean(np.std(target, axis=0))) or 1.0
    raise Done(json.dumps({"finite": finite, "spread_ratio": spread / target_spread,
                           "train_seconds": seconds, "script_seconds": script_seconds,
                           "epochs": len(history.history["loss"]),
                           "loss_start": loss_start, "loss_end": loss_end}))

keras.Model.fit = measure
for line in sys.stdin:
    case, seed = json.loads(line)
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    os.chdir(os.path.dirname(case))
    script_started = time.perf_counter()
    try:
        runpy.run_path(case, run_name="__main__")
        result = {"error": "no fit"}
    except Done as done:
        result = json.loads(str(done))
    except Exception as exc:
        result = {"error": f"{type(exc).__name__}: {exc}"}
    result.update(case=case, seed=seed)
    print("RESULT " + json.dumps(result), flush=True)
"""


def train_all(
    runs: list[tuple[str, int]], backend: str = "tensorflow"
) -> dict[tuple[str, int], dict[str, Any]]:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", KERAS_BACKEND=backend)
    process = subprocess.run(
        [sys.executable, "-c", TRAIN_HARNESS],
        input="".join(json.dumps(run) + "\n" for run in runs),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    results = {}
    for line in process.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT ") :])
            results[(result["case"], result["seed"])] = result
    if not results:
        sys.exit("training harness failed:\n" + process.stderr[-3000:])
    return results


def truth_outcome(result: dict[str, Any]) -> str:
    """What 20 epochs of real training ended with: diverged, collapsed or fine."""
    if "error" in result:
        raise SystemExit(f"training {result['case']} failed: {result['error']}")
    if not result.get("finite", False) or not _finite(result.get("loss_end")):
        return "diverged"
    if result["loss_end"] > TRUTH_EXPLODED * result["loss_start"]:
        return "diverged"
    if result["spread_ratio"] < TRUTH_SPREAD:
        return "collapsed"
    return "fine"


def looks_failed(report: dict[str, Any]) -> bool:
    """The truth's criterion on a fully watched probe's last look: its output spread below
    TRUTH_SPREAD, or its loss (the median of the last steps) above TRUTH_EXPLODED times the
    first batch's, or a loss that went non-finite. The probe replays fit()'s batches, so this is
    the real training read at that step (losses on batches, not on the first 256 samples)."""
    metrics = report.get("metrics") or {}
    history = metrics.get("watch_history") or []
    if not history or not all(metrics.get("loss_finite") or [False]):
        return True
    last, first_loss = history[-1], (metrics.get("loss") or [None])[0]
    if not _finite(last.get("spread_ratio")) or not _finite(last.get("loss")):
        return True
    exploded = _finite(first_loss) and last["loss"] > TRUTH_EXPLODED * first_loss
    return bool(last["spread_ratio"] < TRUTH_SPREAD or exploded)


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and value == value and abs(value) != float("inf")


def group_of(case: str) -> str:
    if Path(case).parent == REALISTIC:
        return "realistic"
    stem = Path(case).stem
    for prefix in (
        "heldout8_",
        "heldout7_",
        "heldout6_",
        "heldout5_",
        "heldout4_",
        "heldout3_",
        "heldout2_",
        "heldout_",
    ):
        if stem.startswith(prefix):
            return prefix + "*"
    return "tuning"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--cases", default=str(HERE / "cases"))
    parser.add_argument("--only", default="*", help="globs over case file names, comma-separated")
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument(
        "--training-cache",
        help="JSON file: reuse the real trainings stored there, or store them there",
    )
    parser.add_argument("--train-only", action="store_true", help="fill the cache and stop")
    parser.add_argument("--save", help="JSON file to write every probe report and training to")
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="also watch every run for the full length and read the replayed training at its"
        " last look by the truth's own criterion: what watching that long can know",
    )
    parser.add_argument(
        "--realistic",
        action="store_true",
        help="also run the realistic cases (cases_realistic/: tens of thousands of samples,"
        " seconds to minutes of training) and print their probe / training time apart",
    )
    parser.add_argument(
        "--skip-speed",
        action="store_true",
        help="agreement and confidence only: skip the latency and speed-ratio measurements",
    )
    parser.add_argument(
        "--backends",
        default="tensorflow",
        help="Keras backends, comma-separated (default tensorflow)",
    )
    args = parser.parse_args()
    cases = sorted(
        {str(p) for glob in args.only.split(",") for p in Path(args.cases).glob(glob + ".py")}
    )
    if args.realistic:
        cases += sorted(str(p) for p in REALISTIC.glob("*.py"))
    runs = [(case, seed) for case in cases for seed in range(args.seeds)]
    results = {}
    for backend in args.backends.split(","):
        print(f"\n=== backend {backend}")
        results[backend] = run_backend(args, backend, cases, runs)
    if len(results) > 1 and not args.train_only:
        compare_backends(results, runs)


def compare_backends(
    results: dict[str, dict[tuple[str, int], tuple[str, str]]], runs: list[tuple[str, int]]
) -> None:
    """How often the backends' probes say the same, and their trainings end the same."""
    names = list(results)
    print("\nbetween backends (failed vs fine; exact verdict in brackets):")
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            same_probe = same_verdict = same_training = 0
            for run in runs:
                (verdict_a, outcome_a), (verdict_b, outcome_b) = (
                    results[first][run],
                    results[second][run],
                )
                same_probe += _failed(verdict_a) == _failed(verdict_b)
                same_verdict += verdict_a == verdict_b
                same_training += (outcome_a != "fine") == (outcome_b != "fine")
            print(
                f"  {first} / {second}: probes {same_probe}/{len(runs)} ({same_verdict}),"
                f" 20-epoch trainings {same_training}/{len(runs)}"
            )
    everywhere = sum(len({_failed(results[name][run][0]) for name in names}) == 1 for run in runs)
    print(f"  all {len(names)} probes say the same on {everywhere}/{len(runs)} runs")


def _failed(verdict: str) -> bool:
    return verdict in ("collapsed", "diverged")


def run_backend(
    args: argparse.Namespace, backend: str, cases: list[str], runs: list[tuple[str, int]]
) -> dict[tuple[str, int], tuple[str, str]]:
    """Train and probe every run on `backend`; print the figures; (verdict, training outcome)
    per run."""
    started = time.perf_counter()
    cache = Path(args.training_cache) if args.training_cache else None
    stored = json.loads(cache.read_text()) if cache and cache.exists() else {}
    # TensorFlow's keys stay as they were, so existing caches still serve.
    prefix = "" if backend == "tensorflow" else f"{backend}:"
    missing = [run for run in runs if f"{prefix}{run[0]}:{run[1]}" not in stored]
    if missing:
        for (case, seed), result in train_all(missing, backend).items():
            stored[f"{prefix}{case}:{seed}"] = result
        if cache:
            cache.write_text(json.dumps(stored))
    truth = {run: stored[f"{prefix}{run[0]}:{run[1]}"] for run in runs}
    print(
        f"trained {len(missing)} runs for real in {time.perf_counter() - started:.0f} s"
        f" ({len(runs) - len(missing)} from the cache)"
    )
    if args.train_only:
        return {}

    runner = ProbeRunner(backend=backend)
    runner.warm()
    rows = []
    for case, seed in runs:
        report = runner.probe({"path": case, "seed": seed, "steps": args.steps})
        rows.append((case, seed, report, truth[(case, seed)]))

    if args.save:
        Path(args.save if backend == "tensorflow" else f"{args.save}.{backend}").write_text(
            json.dumps(
                [
                    {"case": case, "seed": seed, "report": report, "trained": trained}
                    for case, seed, report, trained in rows
                ]
            )
        )

    agree = exact = 0
    groups: dict[str, list[int]] = {}
    agreed_on: list[tuple[str, bool, bool]] = []  # (case, training failed, probe agreed)
    verdict_ratios, total_ratios, latencies, verdict_latencies = [], [], [], []
    collapsed_spreads, healthy_spreads = [], []
    per_step: list[float] = []
    print(
        f"\n{'case':40} seed  probe      spread_end  | trained    spread   loss x  train s  agree"
    )
    for case, seed, report, trained in rows:
        verdict = report["verdict"]
        says = verdict in ("collapsed", "diverged")
        outcome = truth_outcome(trained)
        actual = outcome != "fine"
        agree += says == actual
        agreed_on.append((case, actual, says == actual))
        exact += verdict == outcome or (verdict in ("healthy", "stalled") and outcome == "fine")
        tally = groups.setdefault(group_of(case), [0, 0])
        tally[0] += says == actual
        tally[1] += 1
        spread_end = (report.get("metrics") or {}).get("spread_ratio_end")
        if spread_end is not None and says == actual and verdict != "diverged":
            (collapsed_spreads if actual else healthy_spreads).append(spread_end)
        timings = report["timings"]
        total = timings.get("total", float("nan"))
        verdict_seconds = total - timings.get("what_if", 0.0)
        metrics = report.get("metrics") or {}
        if group_of(case) != "realistic":  # their speed is printed apart
            latencies.append(total)
            verdict_latencies.append(verdict_seconds)
            verdict_ratios.append(verdict_seconds / trained["train_seconds"])
            if metrics.get("steps") == args.steps and "probe" in timings:
                per_step.append(timings["probe"] / args.steps)
            total_ratios.append(total / trained["train_seconds"])
        loss_growth = (
            trained["loss_end"] / trained["loss_start"]
            if _finite(trained.get("loss_end")) and trained.get("loss_start")
            else None
        )
        print(
            f"{Path(case).stem:40} {seed:4}  {verdict:9}  {_num(spread_end):>10}  |"
            f" {outcome:9} {_num(trained.get('spread_ratio')):>8} {_num(loss_growth):>8}"
            f" {trained['train_seconds']:7.1f}  {'yes' if says == actual else 'NO'}"
        )

    print_confidence(rows)
    if args.skip_speed:
        runner.close()
        print(f"\nagreement with 20-epoch training: {agree}/{len(rows)} ({agree / len(rows):.1%})")
        return {
            (case, seed): (report["verdict"], truth_outcome(trained))
            for case, seed, report, trained in rows
        }
    cold = []
    healthy = str(Path(args.cases) / "healthy_mlp.py")
    for _ in range(2):
        cold.append(run_probe({"path": healthy, "backend": backend})["timings"]["total"])
    # The cost of one more step, tracing aside: a 330-step probe against a 30-step one.
    marginal = []
    for _ in range(2):
        short, long = (
            runner.probe({"path": healthy, "steps": steps, "watch_longer": False})["timings"]
            for steps in (30, 330)
        )
        marginal.append((long["probe"] - short["probe"]) / 300)
    warm_healthy = []
    for _ in range(3):
        time.sleep(3.0)  # as in an editor: the spare child has warmed up meanwhile
        warm_healthy.append(runner.probe({"path": healthy})["timings"]["total"])
    # As in an editor, where probes are seconds apart: the spare child has warmed up.
    idle_ratios, idle_verdict_ratios = [], []
    idle: dict[str, dict[str, float]] = {}
    for case in cases:
        time.sleep(IDLE_SECONDS)
        timings = runner.probe({"path": case, "seed": 0, "steps": args.steps})["timings"]
        idle[case] = timings
        if group_of(case) == "realistic":
            continue
        train_seconds = truth[(case, 0)]["train_seconds"]
        idle_ratios.append(timings["total"] / train_seconds)
        idle_verdict_ratios.append((timings["total"] - timings.get("what_if", 0.0)) / train_seconds)
    ceiling = 0
    if args.ceiling:
        for case, seed, _, trained in rows:
            request = {"path": case, "seed": seed, "steps": args.steps, "watch_longer": "always"}
            read = looks_failed(runner.probe(request))
            ceiling += read == (truth_outcome(trained) != "fine")
    runner.close()

    print(f"\nagreement with 20-epoch training: {agree}/{len(rows)} ({agree / len(rows):.1%})")
    for name in sorted(groups):
        agreed, count = groups[name]
        print(f"  {name:10} {agreed}/{count}")
    print(
        f"  same verdict as training's outcome (collapsed / diverged / fine): {exact}/{len(rows)}"
    )
    # A case whose training fails on some seeds and not on others sits on a knife edge: the
    # probe's own batches differ from fit()'s shuffled ones, so there it can only be lucky.
    outcomes: dict[str, set[bool]] = {}
    for case, failed, _ in agreed_on:
        outcomes.setdefault(case, set()).add(failed)
    for label, wanted in (("seed-stable", 1), ("seed-dependent", 2)):
        subset = [(case, ok) for case, _, ok in agreed_on if len(outcomes[case]) == wanted]
        cases_in = len({case for case, _ in subset})
        print(f"  on {label} cases ({cases_in}): {sum(ok for _, ok in subset)}/{len(subset)}")
    if args.ceiling:
        print(
            f"  training's own state after {args.steps * 10} steps (the same batches), read by"
            f" the truth's criterion: {ceiling}/{len(rows)} ({ceiling / len(rows):.1%})"
        )
    print(
        "probe spread_ratio_end where probe and training agree: collapsed runs <="
        f" {_num(max(collapsed_spreads, default=None))},"
        f" fine runs >= {_num(min(healthy_spreads, default=None))}"
    )
    if args.realistic:
        realistic_speed(rows, idle)
    if not verdict_ratios:  # realistic cases only (--only matching no toy case)
        return {
            (case, seed): (report["verdict"], truth_outcome(trained))
            for case, seed, report, trained in rows
        }
    print(
        "warm probe / training time, back to back, median:"
        f" {statistics.median(verdict_ratios):.2f} for the verdict,"
        f" {statistics.median(total_ratios):.2f} with the what-if re-probes"
    )
    print(
        f"warm probe / training time, {IDLE_SECONDS:.0f} s apart (seed 0 of each case), median:"
        f" {statistics.median(idle_verdict_ratios):.2f} for the verdict,"
        f" {statistics.median(idle_ratios):.2f} with the what-if re-probes"
    )
    print(
        "warm latency over all cases, back to back, median:"
        f" {statistics.median(verdict_latencies):.2f} s for the verdict,"
        f" {statistics.median(latencies):.2f} s with what-ifs"
    )
    print(
        f"small model latency: cold {statistics.median(cold):.2f} s,"
        f" warm after 3 s idle {statistics.median(warm_healthy):.2f} s"
    )
    print(
        "20-epoch training time, median:"
        f" {statistics.median(trained['train_seconds'] for _, _, _, trained in rows):.2f} s;"
        " probe per step (30-step runs, warm, tracing included), median:"
        f" {statistics.median(per_step) * 1000:.1f} ms; one more step (small MLP):"
        f" {statistics.median(marginal) * 1000:.2f} ms"
    )
    return {
        (case, seed): (report["verdict"], truth_outcome(trained))
        for case, seed, report, trained in rows
    }


def realistic_speed(
    rows: list[tuple[str, int, dict[str, Any], dict[str, Any]]], idle: dict[str, dict[str, float]]
) -> None:
    """Probe / training time on the realistic cases (the figures above are the toy cases'),
    and where each probe's time went (its stages, from the report's timings). The probe runs
    the script up to fit() as the training does: "ratio" sets the probe against the whole
    run (the script's work before fit() plus fit()), "own" leaves that work out of both."""
    print(
        "\nrealistic cases: probe / training time (target <= 0.05); times in s\n"
        f"{'case':20} seed  script  fit()   probe  ratio   own  idle ratio  own"
        "  | probe: script  build  steps what-if  steps watched"
    )
    ratios, own, idle_ratios, idle_own = [], [], [], []
    for case, seed, report, trained in rows:
        if group_of(case) != "realistic":
            continue
        script, train = trained.get("script_seconds", float("nan")), trained["train_seconds"]
        timings = report["timings"]
        ratios.append(timings["total"] / (script + train))
        own.append((timings["total"] - timings.get("script", 0.0)) / train)
        line = (
            f"{Path(case).stem:20} {seed:4} {script:7.1f} {train:6.1f} {timings['total']:7.2f}"
            f" {ratios[-1]:6.3f} {own[-1]:5.3f}"
        )
        if seed == 0:
            quiet = idle[case]
            idle_ratios.append(quiet["total"] / (script + train))
            idle_own.append((quiet["total"] - quiet.get("script", 0.0)) / train)
            line += f" {idle_ratios[-1]:11.3f} {idle_own[-1]:5.3f}"
        else:
            line += " " * 18
        stages = "".join(
            f" {timings.get(stage, float('nan')):6.2f}"
            for stage in ("script", "build", "probe", "what_if")
        )
        print(f"{line}  |       {stages}  {(report.get('metrics') or {}).get('steps')}")
    if ratios:
        print(
            f"realistic median: {statistics.median(ratios):.3f} back to back"
            f" ({statistics.median(own):.3f} own), {statistics.median(idle_ratios):.3f}"
            f" {IDLE_SECONDS:.0f} s apart ({statistics.median(idle_own):.3f} own)"
        )


TARGETS = {"confirmed": 0.995, "confirmed + likely": 0.98}
INCONCLUSIVE_AT_MOST = 0.10


def confidence_figures(rows: list[tuple[str, int, dict[str, Any], dict[str, Any]]]) -> str:
    """Agreement of confirmed verdicts, of confirmed and likely ones, and the inconclusive
    share, in one line."""
    tallies = {"confirmed": [0, 0], "confirmed + likely": [0, 0]}
    undecided = 0
    for _, _, report, trained in rows:
        level = report.get("confidence")
        if report["verdict"] == "inconclusive":
            undecided += 1
            continue
        agrees = _failed(report["verdict"]) == (truth_outcome(trained) != "fine")
        for name in ("confirmed", "confirmed + likely"):
            if level == "confirmed" or (name != "confirmed" and level == "likely"):
                tallies[name][0] += agrees
                tallies[name][1] += 1
    parts = []
    for name, (agreed, count) in tallies.items():
        share = agreed / count if count else float("nan")
        parts.append(f"{name} {agreed}/{count} ({share:.1%}, target >= {TARGETS[name]:.1%})")
    share = undecided / len(rows) if rows else float("nan")
    parts.append(
        f"inconclusive {undecided}/{len(rows)} ({share:.1%}, target <= {INCONCLUSIVE_AT_MOST:.0%})"
    )
    return "; ".join(parts)


def print_confidence(rows: list[tuple[str, int, dict[str, Any], dict[str, Any]]]) -> None:
    """The three figures over all runs and per set, and the reliability table."""
    print(f"\nconfidence: {confidence_figures(rows)}")
    groups: dict[str, list[tuple[str, int, dict[str, Any], dict[str, Any]]]] = {}
    for row in rows:
        groups.setdefault(group_of(row[0]), []).append(row)
    for name in sorted(groups):
        print(f"  {name:10} {confidence_figures(groups[name])}")
    table: dict[tuple[str, str], dict[str, int]] = {}
    for _, _, report, trained in rows:
        key = (report["verdict"], report.get("confidence") or "-")
        cell = table.setdefault(key, {"collapsed": 0, "diverged": 0, "fine": 0})
        cell[truth_outcome(trained)] += 1
    print("\nreliability: verdict x confidence x what 20 epochs of training ended with")
    print(f"  {'verdict':13} {'confidence':10} {'collapsed':>9} {'diverged':>9} {'fine':>6}")
    for (verdict, level), cell in sorted(table.items()):
        print(
            f"  {verdict:13} {level:10} {cell['collapsed']:9} {cell['diverged']:9} {cell['fine']:6}"
        )


def _num(value: Any) -> str:
    if isinstance(value, (int, float)):
        return f"{value:.2g}"
    return "-"


if __name__ == "__main__":
    main()
