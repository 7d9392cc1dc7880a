#!/usr/bin/env bash
# Builds defib-<version>.vsix: the esbuild bundle of the client plus the Python server and its
# dependencies in bundled/libs. libcst has a native module, so bundled/libs holds the wheels for
# the platform and Python version this runs on (a .vsix per platform, like vscode-pylint's).
#   bash scripts/build-vsix.sh                 # everything
#   bash scripts/build-vsix.sh --server-only   # only bundled/libs
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

python="${DEFIB_BUILD_PYTHON:-}"
if [[ -z "$python" ]]; then
  if [[ -x "$root/.venv/bin/python" ]]; then python="$root/.venv/bin/python"; else python="python3"; fi
fi
echo "build-vsix: bundling the server with $("$python" -c 'import sys; print(sys.executable, sys.version.split()[0])')"

rm -rf bundled/libs
mkdir -p bundled/libs
# The defib package from this checkout and its runtime dependencies (libcst, pygls, lsprotocol,
# attrs, cattrs, typing-extensions, pyyaml); no TensorFlow: the probe uses the user's.
"$python" -m pip install --quiet --disable-pip-version-check --no-compile \
  --target bundled/libs --upgrade "$root"
rm -rf bundled/libs/bin
find bundled/libs -name '__pycache__' -type d -prune -exec rm -rf {} +
# Fail the build if the bundle cannot import the server's dependencies on its own.
"$python" -S -c 'import sys; sys.path.insert(0, sys.argv[1]); import defib, libcst, pygls, lsprotocol, yaml' "$root/bundled/libs" \
  || { echo "build-vsix: bundled/libs is incomplete" >&2; exit 1; }

if [[ "${1:-}" == "--server-only" ]]; then
  exit 0
fi

node esbuild.mjs --production
version="$(node -p 'require("./package.json").version')"
# client/README.md's images are relative to client/; vsce would resolve them from the root.
images="$(node -p 'require("./package.json").repository.url.replace(/\.git$/, "")')/raw/HEAD/client/"
npx --no-install vsce package --no-dependencies \
  --readme-path client/README.md --changelog-path CHANGELOG.md --baseImagesUrl "$images" \
  --out "defib-$version.vsix"
echo "build-vsix: built $root/defib-$version.vsix"
