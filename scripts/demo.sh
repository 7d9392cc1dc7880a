#!/usr/bin/env bash
# The main job on the bundled examples: install into .venv, then check examples/ and print
# the findings. Exit status is defib's: 1 means findings were reported (as expected here).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
set +e
.venv/bin/defib check examples/
status=$?
set -e
[ "$status" -le 1 ] || exit "$status"
