#!/usr/bin/env bash
# Sets up what is missing and runs every test: the Rust tests (core, app, generated bindings),
# the UI's type check and unit tests, the .deb build, and the end-to-end tests that drive the
# real window. Screenshots of each end-to-end step land in e2e-screenshots/.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$ROOT"

ensure_toolchains
ensure_apt "${APT_TEST[@]}"
ensure_npm "$ROOT"
ensure_npm "$ROOT/ui"
ensure_tauri_driver

say "UI: type check, unit tests and build (the app embeds ui/dist)"
npm --prefix ui run typecheck
npm --prefix ui test
npm --prefix ui run build

say "Rust tests (core, app, bindings are current)"
cargo test --workspace --exclude swreg-e2e

say "release build and .deb"
npx tauri build --bundles deb
deb=$(ls -t target/release/bundle/deb/*.deb | head -n 1)
rm -rf target/deb-root && dpkg-deb -x "$deb" target/deb-root
# A package dpkg accepts (an ASCII name: Tauri writes productName into Package), shown in the
# menu by its Chinese name; it pulls in the CJK font and recommends the fallback for rare
# name characters.
dpkg-deb -f "$deb" Package | grep -qx swreg || { echo "the .deb's Package field is not swreg" >&2; exit 1; }
grep -qx "Name=社会工作者登记管理系统" target/deb-root/usr/share/applications/*.desktop \
  || { echo "the .deb's menu entry is not named 社会工作者登记管理系统" >&2; exit 1; }
dpkg-deb -f "$deb" Depends | grep -qw fonts-noto-cjk || { echo "the .deb does not depend on fonts-noto-cjk" >&2; exit 1; }
dpkg-deb -f "$deb" Recommends | grep -qw fonts-hanazono || { echo "the .deb does not recommend fonts-hanazono" >&2; exit 1; }
export SWREG_RELEASE_APP="$ROOT/target/deb-root/usr/bin/swreg"

say "server .deb (swreg-server, swreg-admin, UI, systemd unit verified)"
bash scripts/deb-server.sh

say "app build with test hooks"
cargo build --bin swreg --features test-hooks
cp target/debug/swreg target/swreg-test-hooks
export SWREG_APP="$ROOT/target/swreg-test-hooks"

say "end-to-end tests through the real window"
rm -rf e2e-screenshots
cargo test -p swreg-e2e -- --test-threads=1
say "all tests passed; screenshots in e2e-screenshots/"
