#!/usr/bin/env bash
# End-to-end tests of editors/ in the real editors:
#   - Neovim 0.11.4 (headless) with editors/nvim as shipped, and the 0.10 recipe;
#   - VS Code (code-server 4.139.1 in headless Chromium) with the packaged .vsix.
#
#   editors/test/run.sh /path/to/report-lsp [nvim|vscode|all]
#
# Installs what it needs (editors/test/setup.sh, cached under
# ${REPORT_LSP_EDITORS_CACHE:-~/.cache/report-lsp-editors}). Screenshots go to
# target/editor-screenshots/. Exits non-zero when any check fails.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: editors/test/run.sh /path/to/report-lsp [nvim|vscode|all]" >&2
  exit 2
fi
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
WHAT="${2:-all}"
[ -x "$BIN" ] || { echo "run.sh: $BIN is not an executable file" >&2; exit 2; }

HERE="$(cd "$(dirname "$0")" && pwd)"
EDITORS="$(dirname "$HERE")"
ROOT="$(dirname "$EDITORS")"
C="${REPORT_LSP_EDITORS_CACHE:-$HOME/.cache/report-lsp-editors}"
SEED="$ROOT/../shared/seeds/000_af67df00b5c4fdf4.txt"
SHOTS="$ROOT/target/editor-screenshots"
[ -f "$SEED" ] || { echo "run.sh: seed report not found at $SEED (shared/ must sit beside the repository)" >&2; exit 2; }

T="$(mktemp -d "${TMPDIR:-/tmp}/report-lsp-editors.XXXXXX")"
: > "$T/results.log"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] || continue
    # code-server is started in its own process group (setsid): end the whole group.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  sleep 0.5
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] || continue
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  done
  if [ "${KEEP_TMP:-}" = 1 ]; then echo "run.sh: kept $T" >&2; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

FAILED=()
section() { echo; echo "=== $* ==="; }
now() { date +%s; }

# --- Neovim -------------------------------------------------------------------------
run_nvim() {
  local t0; t0=$(now)
  section "setup (Neovim)"
  "$HERE/setup.sh" nvim
  local NVIM="$C/nvim-venv/bin/nvim"
  "$NVIM" --version | head -1

  mkdir -p "$T/nvim"
  cp "$SEED" "$T/nvim/seed-000.txt"
  cp "$HERE/fixtures/report.md" "$T/nvim/report.md"
  chmod u+w "$T/nvim/"*
  local mode init rc
  for mode in full basic settings; do
    init="$HERE/nvim/init.lua"
    [ "$mode" = basic ] && init="$HERE/nvim/init-0.10.lua"
    section "Neovim: $mode ($(basename "$init"))"
    # Fresh copies each time: the full run applies fixes to the buffers (never saved).
    rc=0
    XDG_STATE_HOME="$T/nvim/state-$mode" XDG_CONFIG_HOME="$T/nvim/config" XDG_DATA_HOME="$T/nvim/data" \
      REPORT_LSP_BIN="$BIN" REPORT_LSP_SEED="$T/nvim/seed-000.txt" \
      REPORT_LSP_FIXTURE="$([ "$mode" = full ] && echo "$T/nvim/report.md")" \
      timeout 180 "$NVIM" --headless --clean -u "$init" -l "$HERE/nvim/run.lua" "$mode" > >(tee -a "$T/results.log") 2>&1 || rc=$?
    if [ "$rc" != 0 ]; then
      FAILED+=("neovim $mode (exit $rc)")
      echo "--- lsp.log"; tail -n 40 "$T/nvim/state-$mode/nvim/lsp.log" 2>/dev/null || true
    fi
  done
  echo "Neovim tests took $(( $(now) - t0 ))s"
}

# --- VS Code (code-server) -----------------------------------------------------------
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

package_vsix() {
  local dir="$EDITORS/vscode" stamp want
  want="$(sha256sum "$dir/package-lock.json" | cut -c1-64)"
  stamp="$dir/node_modules/.report-lsp-lock-sha256"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
  (cd "$dir" && node scripts/sync-settings.mjs --check --binary "$BIN")
  (cd "$dir" && npx --no-install vsce package --skip-license --allow-missing-repository --out "$T/report-lsp.vsix" >/dev/null)
  ls -l "$T/report-lsp.vsix"
}

run_vscode() {
  local t0; t0=$(now)
  section "setup (VS Code)"
  "$HERE/setup.sh" vscode
  local CS="$C/code-server/node_modules/.bin/code-server"
  export PATH="$C/n24:$PATH"   # code-server needs Node 24

  section "VS Code: package the extension"
  package_vsix

  local X="$T/vscode/extensions" U="$T/vscode/user-data" WS="$T/vscode/workspace"
  mkdir -p "$X" "$U/User" "$WS"
  cp "$SEED" "$WS/seed-000.txt"
  chmod u+w "$WS/seed-000.txt"
  python3 - "$U/User/settings.json" "$BIN" <<'PY'
import json, sys
json.dump({
    "reportLsp.server.path": sys.argv[2],
    "reportLsp.trace.server": "messages",
    "security.workspace.trust.enabled": False,
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "workbench.welcomePage.walkthroughs.openOnInstall": False,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "chat.disableAIFeatures": True,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False,
    "extensions.ignoreRecommendations": True,
    "git.enabled": False,
    "outline.collapseItems": "alwaysExpand",
    "editor.minimap.enabled": False,
    "window.zoomLevel": 0,
}, open(sys.argv[1], "w"), indent=2)
PY
  section "VS Code: install the .vsix into code-server"
  "$CS" --install-extension "$T/report-lsp.vsix" --extensions-dir "$X" --user-data-dir "$U" 2>&1 | grep -v '^$' || true
  ls "$X" | grep -q '^report-lsp\.report-lsp-' || { echo "the extension was not installed" >&2; FAILED+=("vscode: install"); return; }

  local PORT; PORT="$(free_port)"
  section "VS Code: code-server on 127.0.0.1:$PORT"
  setsid "$CS" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
    --disable-workspace-trust --extensions-dir "$X" --user-data-dir "$U" "$WS" \
    > "$T/code-server.log" 2>&1 < /dev/null &
  PIDS+=("$!")
  local i
  for i in $(seq 1 120); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz', timeout=2)" 2>/dev/null; then break; fi
    sleep 0.5
  done

  mkdir -p "$SHOTS"
  rm -f "$SHOTS"/vscode-*.png
  local rc=0
  # In its own process group, so that the browser goes too if the script is interrupted.
  PLAYWRIGHT_DIR="$C/playwright" setsid node "$HERE/vscode/test.mjs" \
    --url "http://127.0.0.1:$PORT/?folder=$WS" --file seed-000.txt \
    --bin "$BIN" --shots "$SHOTS" > >(tee -a "$T/results.log") 2>&1 < /dev/null &
  PIDS+=("$!")
  wait "$!" || rc=$?
  if [ "$rc" != 0 ]; then
    FAILED+=("vscode (exit $rc)")
    echo "--- code-server.log"; tail -n 40 "$T/code-server.log" || true
    echo "--- extension host logs"
    find "$U/logs" -name '*report-lsp*' -o -name 'exthost.log' 2>/dev/null | while read -r f; do echo "# $f"; tail -n 40 "$f"; done
  fi
  echo "screenshots: $SHOTS"
  echo "VS Code tests took $(( $(now) - t0 ))s"
}

case "$WHAT" in
  nvim) run_nvim ;;
  vscode) run_vscode ;;
  all) run_nvim; run_vscode ;;
  *) echo "run.sh: unknown part $WHAT (nvim|vscode|all)" >&2; exit 2 ;;
esac

echo
# One closing line over all the checks, e.g. "editors: 73 passed, 0 failed".
sleep 0.2
awk '/ passed, [0-9]+ failed$/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed,/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "editors: %d passed, %d failed\n", p, f }' "$T/results.log" 2>/dev/null || true
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "editor tests FAILED: ${FAILED[*]}"
  exit 1
fi
echo "editor tests passed ($WHAT)"
