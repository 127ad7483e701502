#!/usr/bin/env bash
# Benchmarks: Criterion for the core (certificate check over ../shared/corpora/frankencert-seeds,
# token generation, persistence of 1,000 servers) and the browser benchmark of the release
# build (certificate check, token generation, 1,000-server list and save, first-load size,
# test-certificate key generation for 2048 and 4096 bits), then the start-up benchmark (time to
# first certificate checked, cold and cached). Prints medians. Not part of the test command.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/build.sh
# The same app with the `bench` feature: its exported entry points are what the browser
# benchmark calls. Never the build admins load (dist/ has none of them).
trunk build --release --offline --features bench --dist dist-bench 2>&1 | grep -Ev '^\s*$' | tail -n 2
cargo bench --bench certificate --bench token --bench organization -- --warm-up-time 1 --measurement-time 3 2>&1 \
  | grep -E '^[a-z_/0-9 -]+$|time:' | sed 's/^/[criterion] /'
node tests/bench/browser-bench.mjs
node tests/bench/startup-bench.mjs --rounds 11
