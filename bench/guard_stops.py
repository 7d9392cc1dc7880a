"""Does the guard stop the benchmark's failing trainings early, and leave the healthy ones alone?

    .venv/bin/python bench/guard_stops.py [--seeds 3] [--first-seed 0] [--only 'heldout6_*']
        [--shard 0/2] [--save FILE]
    .venv/bin/python bench/guard_stops.py --summarize FILE

Every case script x seed is trained for its full 20 epochs in this process with a `Guard(stop=
False)` (it records where it would have stopped) and, after every epoch, the truth criterion of
bench/probe_agreement.py read on the first 256 samples: "diverged" (non-finite predictions or
loss, or a loss above TRUTH_EXPLODED times the untrained model's), "collapsed" (the predictions'
spread below TRUTH_SPREAD of the targets'), else "fine". A run's truth is its last epoch; the
epoch where a failure became certain is the first from which every later epoch reads the same.

Printed: on failing runs, how many the guard stopped, how many within 2 epochs of that point, and
the median share of the planned epochs saved by stopping; on fine runs the false stops (target
0); and the runs where it only reported a likely collapse (recorded, not stopped). --save
appends one JSON line per run as it finishes, so a long run can be summarized midway.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import runpy
import statistics
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
from defib.guard.sample import fit_data, take_sample
from defib.keras import Guard

TRUTH_SPREAD = 1e-3
TRUTH_EXPLODED = 10.0
WITHIN_EPOCHS = 2.0
HERE = Path(__file__).resolve().parent


class Done(BaseException):
    """Ends the case script after its fit()."""


class EpochTruth(keras.callbacks.Callback):  # type: ignore[misc]
    """The truth criterion after every epoch, on the first 256 samples."""

    def __init__(self, x: Any, y: Any) -> None:
        super().__init__()
        self.x, self.y = np.asarray(x)[:256], np.asarray(y)[:256]
        self.outcomes: list[str] = []
        self.loss_start = float("nan")

    def on_train_begin(self, logs: Any = None) -> None:
        self.loss_start = self._loss()

    def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
        self.outcomes.append(self._outcome())

    def _loss(self) -> float:
        loss_fn = keras.losses.get(self.model.loss)
        prediction = np.asarray(keras.ops.convert_to_numpy(self.model(self.x, training=False)))
        y = self.y
        if y.ndim == prediction.ndim - 1 and prediction.shape[-1] == 1:
            y = y.reshape(prediction.shape)  # as fit() does
        return float(keras.ops.convert_to_numpy(keras.ops.mean(loss_fn(y, prediction))))

    def _outcome(self) -> str:
        prediction = np.asarray(keras.ops.convert_to_numpy(self.model(self.x, training=False)))
        prediction = prediction.astype(np.float64)
        target = self.y.astype(np.float64)
        if prediction.ndim == 2 and prediction.shape[1] > 1 and target.ndim == 1:
            target = np.eye(prediction.shape[1])[target.astype(int)]
        prediction = prediction.reshape(len(prediction), -1)
        target = target.reshape(len(target), -1)
        loss = self._loss()
        if not np.all(np.isfinite(prediction)) or not np.isfinite(loss):
            return "diverged"
        if np.isfinite(self.loss_start) and loss > TRUTH_EXPLODED * self.loss_start:
            return "diverged"
        spread = float(np.mean(np.std(prediction, axis=0)))
        target_spread = float(np.mean(np.std(target, axis=0))) or 1.0
        return "collapsed" if spread / target_spread < TRUTH_SPREAD else "fine"


def run_case(case: Path, seed: int) -> dict[str, Any]:
    original_fit = keras.Model.fit
    result: dict[str, Any] = {"case": case.name, "seed": seed}

    def fit(model: Any, *args: Any, **kwargs: Any) -> Any:
        x, y = fit_data(args, kwargs)
        sample, targets = take_sample(x, y)
        guard = Guard(sample, targets, stop=False, verbose=False)
        truth = EpochTruth(x, y)
        kwargs["callbacks"] = [*(kwargs.get("callbacks") or []), guard, truth]
        original_fit(model, *args, **kwargs)
        certain = next((d for d in guard.diagnoses if d.certain), None)
        likely = next((d for d in guard.diagnoses if not d.certain), None)
        result.update(
            epochs=len(truth.outcomes),
            outcomes=truth.outcomes,
            guard=certain.to_json() if certain is not None else None,
            likely=likely.to_json() if likely is not None else None,
            guard_seconds=guard.seconds,
        )
        raise Done()

    keras.Model.fit = fit
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    cwd = os.getcwd()
    os.chdir(case.parent)
    try:
        runpy.run_path(str(case), run_name="__main__")
        result["error"] = "no fit"
    except Done:
        pass
    except Exception as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        keras.Model.fit = original_fit
        os.chdir(cwd)
    return result


def certain_epoch(outcomes: list[str]) -> int:
    """1-based epoch from which every epoch reads as the last one does."""
    last = outcomes[-1]
    epoch = len(outcomes)
    while epoch > 1 and outcomes[epoch - 2] == last:
        epoch -= 1
    return epoch


def summarize(results: list[dict[str, Any]]) -> None:
    failing: list[dict[str, Any]] = []
    healthy: list[dict[str, Any]] = []
    for result in results:
        if "error" in result:
            print(f"  {result['case']} seed {result['seed']}: {result['error']}")
            continue
        (healthy if result["outcomes"][-1] == "fine" else failing).append(result)
    stopped = [r for r in failing if r["guard"] is not None]
    within = [
        r for r in stopped if r["guard"]["epoch"] - certain_epoch(r["outcomes"]) <= WITHIN_EPOCHS
    ]
    saved = [1.0 - r["guard"]["epoch"] / r["epochs"] for r in stopped]
    false_stops = [r for r in healthy if r["guard"] is not None]
    seeds = sorted({r["seed"] for r in results})
    print(f"{len(results)} runs ({len({r['case'] for r in results})} cases, seeds {seeds})")
    print(
        f"failing runs: {len(failing)}; the guard stopped {len(stopped)}, {len(within)} of them"
        f" within {WITHIN_EPOCHS:.0f} epochs of the epoch the failure became certain"
    )
    if saved:
        print(f"median share of training saved on stopped runs: {statistics.median(saved):.0%}")
    late = [r for r in stopped if r not in within]
    for r in late:
        print(
            f"  late: {r['case']} seed {r['seed']}: certain at epoch"
            f" {certain_epoch(r['outcomes'])}, stopped at {r['guard']['epoch']:.2f}"
        )
    for r in failing:
        if r["guard"] is None:
            print(f"  not stopped: {r['case']} seed {r['seed']} ({r['outcomes'][-1]})")
    print(f"healthy runs: {len(healthy)}; false stops: {len(false_stops)} (target 0)")
    for r in false_stops:
        print(f"  false stop: {r['case']} seed {r['seed']}: {r['guard']['message']}")
    reported = [r for r in failing + healthy if r["guard"] is None and r.get("likely")]
    print(
        f"reported as likely, not stopped: {len(reported)}"
        f" ({len([r for r in reported if r in failing])} failing, "
        f"{len([r for r in reported if r in healthy])} healthy)"
    )
    for r in reported:
        print(f"  likely: {r['case']} seed {r['seed']} ({r['outcomes'][-1]})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--first-seed", type=int, default=0, help="seeds from this one on")
    parser.add_argument("--shard", default="0/1", help="i/n: every n-th case from the i-th")
    parser.add_argument("--only", default="*", help="case file pattern")
    parser.add_argument("--save", default=None, help="append one JSON line per run here")
    parser.add_argument("--summarize", default=None, help="summarize a --save file and stop")
    args = parser.parse_args()
    if args.summarize:
        lines = Path(args.summarize).read_text().splitlines()
        summarize([json.loads(line) for line in lines if line.strip()])
        return
    cases = sorted(p for p in (HERE / "cases").glob("*.py") if fnmatch.fnmatch(p.name, args.only))
    index, count = (int(part) for part in args.shard.split("/"))
    cases = cases[index::count]
    results = []
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        for case in cases:
            result = run_case(case, seed)
            results.append(result)
            if args.save:
                with open(args.save, "a", encoding="utf-8") as handle:
                    handle.write(json.dumps(result) + "\n")
            print(f"{case.name} seed {seed}: {result.get('outcomes', ['?'])[-1]}", file=sys.stderr)
    summarize(results)


if __name__ == "__main__":
    main()
