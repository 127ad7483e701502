#!/usr/bin/env bash
# Runs every test: the supply-chain audit (scripts/audit.sh: cargo audit against ../shared's
# dated RustSec copy, the npm lock-file check), rustfmt check, clippy (host and wasm32) with
# -D warnings, rustdoc with -D warnings (no broken or private links), native tests, wasm-bindgen
# tests in headless Chromium, and end-to-end tests in headless Chromium against the release
# build. Installs what is missing first.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
step() { printf '\n=== %s ===\n' "$*"; }

bash scripts/setup.sh
cargo fetch --quiet

step "supply chain (cargo audit against the dated RustSec copy; the npm lock file)"
bash scripts/audit.sh
node --test tests/tools/

step "rustfmt"
cargo fmt --all -- --check

step "clippy (host: the domain core, tests, benches)"
cargo clippy --all-targets --quiet -- -D warnings
step "clippy (wasm32: the app and its browser edges)"
cargo clippy --target wasm32-unknown-unknown --lib --bins --tests --quiet -- -D warnings

step "rustdoc (host and wasm32): doc comments link to what exists"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet --target wasm32-unknown-unknown

step "native tests"
cargo test --quiet

step "wasm-bindgen tests (headless Chromium)"
cargo test --target wasm32-unknown-unknown --test web

step "release build"
bash scripts/build.sh

step "end-to-end tests (headless Chromium, release build)"
node --test --test-concurrency=1 tests/e2e/
