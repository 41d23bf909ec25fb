#!/usr/bin/env bash
# Start-up benchmark of the release app (issue: first page < 0.8 s, idle memory < 250 MiB):
# builds what changed, then starts the app on a virtual display again and again and watches
# the screen (scripts/bench_start.py): the first start on an empty data folder (the page
# 首次使用：创建系统管理员账号) and a normal start (the login page); then the memory after a
# working session (crates/e2e/tests/it/memory.rs). Figures in BENCHMARKS.md.
#   scripts/bench-start.sh [RUNS]          (default 10 runs of each)
# SWREG_BENCH_COMPARE=/path/to/other/swreg alternates its runs with another build's.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$ROOT"
runs="${1:-10}"

ensure_toolchains
ensure_apt "${APT_RUN[@]}" python3
ensure_npm "$ROOT"
ensure_npm "$ROOT/ui"
build_release

apps=(--app "$ROOT/target/release/swreg")
[ -n "${SWREG_BENCH_COMPARE:-}" ] && apps+=(--app "$SWREG_BENCH_COMPARE")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A folder with an administrator: the app opens on the login page.
"$ROOT/target/release/swreg-admin" --data-dir "$work/login" init >/dev/null
echo 'Bench#2026pass' | "$ROOT/target/release/swreg-admin" --data-dir "$work/login" \
  create-admin --username admin --name 管理员 --password-stdin >/dev/null

say "登录页 (an existing register), $runs runs"
python3 scripts/bench_start.py "${apps[@]}" --data-dir "$work/login" --runs "$runs" \
  --label "登录页: " --shot "$ROOT/target/bench-start-login.png"

# The first start: each run on an empty folder (the database is created and migrated).
say "首次使用 (an empty data folder, created and migrated at start), $runs runs"
python3 scripts/bench_start.py "${apps[@]}" --data-dir "$work/empty" --fresh --runs "$runs" \
  --label "首次使用: " --shot "$ROOT/target/bench-start-setup.png"
say "screens as drawn: target/bench-start-login.png, target/bench-start-setup.png"

# Memory after use needs a logged-in session, so the build with test hooks (the captcha's answer
# fixed) drives the pages through WebDriver, as the end-to-end tests do.
say "memory after a working session (test-hooks build through WebDriver)"
ensure_apt webkit2gtk-driver
ensure_tauri_driver
cargo build --bin swreg --features test-hooks
cp target/debug/swreg target/swreg-test-hooks
SWREG_APP="$ROOT/target/swreg-test-hooks" cargo test -p swreg-e2e --test it memory -- --ignored --nocapture 2>&1 \
  | grep -E "^memory|^  after"
