"""Does the 30-step probe agree with 20 epochs of real training? And how fast is it?

    .venv/bin/python bench/probe_agreement.py [--seeds 3] [--cases bench/cases]

For every case script x seed it trains for real (the script's own fit(), 20 epochs, in a
separate TensorFlow process) and calls the output "collapsed" when its predictions are
non-finite or their spread across inputs is below TRUTH_SPREAD of the targets' spread. The
probe "says collapsed" when its verdict is collapsed or diverged. Prints the agreement, the
probe / training time ratio and cold vs warm latency. Cases named `heldout_*` were written
after the first thresholds were set (one of them then led to the gradient-norm rule), and
`heldout2_*` after that rule; both are reported apart.
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
HERE = Path(__file__).resolve().parent

# Runs inside a TensorFlow process: train each case for real, one JSON line per (case, seed).
TRAIN_HARNESS = r"""
import json, os, runpy, sys, time
import numpy as np
import keras

class Done(BaseException):
    pass

original_fit = keras.Model.fit

def measure(model, *args, **kwargs):
    started = time.perf_counter()
    history = original_fit(model, *args, **kwargs)
    seconds = time.perf_counter() - started
    x = kwargs.get("x", args[0] if args else None)
    y = kwargs.get("y", args[1] if len(args) > 1 else None)
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
                           "train_seconds": seconds,
                           "loss_end": float(history.history["loss"][-1])}))

keras.Model.fit = measure
for line in sys.stdin:
    case, seed = json.loads(line)
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    os.chdir(os.path.dirname(case))
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


def train_all(runs: list[tuple[str, int]]) -> dict[tuple[str, int], dict[str, Any]]:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
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


def truth_collapsed(result: dict[str, Any]) -> bool:
    ratio = result.get("spread_ratio")
    return not result.get("finite", False) or ratio is None or ratio < TRUTH_SPREAD


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--cases", default=str(HERE / "cases"))
    parser.add_argument("--steps", type=int, default=30)
    args = parser.parse_args()
    cases = sorted(str(p) for p in Path(args.cases).glob("*.py"))
    runs = [(case, seed) for case in cases for seed in range(args.seeds)]

    started = time.perf_counter()
    truth = train_all(runs)
    print(f"trained {len(truth)} runs for real in {time.perf_counter() - started:.0f} s")

    runner = ProbeRunner()
    runner.warm()
    rows = []
    for case, seed in runs:
        report = runner.probe({"path": case, "seed": seed, "steps": args.steps})
        trained = truth[(case, seed)]
        rows.append((case, seed, report, trained))

    agree = 0
    groups: dict[str, list[int]] = {"heldout_": [0, 0], "heldout2_": [0, 0]}
    ratios, worker_parts, probe_parts, warm_latencies = [], [], [], []
    collapsed_spreads, healthy_spreads = [], []
    print(f"\n{'case':32} seed  probe      spread_end  | trained  spread     agree")
    for case, seed, report, trained in rows:
        verdict = report["verdict"]
        says = verdict in ("collapsed", "diverged")
        actual = truth_collapsed(trained)
        agree += says == actual
        for prefix, tally in groups.items():
            if Path(case).stem.startswith(prefix):
                tally[0] += says == actual
                tally[1] += 1
        spread_end = (report.get("metrics") or {}).get("spread_ratio_end")
        if spread_end is not None and says == actual:
            (collapsed_spreads if actual else healthy_spreads).append(spread_end)
        total = report["timings"].get("total", float("nan"))
        warm_latencies.append(total)
        if trained.get("train_seconds"):
            ratios.append(total / trained["train_seconds"])
            probe_parts.append(report["timings"].get("probe", 0.0) / trained["train_seconds"])
            worker_parts.append(
                report["timings"].get("worker_total", 0.0) / trained["train_seconds"]
            )
        print(
            f"{Path(case).stem:32} {seed:4}  {verdict:9}  {_num(spread_end):>10}  |"
            f" {'collapsed' if actual else 'fine':8} {_num(trained.get('spread_ratio')):>9}"
            f"  {'yes' if says == actual else 'NO'}"
        )

    cold = []
    healthy = str(Path(args.cases) / "healthy_mlp.py")
    for _ in range(2):
        cold.append(run_probe({"path": healthy})["timings"]["total"])
    warm_healthy = []
    for _ in range(3):
        time.sleep(3.0)  # as in an editor: the spare child has warmed up meanwhile
        warm_healthy.append(runner.probe({"path": healthy})["timings"]["total"])
    runner.close()

    print(f"\nagreement with 20-epoch training: {agree}/{len(rows)} ({agree / len(rows):.0%})")
    for prefix, (agreed, count) in groups.items():
        if count:
            print(f"  of which {prefix}* cases: {agreed}/{count}")
    print(
        "probe spread_ratio_end where probe and training agree: collapsed runs <="
        f" {_num(max(collapsed_spreads, default=None))},"
        f" fine runs >= {_num(min(healthy_spreads, default=None))}"
    )
    print(
        f"warm probe / training time: median {statistics.median(ratios):.2f} back to back"
        f" (the probe child's own time: {statistics.median(worker_parts):.2f};"
        f" the measured steps only: {statistics.median(probe_parts):.2f})"
    )
    print(
        "warm latency over all cases, back to back:"
        f" median {statistics.median(warm_latencies):.2f} s"
    )
    print(
        f"small model latency: cold {statistics.median(cold):.2f} s,"
        f" warm after 3 s idle {statistics.median(warm_healthy):.2f} s"
    )


def _num(value: Any) -> str:
    if isinstance(value, (int, float)):
        return f"{value:.2g}"
    return "-"


if __name__ == "__main__":
    main()
