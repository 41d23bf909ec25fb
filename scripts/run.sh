#!/usr/bin/env bash
# Sets up what is missing, builds the app and opens it.
#   scripts/run.sh                      the app on its default data folder (the OS's app-data folder)
#   scripts/run.sh --data-dir <folder>  the app on another folder
# On a machine without a display the window opens on a virtual one (Xvfb :99).
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$ROOT"

ensure_toolchains
ensure_apt "${APT_RUN[@]}"
ensure_npm "$ROOT"
ensure_npm "$ROOT/ui"

say "building the UI"
npm --prefix ui run build
say "building the app (release)"
cargo build --release --bin swreg

if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=:99
  if ! xdpyinfo -display :99 >/dev/null 2>&1 && [ ! -e /tmp/.X11-unix/X99 ]; then
    Xvfb :99 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    sleep 1
  fi
  say "no display: the window is on Xvfb :99 (screenshot: DISPLAY=:99 import -window root shot.png)"
fi
say "starting 社会工作者登记管理系统"
exec "$ROOT/target/release/swreg" "$@"
