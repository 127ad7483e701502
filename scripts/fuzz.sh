#!/usr/bin/env bash
# Fuzzing (issue 12): cargo-fuzz on stable Rust with `--sanitizer none`, four targets in fuzz/
# (its own Cargo workspace: the app's build and `cargo test` never see it):
#   certificate_check  uploaded bytes → certificate verdict
#   stored_state       stored JSON (root + blobs) → loaded state, and saved back
#   backup_import      backup file → import plan
#   token_open         token file + key → opened token
# Each is seeded from ../shared/corpora, tests/examples and fuzz/examples/seeds.rs. By default a
# 30 s smoke run per target; FUZZ_SECONDS=600 scripts/fuzz.sh [TARGET...] for a real run. Fails
# on a crash (fuzz/artifacts/TARGET/crash-*), a slow input (over 100 ms: -timeout, see below)
# or memory over 2 GiB. Not part of the test command: scripts/test.sh replays the committed
# regression inputs (tests/fuzz_regressions.rs) instead.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

CARGO_FUZZ_VERSION=0.13.2
SECONDS_PER_TARGET="${FUZZ_SECONDS:-30}"
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(certificate_check stored_state backup_import token_open)
SHARED="$ROOT/../shared"

if ! cargo fuzz --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION\$"; then
  echo "[fuzz] installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi
if [ ! -d "$SHARED/corpora" ]; then
  if [[ "${CI:-}" =~ ^(true|1)$ ]]; then echo "[fuzz] CI=true and $SHARED/corpora is missing" >&2; exit 1; fi
  echo "[fuzz] $SHARED/corpora is missing: seeding from tests/examples only"
fi

# Seeds: read-only folders handed to libFuzzer beside its own growing corpus (fuzz/corpus/T).
SEEDS="$ROOT/fuzz/seeds"
rm -rf "$SEEDS" && mkdir -p "$SEEDS"/{certificate_check,stored_state,backup_import,token_open}
(cd fuzz && cargo run --quiet --release --example seeds -- "$SEEDS")
{ find tests/examples -type f ! -name '*.md' ! -name '*.sh'
  [ ! -d "$SHARED/corpora" ] || find "$SHARED/corpora" -type f -size -1024k ! -name '*.md' ! -name 'LICENSE*' ! -name '*.txt'
} | while read -r f; do cp "$f" "$SEEDS/certificate_check/$(echo "$f" | md5sum | cut -c1-16)"; done
cp tests/examples/state/*.json "$SEEDS/stored_state/"
cp tests/examples/state/*.json "$SEEDS/backup_import/"
# token_open inputs: [key choice, password choice, token...]; 3 = no key (the framing and CMS reader).
for f in tests/examples/token-smime.p7m tests/examples/token-enveloped.der \
         ${SHARED:+$(find "$SHARED/corpora/openssl-fuzz-corpora/cms" -type f 2>/dev/null | head -n 300)}; do
  [ -f "$f" ] && { printf '\003\000'; cat "$f"; } > "$SEEDS/token_open/$(echo "$f" | md5sum | cut -c1-16)"
done

status=0
for target in "${TARGETS[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  echo "[fuzz] $target for ${SECONDS_PER_TARGET}s"
  # -timeout=1: libFuzzer's timeout is whole seconds; slower inputs are reported from
  # -report_slow_units (also whole seconds) and by the regression test's 100 ms check.
  if ! (cd fuzz && cargo fuzz run --sanitizer none --release "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=1 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 2>&1 | tee "corpus/$target.log" | grep -E '^#[0-9]+.*(DONE|pulse)|stat::|==|SUMMARY|panicked|Slow|Timeout' ); then
    :
  fi
  if grep -qE 'ERROR: libFuzzer|panicked|SUMMARY|Test unit written' "fuzz/corpus/$target.log"; then
    echo "[fuzz] $target FAILED: see fuzz/artifacts/$target/ and fuzz/corpus/$target.log" >&2
    status=1
  fi
  # Every input of the corpus and the seeds, timed without instrumentation: over 100 ms fails.
  if ! (cd fuzz && cargo run --quiet --release --example replay -- "$target" "corpus/$target" "seeds/$target"); then
    echo "[fuzz] $target has inputs over 100 ms (listed above)" >&2
    status=1
  fi
done
exit $status
