"""The probe on real scripts nobody wrote for it: what it says, and whether training agrees.

    .venv/bin/python bench/probe_ecosystem.py [--count 100] [--python PATH] [--truth]
        [--save FILE]

Takes the `.py` files of the ecosystem corpus (bench/ecosystem.py builds it in
`${DEFIB_CACHE:-~/.cache/defib}/ecosystem`) that call `.fit(` and read no data from files or
the network (no `read_csv`, `load_data`, `open(`, image folders, downloads: this machine has no
datasets), up to 20 from each of the three largest study-script repositories and the rest from
the others, in a fixed order, and runs `defib probe --output-format json` on each with
`--python` (an interpreter with Keras and the scripts' own imports: scikit-learn, pandas,
matplotlib). It prints how the probes ended: a verdict (with its confidence), or an error by
kind (a package the interpreter lacks, Keras 2 code under Keras 3, no Keras model, ...).

With --truth, each script that got a verdict is then run for real at the probe's seed (0),
its `fit()` capped at TRUTH_EPOCHS epochs, and judged by bench/probe_agreement.py's criterion
(collapsed: predictions' spread below TRUTH_SPREAD of the targets'; diverged: non-finite); a script
whose real `fit()` raises counts against a verdict that trained it.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from probe_agreement import TRUTH_SPREAD

HERE = Path(__file__).resolve().parent
CORPUS = Path(os.environ.get("DEFIB_CACHE", Path.home() / ".cache" / "defib")) / "ecosystem"
STUDY_REPOS = ("variablejun+keras4", "JS0909+Keras-ML", "SEONGMIN-96+KERAS_STUDY")
READS_DATA = re.compile(
    r"read_csv|keras\.datasets|datasets import (mnist|cifar|fashion|imdb|reuters|boston)"
    r"|\.load_data\(|open\(|flow_from|np\.load\(|loadtxt|genfromtxt|image_dataset|tfds|\.csv"
    r"|load_model|urllib|requests|glob|os\.listdir|fetch_|cv2|PIL|ImageDataGenerator|\.npy"
    r"|read_|load_boston|get_file|hub\.|from_pretrained|applications"
)
TRUTH_EPOCHS = 300

# Runs in --python: the script at seed 0, its fit() capped, the truth criterion on 256 samples.
TRUTH_HARNESS = r"""
import json, os, runpy, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np, keras

class Done(BaseException):
    pass

original_fit = keras.Model.fit

def first(value):
    return value[0] if isinstance(value, (list, tuple)) else value

def fit(model, *args, **kwargs):
    x = kwargs.get("x", args[0] if args else None)
    y = kwargs.get("y", args[1] if len(args) > 1 else None)
    args = list(args)
    if len(args) > 4:
        args[4] = min(args[4], CAP)
    kwargs["epochs"] = min(kwargs.get("epochs", 1), CAP)
    kwargs["verbose"] = 0
    original_fit(model, *args, **kwargs)
    inputs = [np.asarray(a)[:256] for a in x] if isinstance(x, (list, tuple)) else np.asarray(x)[:256]
    prediction = np.asarray(first(model.predict(inputs, verbose=0)), dtype=np.float64)
    target = np.asarray(first(y))[:256].astype(np.float64)
    if (prediction.ndim == 2 and prediction.shape[1] > 1 and target.ndim == 1
            and target.min() >= 0 and target.max() < prediction.shape[1]):
        target = np.eye(prediction.shape[1])[target.astype(int)]
    prediction = prediction.reshape(len(prediction), -1)
    target = target.reshape(len(target), -1)
    if not np.all(np.isfinite(prediction)):
        raise Done("diverged")
    spread = float(np.mean(np.std(prediction, axis=0)))
    target_spread = float(np.mean(np.std(target, axis=0))) or 1.0
    raise Done("collapsed" if spread / target_spread < TRUTH_SPREAD else "fine")

CAP, TRUTH_SPREAD = int(sys.argv[2]), float(sys.argv[3])
keras.Model.fit = fit
keras.utils.set_random_seed(0)
os.chdir(os.path.dirname(sys.argv[1]))
try:
    runpy.run_path(sys.argv[1], run_name="__main__")
    outcome = "no fit"
except Done as done:
    outcome = done.args[0]
except Exception as error:
    outcome = f"fit raised {type(error).__name__}: {error}"[:200]
print("TRUTH " + json.dumps(outcome))
"""


def candidates(count: int) -> list[str]:
    scripts = sorted(
        str(path.relative_to(CORPUS)) for path in CORPUS.glob("*/**/*.py") if _probeable(path)
    )
    random.Random(0).shuffle(scripts)
    chosen = [
        s for repo in STUDY_REPOS for s in [s for s in scripts if s.startswith(repo + "/")][:20]
    ]
    chosen += [s for s in scripts if not s.startswith(STUDY_REPOS)]
    return chosen[:count]


def _probeable(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return ".fit(" in text and READS_DATA.search(text) is None


def probe(script: str, python: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "defib", "probe", str(CORPUS / script)]
    command += ["--output-format", "json", "--timeout", "90", "--python", python]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return {"script": script, "exit": done.returncode, "error": done.stderr[-300:]}
    return {
        "script": script,
        "exit": done.returncode,
        "verdict": report.get("verdict"),
        "confidence": report.get("confidence"),
        "error": report.get("error"),
    }


def truth(script: str, python: str) -> str:
    command = [python, "-c", TRUTH_HARNESS, str(CORPUS / script), str(TRUTH_EPOCHS)]
    command.append(repr(TRUTH_SPREAD))
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return "timeout"
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("TRUTH ")), None)
    return json.loads(line[len("TRUTH ") :]) if line else f"crashed: {done.stderr[-200:]}"


def error_kind(error: str) -> str:
    if "Keras 3" in error or "tensorflow.python.keras" in error or "tf.estimator" in error:
        return "Keras 2 code under Keras 3 (told what to change)"
    if "No module named" in error:
        return "a package the interpreter lacks"
    if "no Keras model" in error or "never compiles" in error:
        return "no Keras model to probe"
    if "did not finish" in error:
        return "timed out"
    return "the script fails on its own"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--python", default=sys.executable, help="interpreter the scripts run in")
    parser.add_argument("--truth", action="store_true", help="also train each probed script")
    parser.add_argument("--save", help="append one JSON line per script here")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"no ecosystem corpus at {CORPUS}: run bench/ecosystem.py first")
    results = []
    for script in candidates(args.count):
        result = probe(script, args.python)
        if args.truth and result.get("verdict") not in (None, "error"):
            result["truth"] = truth(script, args.python)
        results.append(result)
        print(f"{script}: {result.get('verdict')} {result.get('truth', '')}", file=sys.stderr)
        if args.save:
            with open(args.save, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(result) + "\n")
    print(f"{len(results)} real scripts probed")
    verdicts = collections.Counter(
        f"{r['verdict']} ({r['confidence']})"
        for r in results
        if r.get("verdict") not in (None, "error")
    )
    for verdict, count in verdicts.most_common():
        print(f"  {count:4d}  {verdict}")
    errors = collections.Counter(
        error_kind(r.get("error") or "") for r in results if r.get("verdict") in (None, "error")
    )
    for kind, count in errors.most_common():
        print(f"  {count:4d}  error: {kind}")
    if args.truth:
        judged = [r for r in results if "truth" in r]
        said_failed = {"collapsed", "diverged"}
        agree = [
            r
            for r in judged
            if r["truth"] in ("fine", "collapsed", "diverged")
            and (r["verdict"] in said_failed) == (r["truth"] in said_failed)
        ]
        print(
            f"verdicts that training (seed 0, at most {TRUTH_EPOCHS} epochs) agrees with:"
            f" {len(agree)} / {len(judged)}"
        )
        for r in judged:
            if r not in agree:
                print(f"  {r['script']}: probe {r['verdict']}, training {r['truth']}")


if __name__ == "__main__":
    main()
