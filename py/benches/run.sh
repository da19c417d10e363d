#!/usr/bin/env bash
# Times each pure-Python workload under python3 and under `lockstep run`
# (release build), best of N runs, and prints the ratios (lockstep/CPython).
# Usage: py/benches/run.sh [N]   (from the repository root)
set -euo pipefail
N=${1:-3}
cd "$(dirname "$0")/../.."
flock /tmp/lockstep-cargo.lock cargo build --release -q -p lockstep-cli
BIN=target/release/lockstep
best() {
  local best=999999
  for _ in $(seq "$N"); do
    local s e t
    s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N)
    t=$(( (e - s) / 1000000 ))
    (( t < best )) && best=$t
  done
  echo "$best"
}
printf "%-14s %10s %10s %7s\n" workload "python3 ms" "lockstep ms" ratio
for f in py/benches/py/*.py; do
  name=$(basename "$f" .py)
  if ! diff <(python3 "$f") <("$BIN" run "$f") >/dev/null; then
    echo "$name: OUTPUT DIFFERS" >&2
  fi
  p=$(best python3 "$f")
  l=$(best "$BIN" run "$f")
  printf "%-14s %10d %10d %7.2f\n" "$name" "$p" "$l" "$(echo "scale=2; $l / $p" | bc)"
done
