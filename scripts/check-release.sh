#!/usr/bin/env bash
# Checks the artifacts scripts/release.py wrote for one target, from the outside, with
# the tools a user has (sha256sum, tar) — the checksums, what the archive holds, that
# the binary in it runs, and that the .vsix carries the binary and the licences:
#
#   scripts/check-release.sh DIST_DIR TARGET
#
# Prints one line per check and "release: N passed, M failed"; exits non-zero on failure.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: scripts/check-release.sh DIST_DIR TARGET" >&2
  exit 2
fi
DIST="$(cd "$1" && pwd)"
TARGET="$2"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$ROOT/Cargo.toml" | head -n 1)"
TOP="report-lsp-$TARGET"
ARCHIVE="$DIST/$TOP.tar.gz"
PLATFORM="$(node "$ROOT/editors/vscode/scripts/package-bundled.mjs" --target "$TARGET" --print-platform)"
VSIX="$DIST/report-lsp-$PLATFORM.vsix"

passed=0
failed=0
check() {
  local name="$1"; shift
  if "$@" >/dev/null 2>&1; then
    passed=$((passed + 1)); echo "ok - $name"
  else
    failed=$((failed + 1)); echo "FAIL - $name"
  fi
}

W="$(mktemp -d "${TMPDIR:-/tmp}/report-lsp-check-release.XXXXXX")"
trap 'rm -rf "$W"' EXIT

check "$TOP.tar.gz exists" test -f "$ARCHIVE"
check "$TOP.tar.gz.sha256 verifies (sha256sum -c)" bash -c "cd '$DIST' && sha256sum -c '$TOP.tar.gz.sha256'"
check "report-lsp-$PLATFORM.vsix.sha256 verifies (sha256sum -c)" bash -c "cd '$DIST' && sha256sum -c 'report-lsp-$PLATFORM.vsix.sha256'"

tar tvzf "$ARCHIVE" > "$W/listing" 2>/dev/null || true
echo "  $TOP.tar.gz:"
sed 's/^/    /' "$W/listing"
for member in report-lsp LICENSE LICENSE-jieba README.md THIRD-PARTY-LICENSES.txt \
  nvim/README.md nvim/lsp/report_lsp.lua nvim/lua/report_lsp/init.lua nvim/lua/report_lsp/health.lua \
  nvim/plugin/report_lsp.lua; do
  check "the archive holds $TOP/$member" grep -qE " $TOP/$member\$" "$W/listing"
done
check "the binary in the archive is executable (-rwxr-xr-x)" grep -qE "^-rwxr-xr-x .* $TOP/report-lsp\$" "$W/listing"

tar xzf "$ARCHIVE" -C "$W"
U="$W/$TOP"
check "LICENSE is report-lsp's MIT licence" grep -q "Copyright (c) .* report-lsp contributors" "$U/LICENSE"
check "LICENSE-jieba carries jieba's and jieba-rs's MIT notices" \
  bash -c "grep -q 'fxsjy/jieba' '$U/LICENSE-jieba' && grep -q 'messense/jieba-rs' '$U/LICENSE-jieba' && grep -q 'MIT' '$U/LICENSE-jieba'"
check "README.md is the repository's" cmp -s "$U/README.md" "$ROOT/README.md"
check "THIRD-PARTY-LICENSES.txt lists the crates with their licence texts" \
  bash -c "grep -q '^tower-lsp-server ' '$U/THIRD-PARTY-LICENSES.txt' && grep -q 'Permission is hereby granted' '$U/THIRD-PARTY-LICENSES.txt'"

host="$(rustc -vV | sed -n 's/^host: //p')"
if [ "$host" = "$TARGET" ]; then
  version="$("$U/report-lsp" --version 2>&1 || true)"
  echo "  $version"
  check "report-lsp --version from the archive says $VERSION and a revision" \
    bash -c "[[ '$version' =~ ^report-lsp\ $VERSION\ \(.+\)$ ]]"
  out="$(printf '召开XX工作会议。\n' | "$U/report-lsp" check - 2>/dev/null || true)"
  check "report-lsp check from the archive finds a placeholder" grep -q 'warning\[placeholder\]' <<<"$out"
fi

python3 - "$VSIX" "$PLATFORM" > "$W/vsix" 2>&1 <<'PY' || true
import stat, sys, zipfile
path, platform = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(path) as z:
    names = {i.filename: i for i in z.infolist()}
    for i in z.infolist():
        print(f"  {stat.filemode(i.external_attr >> 16) if i.external_attr >> 16 else '?'} {i.file_size:>10}  {i.filename}")
    server = names.get("extension/server/report-lsp") or names.get("extension/server/report-lsp.exe")
    print("server" if server else "no-server")
    if server and platform.startswith("win32") or server and (server.external_attr >> 16) & 0o111:
        print("server-executable")
    for n in ("extension/server/LICENSE-jieba", "extension/server/THIRD-PARTY-LICENSES.txt", "extension/LICENSE.txt"):
        if n in names:
            print("has " + n)
    manifest = z.read("extension.vsixmanifest").decode()
    if f'TargetPlatform="{platform}"' in manifest:
        print("target-platform")
PY
echo "  report-lsp-$PLATFORM.vsix:"
grep '^  ' "$W/vsix" | sed 's/^/  /'
check "the .vsix holds extension/server/report-lsp" grep -qx server "$W/vsix"
check "the bundled server is executable in the .vsix" grep -qx server-executable "$W/vsix"
check "the .vsix is for $PLATFORM (TargetPlatform)" grep -qx target-platform "$W/vsix"
for n in extension/LICENSE.txt extension/server/LICENSE-jieba extension/server/THIRD-PARTY-LICENSES.txt; do
  check "the .vsix holds $n" grep -qx "has $n" "$W/vsix"
done

echo "release: $passed passed, $failed failed"
[ "$failed" = 0 ]
