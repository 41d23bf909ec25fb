#!/usr/bin/env bash
# Sets up what is missing, builds the app and opens it.
#   scripts/run.sh                      the app on its default data folder (the OS's app-data folder)
#   scripts/run.sh --data-dir <folder>  the app on another folder
#   scripts/run.sh --demo               the app on a demo data folder (./demo-data, or $SWREG_DEMO_DIR),
#                                       seeded once by `swreg-admin seed-demo` ($SWREG_DEMO_WORKERS, 3000)
# On a machine without a display the window opens on a virtual one (Xvfb :99).
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$ROOT"

demo=0
args=()
for a in "$@"; do
  if [ "$a" = "--demo" ]; then demo=1; else args+=("$a"); fi
done

ensure_toolchains
ensure_apt "${APT_RUN[@]}"
ensure_npm "$ROOT"
ensure_npm "$ROOT/ui"

# The UI is rebuilt only when its sources changed: a stamp beside the build output holds the hash
# of every file vite reads. An unchanged ui/dist keeps its files (and times), so cargo has nothing
# to redo (the app embeds ui/dist).
build_release

if [ "$demo" = 1 ]; then
  demo_dir="${SWREG_DEMO_DIR:-$ROOT/demo-data}"
  workers="${SWREG_DEMO_WORKERS:-3000}"
  admin="$ROOT/target/release/swreg-admin"
  if [ ! -f "$demo_dir/.seeded" ]; then
    say "seeding $workers demo workers into $demo_dir (once)"
    "$admin" --data-dir "$demo_dir" init >/dev/null
    # Seeding is one transaction: a folder either has the whole demo or none of it.
    if ! "$admin" --data-dir "$demo_dir" seed-demo --workers "$workers" 2>"$demo_dir/seed.log"; then
      grep -q "已有登记记录" "$demo_dir/seed.log" || { cat "$demo_dir/seed.log" >&2; exit 1; }
    fi
    touch "$demo_dir/.seeded"
  fi
  password=$(sed -n 's/^pub const DEMO_PASSWORD: &str = "\(.*\)";/\1/p' "$ROOT/crates/core/src/demo/mod.rs")
  say "demo data: $demo_dir"
  say "demo accounts (password $password): demo_admin (管理员), demo_reviewer (审核员), demo000001 … (社工)"
  args=(--data-dir "$demo_dir" "${args[@]}")
fi

xvfb_pid=
if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=:99
  if ! xdpyinfo -display :99 >/dev/null 2>&1 && [ ! -e /tmp/.X11-unix/X99 ]; then
    Xvfb :99 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    # Stop the virtual display this script started when the app exits.
    trap '[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null' EXIT
    for _ in $(seq 50); do xdpyinfo -display :99 >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  say "no display: the window is on Xvfb :99 (screenshot: DISPLAY=:99 import -window root shot.png)"
fi
say "starting 社会工作者登记管理系统"
"$ROOT/target/release/swreg" "${args[@]}"
