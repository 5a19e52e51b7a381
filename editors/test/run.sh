#!/usr/bin/env bash
# End-to-end tests of editors/ in the real editors:
#   - Neovim 0.11.4 (headless) with editors/nvim as shipped, and the 0.10 recipe;
#   - VS Code (code-server 4.139.1 in headless Chromium) with the packaged .vsix.
#
#   editors/test/run.sh /path/to/report-lsp [nvim|vscode|all|vscode-features]
#
# Installs what it needs (editors/test/setup.sh, cached under
# ${REPORT_LSP_EDITORS_CACHE:-~/.cache/report-lsp-editors}). Screenshots go to
# target/editor-screenshots/. Exits non-zero when any check fails.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: editors/test/run.sh /path/to/report-lsp [nvim|vscode|all|vscode-features]" >&2
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

# $PATH without any directory that holds a report-lsp: the "installed by the package
# alone" cases must not find one by accident.
path_without_report_lsp() {
  local out="" dir
  local IFS=:
  for dir in $PATH; do
    [ -n "$dir" ] && [ ! -x "$dir/report-lsp" ] && out="${out:+$out:}$dir"
  done
  echo "$out"
}
BARE_PATH="$(path_without_report_lsp)"
if PATH="$BARE_PATH" command -v report-lsp >/dev/null 2>&1; then
  echo "run.sh: could not take report-lsp off PATH" >&2; exit 2
fi

# The release archive for this machine, as scripts/release.py builds it for a release,
# around $BIN: the Neovim health and archive tests unpack it.
HOST_TARGET="$(rustc -vV | sed -n 's/^host: //p')"
release_archive() {
  local archive="$T/dist/report-lsp-$HOST_TARGET.tar.gz"
  if [ ! -f "$archive" ]; then
    python3 "$ROOT/scripts/release.py" "$HOST_TARGET" --binary "$BIN" --no-vsix --out "$T/dist" >"$T/release.log" 2>&1 \
      || { cat "$T/release.log" >&2; return 1; }
  fi
  echo "$archive"
}

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
  cp -R "$HERE/fixtures/workspace" "$T/nvim/workspace"
  chmod -R u+w "$T/nvim/"
  local mode init rc
  for mode in full basic settings features; do
    init="$HERE/nvim/init.lua"
    [ "$mode" = basic ] && init="$HERE/nvim/init-0.10.lua"
    section "Neovim: $mode ($(basename "$init"))"
    # Fresh copies each time: the full run applies fixes to the buffers (never saved).
    rc=0
    XDG_STATE_HOME="$T/nvim/state-$mode" XDG_CONFIG_HOME="$T/nvim/config" XDG_DATA_HOME="$T/nvim/data" \
      REPORT_LSP_BIN="$BIN" REPORT_LSP_SEED="$T/nvim/seed-000.txt" \
      REPORT_LSP_FIXTURE="$([ "$mode" = full ] && echo "$T/nvim/report.md")" REPORT_LSP_WORKSPACE="$T/nvim/workspace" \
      timeout 180 "$NVIM" --headless --clean -u "$init" -l "$HERE/nvim/run.lua" "$mode" > >(tee -a "$T/results.log") 2>&1 || rc=$?
    if [ "$rc" != 0 ]; then
      FAILED+=("neovim $mode (exit $rc)")
      echo "--- lsp.log"; tail -n 40 "$T/nvim/state-$mode/nvim/lsp.log" 2>/dev/null || true
    fi
  done

  # :checkhealth report_lsp and the release archive, with the README's two lines only
  # (nvim/init-health.lua) and no report-lsp on PATH unless the case puts it there.
  local archive unpacked="$T/nvim/unpacked" name rtp path expect want
  archive="$(release_archive)" || { FAILED+=("neovim: release archive"); return; }
  mkdir -p "$unpacked" "$T/nvim/bin"
  tar xzf "$archive" -C "$unpacked" --strip-components=1
  ln -sf "$BIN" "$T/nvim/bin/report-lsp"
  for name in health-on-path health-missing archive; do
    case "$name" in
      health-on-path) rtp="$EDITORS/nvim"; path="$T/nvim/bin:$BARE_PATH"; expect=ok; want="$T/nvim/bin/report-lsp" ;;
      health-missing) rtp="$EDITORS/nvim"; path="$BARE_PATH"; expect=missing; want="" ;;
      archive) rtp="$unpacked/nvim"; path="$BARE_PATH"; expect=ok; want="$unpacked/report-lsp" ;;
    esac
    section "Neovim: $name (runtimepath $rtp)"
    rc=0
    PATH="$path" XDG_STATE_HOME="$T/nvim/state-$name" XDG_CONFIG_HOME="$T/nvim/config" XDG_DATA_HOME="$T/nvim/data" \
      REPORT_LSP_RTP="$rtp" REPORT_LSP_SEED="$T/nvim/seed-000.txt" REPORT_LSP_EXPECT="$expect" REPORT_LSP_EXPECT_BIN="$want" \
      timeout 120 "$NVIM" --headless --clean -u "$HERE/nvim/init-health.lua" -l "$HERE/nvim/health.lua" "$name" \
      > >(tee -a "$T/results.log") 2>&1 || rc=$?
    [ "$rc" = 0 ] || FAILED+=("neovim $name (exit $rc)")
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

# VS Code user settings for the tests; with a binary, reportLsp.server.path points at it
# and the LSP traffic is traced; a third argument (a JSON object) adds settings.
write_settings() {
  python3 - "$1" "${2:-}" "${3:-}" <<'PY'
import json, sys
settings = {
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
    # Desktop VS Code's default; VS Code in the browser saves after a delay, which would
    # hide what the extension has to save itself (report-lsp.toml after 忽略此处).
    "files.autoSave": "off",
}
if sys.argv[2]:
    settings = {"reportLsp.server.path": sys.argv[2], "reportLsp.trace.server": "messages", **settings}
settings.update(json.loads(sys.argv[3] or "{}"))
json.dump(settings, open(sys.argv[1], "w"), indent=2)
PY
}

# Starts code-server on a free port of 127.0.0.1 with the given VAR=value environment
# words and waits until it answers; sets CS_PORT.
start_code_server() {
  local X="$1" U="$2" WS="$3" log="$4"; shift 4
  CS_PORT="$(free_port)"
  section "VS Code: code-server on 127.0.0.1:$CS_PORT"
  setsid env "$@" "$CS" --auth none --bind-addr "127.0.0.1:$CS_PORT" --disable-telemetry --disable-update-check \
    --disable-workspace-trust --extensions-dir "$X" --user-data-dir "$U" "$WS" \
    > "$log" 2>&1 < /dev/null &
  PIDS+=("$!")
  local _
  for _ in $(seq 1 120); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$CS_PORT/healthz', timeout=2)" 2>/dev/null; then break; fi
    sleep 0.5
  done
}

# Runs vscode/test.mjs in its own process group (so that the browser goes too if the
# script is interrupted); returns its exit code.
run_browser_test() {
  local rc=0
  PLAYWRIGHT_DIR="$C/playwright" setsid node "$HERE/vscode/test.mjs" "$@" \
    > >(tee -a "$T/results.log") 2>&1 < /dev/null &
  PIDS+=("$!")
  wait "$!" || rc=$?
  return "$rc"
}

show_code_server_logs() {
  local U="$1" log="$2"
  echo "--- code-server.log"; tail -n 40 "$log" || true
  echo "--- extension host logs"
  find "$U/logs" -name '*report-lsp*' -o -name 'exthost.log' 2>/dev/null | while read -r f; do echo "# $f"; tail -n 40 "$f"; done
}

CS="$C/code-server/node_modules/.bin/code-server"
setup_vscode() {
  section "setup (VS Code)"
  "$HERE/setup.sh" vscode
  export PATH="$C/n24:$PATH"   # code-server needs Node 24

  section "VS Code: package the extension"
  package_vsix
  mkdir -p "$SHOTS"
  rm -f "$SHOTS"/vscode-*.png
}

run_vscode() {
  local t0; t0=$(now)
  setup_vscode

  local X="$T/vscode/extensions" U="$T/vscode/user-data" WS="$T/vscode/workspace"
  mkdir -p "$X" "$U/User" "$WS"
  cp "$SEED" "$WS/seed-000.txt"
  chmod u+w "$WS/seed-000.txt"
  write_settings "$U/User/settings.json" "$BIN"
  section "VS Code: install the .vsix into code-server"
  "$CS" --install-extension "$T/report-lsp.vsix" --extensions-dir "$X" --user-data-dir "$U" 2>&1 | grep -v '^$' || true
  ls "$X" | grep -q '^report-lsp\.report-lsp-' || { echo "the extension was not installed" >&2; FAILED+=("vscode: install"); return; }

  start_code_server "$X" "$U" "$WS" "$T/code-server.log" "PATH=$PATH"

  local rc=0
  run_browser_test --url "http://127.0.0.1:$CS_PORT/?folder=$WS" --file seed-000.txt \
    --bin "$BIN" --shots "$SHOTS" --logs "$U/logs" || rc=$?
  if [ "$rc" != 0 ]; then
    FAILED+=("vscode (exit $rc)")
    show_code_server_logs "$U" "$T/code-server.log"
  fi
  run_vscode_features
  run_vscode_bundled
  echo "screenshots: $SHOTS"
  echo "VS Code tests took $(( $(now) - t0 ))s"
}

# Hover, quick fixes, 忽略此处 and the workspace command (vscode/features.mjs), in a fresh
# code-server (its own user data: the full run changes settings) on a copy of
# fixtures/workspace, with reportLsp.docs.baseUrl set.
run_vscode_features() {
  section "VS Code: hover, quick-fix menu, 忽略此处, workspace diagnostics (fixtures/workspace)"
  local X="$T/vscode-features/extensions" U="$T/vscode-features/user-data" WS="$T/vscode-features/workspace"
  local DOCS="https://docs.example.invalid/report-lsp/rules.md"
  mkdir -p "$X" "$U/User"
  cp -R "$HERE/fixtures/workspace" "$WS"
  chmod -R u+w "$WS"
  # No preview tabs: report-lsp.toml stays open in its own tab while the report is edited.
  write_settings "$U/User/settings.json" "$BIN" "{\"reportLsp.docs.baseUrl\": \"$DOCS\", \"workbench.editor.enablePreview\": false}"
  "$CS" --install-extension "$T/report-lsp.vsix" --extensions-dir "$X" --user-data-dir "$U" 2>&1 | grep -v '^$' || true
  start_code_server "$X" "$U" "$WS" "$T/code-server-features.log" "PATH=$PATH"
  local rc=0
  run_browser_test --mode features --url "http://127.0.0.1:$CS_PORT/?folder=$WS" --ws "$WS" --docs "$DOCS" \
    --bin "$BIN" --shots "$SHOTS" --logs "$U/logs" || rc=$?
  if [ "$rc" != 0 ]; then
    FAILED+=("vscode features (exit $rc)")
    show_code_server_logs "$U" "$T/code-server-features.log"
  fi
}

# The platform package (`npm run package:bundled`'s script, around $BIN) installed with
# no reportLsp.server.path, and code-server run with a PATH and HOME that hold no
# report-lsp: the extension must use the binary inside it.
run_vscode_bundled() {
  section "VS Code: the package with the server inside (package-bundled.mjs)"
  local vsix="$T/report-lsp-bundled.vsix"
  (cd "$EDITORS/vscode" && node scripts/package-bundled.mjs --binary "$BIN" --out "$vsix") > "$T/package-bundled.log" 2>&1 \
    || { cat "$T/package-bundled.log"; FAILED+=("vscode bundled: package"); return; }
  tail -n 1 "$T/package-bundled.log"
  local X="$T/vscode-bundled/extensions" U="$T/vscode-bundled/user-data" WS="$T/vscode-bundled/workspace"
  local H="$T/vscode-bundled/home"
  mkdir -p "$X" "$U/User" "$WS" "$H"
  cp "$SEED" "$WS/seed-000.txt"
  cp -R "$HERE/fixtures/closed/." "$WS/"
  chmod -R u+w "$WS"
  # Problems for the reports that are not open too: vscode/test.mjs checks 往年/二季度小结.txt.
  write_settings "$U/User/settings.json" "" '{"reportLsp.workspaceDiagnostics": true}'
  if [ -e "$H/.cargo/bin/report-lsp" ] || PATH="$C/n24:$BARE_PATH" command -v report-lsp >/dev/null; then
    echo "report-lsp is still reachable without the package" >&2; FAILED+=("vscode bundled: isolation"); return
  fi
  env HOME="$H" PATH="$C/n24:$BARE_PATH" \
    "$CS" --install-extension "$vsix" --extensions-dir "$X" --user-data-dir "$U" 2>&1 | grep -v '^$' || true
  local server="" candidate
  for candidate in "$X"/report-lsp.report-lsp-*/server/report-lsp; do
    [ -x "$candidate" ] && server="$candidate"
  done
  [ -n "$server" ] || { echo "no server/report-lsp in the installed extension" >&2; FAILED+=("vscode bundled: install"); return; }
  echo "bundled server: $server"

  start_code_server "$X" "$U" "$WS" "$T/code-server-bundled.log" "HOME=$H" "PATH=$C/n24:$BARE_PATH"
  local rc=0
  run_browser_test --mode bundled --url "http://127.0.0.1:$CS_PORT/?folder=$WS" --file seed-000.txt \
    --bin "$server" --shots "$SHOTS" --logs "$U/logs" || rc=$?
  if [ "$rc" != 0 ]; then
    FAILED+=("vscode bundled (exit $rc)")
    show_code_server_logs "$U" "$T/code-server-bundled.log"
  fi
}

case "$WHAT" in
  nvim) run_nvim ;;
  vscode) run_vscode ;;
  vscode-features) setup_vscode; run_vscode_features ;;
  all) run_nvim; run_vscode ;;
  *) echo "run.sh: unknown part $WHAT (nvim|vscode|all|vscode-features)" >&2; exit 2 ;;
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
