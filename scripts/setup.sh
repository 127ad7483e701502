#!/usr/bin/env bash
# Installs everything MDM Link needs to build and test on a fresh Debian machine:
# the wasm32 target, Trunk, the wasm-bindgen CLI pinned to Cargo.lock, wasm-opt (npm
# binaryen), cargo-audit, Chromium + ChromeDriver, Playwright (no browser download), OpenSSL and
# Python `cryptography`. Idempotent: each step checks first and is skipped when done.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
CARGO_AUDIT_VERSION=0.22.2
CRYPTOGRAPHY_VERSION=50.0.2
ICALENDAR_VERSION=7.3.2

say() { printf '[setup] %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  say "installing trunk $TRUNK_VERSION (several minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # --locked fails here: its lock file wants a webpki-roots the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
fi

if ! cargo audit --version 2>/dev/null | grep -q " $CARGO_AUDIT_VERSION\$"; then
  say "installing cargo-audit $CARGO_AUDIT_VERSION (about 8 minutes on 2 cores; audits offline against ../shared's RustSec copy)"
  cargo install cargo-audit --version "$CARGO_AUDIT_VERSION" --locked --no-default-features
fi

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v openssl >/dev/null || need_apt+=(openssl)
command -v gzip >/dev/null || need_apt+=(gzip)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing ${need_apt[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# npm packages: binaryen (a wasm-opt that understands what wasm-bindgen 0.2.130 emits)
# playwright-core (drives Debian's Chromium; downloads no browser) and terser (minifies the
# wasm-bindgen glue in the release build, scripts/minify-glue.mjs).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/terser ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

if ! python3 -c "import cryptography, sys; sys.exit(cryptography.__version__ != '$CRYPTOGRAPHY_VERSION')" 2>/dev/null; then
  say "installing python cryptography $CRYPTOGRAPHY_VERSION"
  python3 -m pip install --quiet --disable-pip-version-check "cryptography==$CRYPTOGRAPHY_VERSION"
fi

if ! python3 -c "import icalendar, sys; sys.exit(icalendar.__version__ != '$ICALENDAR_VERSION')" 2>/dev/null; then
  say "installing python icalendar $ICALENDAR_VERSION (an independent parser for the reminder files)"
  python3 -m pip install --quiet --disable-pip-version-check "icalendar==$ICALENDAR_VERSION"
fi

say "tools ready"
