#!/usr/bin/env bash
# Load benchmark (issue 16, 负载): 50 clients at once against 100,000 demo workers — staff paging
# the register, searching, opening records, applications and the review queues while workers
# save drafts and staff decide applications — through the core's command table, on the
# registry's connection set (one writer, a few readers). p50/p95/p99 and errors per command;
# figures and method in BENCHMARKS.md. Then the same over HTTPS through swreg-server. Exits
# non-zero on any error.
#   scripts/bench-load.sh
# The 100,000 workers are seeded once into target/bench-seed-100000 (about a minute) and copied
# for each run. Environment (defaults): SWREG_BENCH_WORKERS (100000), SWREG_LOAD_CLIENTS (50),
# SWREG_LOAD_SECONDS (60), SWREG_LOAD_THINK_MS (100), SWREG_LOAD_DECIDE_EVERY (20),
# SWREG_BENCH_DIR (the seeded folder).
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$ROOT"
ensure_toolchains

export SWREG_BENCH_WORKERS="${SWREG_BENCH_WORKERS:-100000}"
export SWREG_BENCH_DIR="${SWREG_BENCH_DIR:-$ROOT/target/bench-seed-$SWREG_BENCH_WORKERS}"
mkdir -p "$SWREG_BENCH_DIR"

say "core: ${SWREG_LOAD_CLIENTS:-50} clients on the registry's connection set"
cargo bench -p swreg-core --bench load

# The same mix over HTTPS: swreg-server on loopback with the certificate it makes (pinned by its
# fingerprint), rate limits off (loopback only), built with the test hooks so that the clients
# can answer the captcha of their logins. Kept apart from the release binary.
say "HTTPS: ${SWREG_LOAD_CLIENTS:-50} clients through swreg-server"
cargo build --release -p swreg-server --features test-hooks
cp target/release/swreg-server target/swreg-server-load
SWREG_LOAD_SERVER="$ROOT/target/swreg-server-load" cargo bench -p swreg-core --bench load
