#!/usr/bin/env bash
# Install everything (Python packages with TensorFlow, system packages, npm packages, a real
# VS Code for the end-to-end tests) and run every check and test. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEFIB_CACHE="${DEFIB_CACHE:-$HOME/.cache/defib}"

bash scripts/setup-system.sh
bash scripts/setup.sh

echo "== lint and types"
.venv/bin/ruff check server tests bench
.venv/bin/ruff format --check server tests bench
.venv/bin/mypy

echo "== Python tests"
.venv/bin/python -m pytest -q -p no:cacheprovider

if [ -f package.json ]; then
  echo "== extension"
  bash scripts/e2e-setup.sh
  npm ci --no-audit --no-fund
  npm run package
  npm test
  npm run test:e2e
fi
