#!/usr/bin/env bash
# Debian packages the tests use: Neovim (a second, independent LSP client), headless Chromium
# (drives VS Code in the end-to-end tests) and Kerberos headers (code-server's native modules).
set -euo pipefail
missing=()
command -v nvim >/dev/null || missing+=(neovim)
[ -x /usr/bin/chromium-headless-shell ] || missing+=(chromium-headless-shell)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi
