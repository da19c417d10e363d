#!/usr/bin/env bash
# The long reliability runs (not in the default test command; minutes):
#   - share-link decoding fuzzed with 100,000 cases per property
#   - the browser suite in a second browser: Debian's firefox-esr with
#     geckodriver (from the crate registry)
#   - the lock-free recorder under Miri (undefined behaviour, data races)
#   - reliability in the browser: 1000 deadlock-then-reset cycles, a
#     10-minute soak (the queue lesson and a learner's program alternating)
#     and 1000 random concurrent programs in one page, each compared with
#     CPython, sampling memory (needs dist/)
#   - the traced-core benchmark (criterion)
#   - causality: every lesson on 2,000 random parameter sets natively;
#     50 consecutive wasm-pack suite runs in Chromium; 500 fresh page loads
#     that must each start the worker pool (issue 11's evidence)
# Parts can be run alone: scripts/test-long.sh causality
# The benchmark report (docs/benchmarks.md) is scripts/bench.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/setup-tools.sh

causality() {
  echo "== causality: every lesson on 2000 random parameter sets (native)" >&2
  LOCKSTEP_PROPERTY_CASES=2000 cargo test -p lockstep-core --release --test causality
  [ -f dist/index.html ] || scripts/build.sh
  runs=${LOCKSTEP_SUITE_RUNS:-50}
  echo "== causality: $runs consecutive wasm-pack test --headless --chrome suite runs" >&2
  failed=0
  for i in $(seq 1 "$runs"); do
    if ! CARGO_UNSTABLE_BUILD_STD=panic_abort,std CHROMEDRIVER=/usr/bin/chromedriver \
        wasm-pack test --headless --chrome --mode no-install >"artifacts/suite-$i.log" 2>&1; then
      failed=$((failed + 1))
      echo "suite run $i failed: artifacts/suite-$i.log" >&2
    fi
  done
  echo "wasm-pack suite: $runs runs, $failed failed" >&2
  echo "== causality: ${LOCKSTEP_LOADS:-500} fresh page loads start the pool" >&2
  LOCKSTEP_LOADS=${LOCKSTEP_LOADS:-500} node --test tests/e2e/pool-start.test.mjs
  [ "$failed" -eq 0 ]
}
mkdir -p artifacts
if [ "${1:-}" = causality ]; then
  causality
  exit
fi

echo "== fuzz: share links, 100000 cases per property" >&2
LOCKSTEP_FUZZ_CASES=100000 cargo test -p lockstep-core --release --test share_fuzz

echo "== fuzz: the interpreter, 100000 programs (py/tests/fuzz.rs; about 15 minutes)" >&2
# It reports every panic, crash, runaway and leak with its seed.
LOCKSTEP_PY_FUZZ=100000 cargo test -p lockstep-python --release --test fuzz -- fuzz --exact --nocapture

echo "== second browser: wasm-pack test --headless --firefox" >&2
if ! command -v firefox-esr >/dev/null; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr >&2
fi
command -v geckodriver >/dev/null || (cd / && cargo +stable install geckodriver)
# Only GECKODRIVER is named here, so the runner cannot pick chromedriver.
CARGO_UNSTABLE_BUILD_STD=panic_abort,std GECKODRIVER="$(command -v geckodriver)" \
  wasm-pack test --headless --firefox --mode no-install

echo "== reliability: 1000 deadlock-reset cycles (about 6 minutes), a 10-minute soak" >&2
[ -f dist/index.html ] || scripts/build.sh
LOCKSTEP_CYCLES=1000 LOCKSTEP_SOAK_SECS=600 node --test --test-concurrency=1 tests/e2e/reliability.test.mjs
echo "== reliability: 1000 random concurrent programs in one page, each against CPython" >&2
LOCKSTEP_PROGRAMS=1000 node --test tests/e2e/programs.test.mjs

echo "== Miri: the lock-free recorder (about 9 minutes from clean)" >&2
rustup component add miri >&2
cargo miri test -p lockstep-core --lib trace

echo "== benchmarks: cargo bench -p lockstep-core --bench trace" >&2
cargo bench -p lockstep-core --bench trace -- --warm-up-time 1 --measurement-time 3

causality
