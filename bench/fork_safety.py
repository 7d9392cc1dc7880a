"""Is forking a process that has imported a Keras backend safe? (docs/probe.md, warm worker)

    .venv/bin/python bench/fork_safety.py [--backends tensorflow,jax,torch] [--children 5]

For each backend, in a fresh process: import the framework and Keras, then either run no
operation ("import only", what the warm worker does) or one small operation ("after an op"),
then fork children one after another; each child runs a small operation and a tiny Keras
training step and exits. A child that has not finished in CHILD_SECONDS is counted as hung and
killed. Prints per backend and case: children finished / hung, and the child's median time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

CHILD_SECONDS = 30

HARNESS = r"""
import json, os, signal, sys, time
backend, op_first, children = sys.argv[1], sys.argv[2] == "1", int(sys.argv[3])
os.environ["KERAS_BACKEND"] = backend
import importlib
framework = importlib.import_module(backend)
import keras
import numpy as np

def tiny_op():
    return keras.ops.convert_to_numpy(keras.ops.add(keras.ops.ones((4, 4)), 1.0)).sum()

def train():
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(4), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.train_on_batch(np.zeros((8, 4), "float32"), np.zeros((8,), "float32"))

if op_first:
    tiny_op()
results = []
for _ in range(children):
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        signal.alarm(CHILD_SECONDS)
        tiny_op()
        train()
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    ok = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    results.append({"ok": ok, "seconds": time.perf_counter() - started,
                    "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None})
print("RESULT " + json.dumps(results), flush=True)
os._exit(0)
""".replace("CHILD_SECONDS", str(CHILD_SECONDS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backends", default="tensorflow,jax,torch")
    parser.add_argument("--children", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    print(f"{'backend':11} {'parent':12} finished  hung  child median s")
    for backend in args.backends.split(","):
        for op_first, label in ((False, "import only"), (True, "after an op")):
            process = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    HARNESS,
                    backend,
                    "1" if op_first else "0",
                    str(args.children),
                ],
                capture_output=True,
                text=True,
                env=env,
                timeout=CHILD_SECONDS * (args.children + 2),
                check=False,
            )
            lines = [ln for ln in process.stdout.splitlines() if ln.startswith("RESULT ")]
            if not lines:
                print(f"{backend:11} {label:12} harness failed: {process.stderr[-300:]}")
                continue
            results = json.loads(lines[-1][len("RESULT ") :])
            finished = sum(r["ok"] for r in results)
            median = statistics.median(r["seconds"] for r in results)
            print(
                f"{backend:11} {label:12} {finished:8}  {len(results) - finished:4}  {median:14.2f}"
            )


if __name__ == "__main__":
    main()
