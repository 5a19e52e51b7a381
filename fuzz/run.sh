#!/usr/bin/env bash
# Runs the fuzz targets for a fixed time budget, one after another, each on
# one core (libFuzzer's default -jobs=1).
#   fuzz/run.sh engine|document|config|all [SECONDS per target, default 600]
# Needs cargo-fuzz (cargo install cargo-fuzz) and a nightly toolchain.
# Crashes land in fuzz/artifacts/<target>/; see docs/ROBUSTNESS.md.
set -euo pipefail
cd "$(dirname "$0")"
which="${1:-all}"
seconds="${2:-600}"
case "$which" in
  all) targets=(engine document config) ;;
  engine|document|config) targets=("$which") ;;
  *) echo "usage: $0 engine|document|config|all [seconds]" >&2; exit 2 ;;
esac
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  extra=()
  case "$t" in
    engine)
      # Seed with the real-looking reports in the repository.
      cp -n ../tests/fixtures/*.txt ../tests/fixtures/*.md ../examples/*.txt "corpus/$t/" 2>/dev/null || true
      extra=(-dict=dict/engine.dict -max_len=4096) ;;
    config)
      extra=(-dict=dict/config.dict -max_len=4096) ;;
  esac
  echo "== $t: $seconds s"
  cargo +nightly fuzz run "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -timeout=10 -print_final_stats=1 "${extra[@]}"
done
