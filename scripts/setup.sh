# Sourced by run.sh, test.sh and fuzz.sh: installs what is missing, idempotently, and does nothing else.
# apt packages (Debian 12), npm packages, tauri-driver. Rust (cargo) and Node.js >= 20.19 must
# already be on the machine: neither can be fetched from the package registries alone.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Packages to build and run the app; the test adds the WebDriver, Xvfb and the PDF/image tools.
# fonts-hanazono prints the rare name characters (CJK Extension B) the shipped font lacks.
# x11-utils brings xdpyinfo (run.sh checks the virtual display), imagemagick the screenshot command.
APT_RUN=(build-essential pkg-config libwebkit2gtk-4.1-dev fonts-noto-cjk fonts-hanazono xvfb x11-utils imagemagick)
APT_TEST=("${APT_RUN[@]}" webkit2gtk-driver poppler-utils)

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_apt() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "apt: installing ${missing[*]}"
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

ensure_toolchains() {
  command -v cargo >/dev/null || { echo "cargo not found: install Rust (rustup) first" >&2; exit 1; }
  command -v node >/dev/null || { echo "node not found: install Node.js 20.19 or newer first" >&2; exit 1; }
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || { echo "Node.js $(node --version) is too old: 20.19 or newer is needed" >&2; exit 1; }
}

# npm ci in a folder when its node_modules is missing or older than its lock file.
ensure_npm() {
  local dir="$1"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "npm ci in ${dir#$ROOT/}"
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}

ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
    say "cargo install tauri-driver"
    cargo install tauri-driver --version 2.1.0 --locked
  fi
}

# A hash of every file the UI build reads (sources, config, lock file), for skipping an
# unchanged build.
ui_source_hash() {
  # Only the paths that exist (a missing one must not fail the caller under `set -e -o pipefail`).
  (cd "$ROOT/ui" && for p in src index.html package.json package-lock.json tsconfig.json vite.config.ts public; do
    if [ -e "$p" ]; then find "$p" -type f; fi
  done | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -d' ' -f1
}

# The UI (ui/dist), when its sources changed since its last build.
build_ui() {
  local ui_hash stamp
  ui_hash=$(ui_source_hash)
  stamp="$ROOT/target/ui-source-hash"
  if [ ! -f "$ROOT/ui/dist/index.html" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$ui_hash" ]; then
    say "building the UI"
    npm --prefix "$ROOT/ui" run build
    mkdir -p "$ROOT/target" && echo "$ui_hash" > "$stamp"
  else
    say "UI unchanged since its last build"
  fi
}

# The UI when changed, and the release app with swreg-admin in one cargo invocation (shared
# artefacts). An unchanged UI is not rebuilt, so cargo finds nothing to do and the app starts in
# seconds.
build_release() {
  build_ui
  say "building the app and swreg-admin (release)"
  (cd "$ROOT" && cargo build --release -p swreg -p swreg-admin --bins)
}
