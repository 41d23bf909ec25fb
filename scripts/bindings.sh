#!/usr/bin/env bash
# Regenerates ui/src/api/generated/bindings.ts from the Rust types.
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATE_BINDINGS=1 cargo test --lib -p swreg bindings_are_current
