#!/usr/bin/env bash
# Create .venv and install Defib with the probe on every Keras backend (TensorFlow, JAX,
# PyTorch: the backend tests run all three) and the development extras.
# Safe to run again: it reinstalls only when pyproject.toml or the extras below changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.defib-installed"
extras="probe,probe-jax,probe-torch,dev"
want="$( (cat pyproject.toml; echo "$extras") | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[$extras]"
  echo "$want" > "$stamp"
fi
