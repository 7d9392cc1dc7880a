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
# tests/packaging checks the built packages: it runs below, once they are built.
.venv/bin/python -m pytest -q -p no:cacheprovider --ignore=tests/packaging

if [ -f package.json ]; then
  echo "== extension"
  bash scripts/e2e-setup.sh
  npm ci --no-audit --no-fund
  # Every target's package; the end-to-end tests install this machine's.
  npm run package:all
  DEFIB_REQUIRE_PACKAGES=1 .venv/bin/python -m pytest -q -p no:cacheprovider tests/packaging
  npm test
  npm run test:e2e
fi
