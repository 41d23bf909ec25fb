#!/usr/bin/env bash
# The full fuzz run of malformed input (RELIABILITY.md): every field rule, whole record forms
# through the registry, the photo decoder and every IPC command's argument decoding, well over
# a million generated inputs in a release build. Prints each group's figures and the total.
#   scripts/fuzz.sh                      the full run (SWREG_FUZZ_SCALE=25)
#   SWREG_FUZZ_SCALE=n scripts/fuzz.sh   n times the quick run that `cargo test` does (n = 1)
#   SWREG_FUZZ_SEED=n scripts/fuzz.sh    another seed (the default, 1, repeats the same inputs)
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$ROOT"

ensure_toolchains
ensure_apt "${APT_RUN[@]}"
# The app's crate embeds ui/dist, which its test build needs to exist.
if [ ! -f "$ROOT/ui/dist/index.html" ]; then
  ensure_npm "$ROOT/ui"
  npm --prefix ui run build
fi

export SWREG_FUZZ_SCALE="${SWREG_FUZZ_SCALE:-25}"
log="$ROOT/target/fuzz.log"
mkdir -p "$ROOT/target"
say "building the fuzz tests (release)"
cargo test --release --no-run -p swreg-core --test fuzz
cargo test --release --no-run -p swreg --lib
start=$(date +%s)
say "fuzzing at scale $SWREG_FUZZ_SCALE (seed ${SWREG_FUZZ_SEED:-1})"
{
  cargo test --release -p swreg-core --test fuzz -- --nocapture
  cargo test --release -p swreg --lib ipc_fuzz -- --nocapture
} 2>&1 | tee "$log" | grep -E '^FUZZ|^test result|panicked'
end=$(date +%s)

say "figures"
grep '^FUZZ group=' "$log" | awk -v wall=$((end - start)) '
  {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    sub(/^FUZZ group=/, ""); name = $0; sub(/ inputs=.*/, "", name)
    printf "%-28s %10d inputs %10d accepted %10d rejected %8.1f s\n", name, v["inputs"], v["accepted"], v["rejected"], v["seconds"]
    total += v["inputs"]
  }
  END { printf "%-28s %10d inputs in %d s (wall)\n", "total", total, wall }'
grep '^FUZZ note' "$log" || true
