#!/usr/bin/env bash
# Builds the VS Code extension: the esbuild bundle of the client plus the Python server and its
# dependencies in bundled/. libcst and PyYAML have native modules, so each package is for one VS
# Code target (`vsce package --target`) and holds that platform's wheels for every CPython 3.10+
# the package index has them for (scripts/bundle_server.py, with uv).
#   bash scripts/build-vsix.sh                 # this machine's target -> defib-<version>.vsix
#   bash scripts/build-vsix.sh --target T      # one target -> defib-<T>-<version>.vsix
#   bash scripts/build-vsix.sh --all-targets   # every target -> defib-<T>-<version>.vsix
#   bash scripts/build-vsix.sh --server-only   # only bundled/, for this machine's target
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

all_targets=(linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 win32-arm64)

host_target() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    MINGW* | MSYS* | CYGWIN*) os=win32 ;;
    *) echo "build-vsix: no VS Code target for $(uname -s)" >&2; exit 1 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64 | AMD64) arch=x64 ;;
    aarch64 | arm64 | ARM64) arch=arm64 ;;
    *) echo "build-vsix: no VS Code target for $(uname -m)" >&2; exit 1 ;;
  esac
  echo "$os-$arch"
}

mode=host
targets=("$(host_target)")
case "${1:-}" in
  "") ;;
  --server-only) mode=server-only ;;
  --all-targets)
    mode=named
    # This machine's target last, so bundled/ is left matching it for running from source.
    host="${targets[0]}"
    targets=()
    for target in "${all_targets[@]}"; do [[ "$target" == "$host" ]] || targets+=("$target"); done
    targets+=("$host")
    ;;
  --target)
    mode=named
    targets=("${2:?--target needs a target: ${all_targets[*]}}")
    ;;
  *) echo "build-vsix: unknown option $1" >&2; exit 2 ;;
esac

python="${DEFIB_BUILD_PYTHON:-}"
if [[ -z "$python" ]]; then
  if [[ -x "$root/.venv/bin/python" ]]; then python="$root/.venv/bin/python"; else python="python3"; fi
fi
"$python" -m uv --version >/dev/null 2>&1 \
  || { echo "build-vsix: $python has no uv (pip install uv; bash scripts/setup.sh installs it)" >&2; exit 1; }
started=$SECONDS

# defib itself is pure Python: one wheel serves every target.
rm -rf build/vsix
"$python" -m pip wheel --quiet --disable-pip-version-check --no-deps --wheel-dir build/vsix "$root"
wheel="$(ls build/vsix/defib-*.whl)"

if [[ "$mode" != server-only ]]; then
  node esbuild.mjs --production
fi
version="$(node -p 'require("./package.json").version')"
# client/README.md's images are relative to client/; vsce would resolve them from the root.
images="$(node -p 'require("./package.json").repository.url.replace(/\.git$/, "")')/raw/HEAD/client/"

for target in "${targets[@]}"; do
  "$python" scripts/bundle_server.py --target "$target" --wheel "$wheel" --out bundled
  if [[ "$target" == "$(host_target)" ]]; then
    # Fail the build if the bundle for the building Python cannot start the server on its own.
    tag="$("$python" -c 'import sys; print(f"cp{sys.version_info[0]}{sys.version_info[1]}")')"
    "$python" -S -c 'import sys; sys.path.insert(0, sys.argv[1]); import defib.lsp.server, libcst, libcst.tool, pygls, lsprotocol' "$root/bundled/libs/$tag" \
      || { echo "build-vsix: bundled/libs/$tag is incomplete" >&2; exit 1; }
  fi
  if [[ "$mode" == server-only ]]; then
    continue
  fi
  if [[ "$mode" == host ]]; then out="defib-$version.vsix"; else out="defib-$target-$version.vsix"; fi
  # vsce lists every file under its folder before .vscodeignore filters them, .venv and
  # node_modules included (tens of thousands): pack from a folder holding only the candidates.
  stage="build/vsix/stage"
  rm -rf "$stage"
  mkdir -p "$stage"
  cp -R package.json .vscodeignore LICENSE CHANGELOG.md dist bundled client "$stage/"
  (cd "$stage" && "$root/node_modules/.bin/vsce" package --no-dependencies --target "$target" \
    --readme-path client/README.md --changelog-path CHANGELOG.md --baseImagesUrl "$images" \
    --out "$root/$out")
  echo "build-vsix: built $root/$out ($(du -h "$out" | cut -f1))"
done
echo "build-vsix: ${#targets[@]} target(s) in $((SECONDS - started)) s"
