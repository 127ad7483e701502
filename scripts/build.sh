#!/usr/bin/env bash
# Builds the release app into dist/ (Trunk, wasm-bindgen, wasm-opt -Oz). Installs what is missing.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/setup.sh
cargo fetch --quiet
trunk build --release --offline 2>&1 | grep -Ev '^\s*$' | tail -n 5
echo "[build] dist/ ready: $(du -sh dist | cut -f1)"
