#!/usr/bin/env bash
# Installs what is missing, builds the release app and serves dist/ as static files on
# http://127.0.0.1:${PORT:-8080} (the app is plain static files in production too).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/build.sh
PORT="${PORT:-8080}"
echo "[serve] MDM Link on http://127.0.0.1:$PORT/  (Ctrl-C stops)"
exec node tests/e2e/static-server.mjs dist "$PORT"
