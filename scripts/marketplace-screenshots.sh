#!/usr/bin/env bash
# Refreshes the screenshots on the extension's marketplace page (client/README.md) from the ones
# the end-to-end tests take: run `npm run package && npm run test:e2e` first, then this.
set -euo pipefail
cd "$(dirname "$0")/.."
shots=(test-results/marketplace/*.png)
if [[ ! -e "${shots[0]}" ]]; then
  echo "marketplace-screenshots: no test-results/marketplace/*.png; run npm run test:e2e first" >&2
  exit 1
fi
for shot in "${shots[@]}"; do
  cp "$shot" client/media/
  echo "marketplace-screenshots: client/media/$(basename "$shot")"
done
