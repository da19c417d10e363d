#!/usr/bin/env bash
# The benchmark command: every figure of docs/benchmarks.md, measured here.
#   1. native: the prime kernel on 1..N OS threads, traced-event rates
#      (cargo run --release -p lockstep-core --example bench_native), and
#      the traced core's costs (criterion: a traced event, a traced Lock
#      against a raw mutex; tests/bench/criterion.mjs reads its output)
#   2. the interpreter beside CPython: py/benches/run.sh writes
#      docs/benchmarks-python.md, included in the report
#   3. browser: the same workloads on Web Workers (dist/bench.html), frame
#      times of the playground's components under load, load to interactive
#      and pool start of dist/index.html, wasm size
# Writes docs/benchmarks.json and docs/benchmarks.md. About 4 minutes on 2 cores.
# LOCKSTEP_BENCH_RUNS (5), LOCKSTEP_BENCH_N (4000000), LOCKSTEP_BENCH_THREADS (4).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

if ! command -v chromium >/dev/null; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
fi
scripts/setup-tools.sh
scripts/build.sh --bench

mkdir -p artifacts
echo "== native half" >&2
cargo run -q --release -p lockstep-core --example bench_native -- \
  "${LOCKSTEP_BENCH_N:-4000000}" "${LOCKSTEP_BENCH_THREADS:-4}" "${LOCKSTEP_BENCH_RUNS:-5}" \
  > artifacts/bench-native.json
echo "== the traced core's costs (criterion)" >&2
# Only the benches with targets: a traced event, and an uncontended Lock
# against a raw mutex (the 16-thread and sustained-rate ones take minutes).
cargo bench -q -p lockstep-core --bench trace -- --noplot \
  'event/|lock acquire\+release/.*, 1 threads' >&2
node tests/bench/criterion.mjs > artifacts/bench-criterion.json
echo "== the interpreter beside CPython (py/benches/run.sh)" >&2
py/benches/run.sh "${LOCKSTEP_BENCH_RUNS:-5}" >/dev/null
echo "== browser half (headless Chromium)" >&2
node tests/bench/run.mjs artifacts/bench-native.json artifacts/bench-criterion.json
