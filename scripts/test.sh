#!/usr/bin/env bash
# Command 2: set up what the tests need, then run every test:
#   1. native: rustfmt, clippy, cargo test of the core (OS threads)
#   2. in the browser: wasm-pack test --headless --chrome (Web Workers)
#   3. end to end: the built dist/ in headless Chromium (playwright-core)
# Idempotent; quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "== Debian chromium + chromium-driver" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >&2
fi
# The page in Chinese (issue 16): screenshots and layout checks need a CJK
# font, or Chinese is drawn as boxes of the wrong width.
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  echo "== Debian fonts-noto-cjk" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk fontconfig >&2
fi
scripts/setup-tools.sh

echo "== native: fmt, clippy, cargo test (core, the interpreter, the CLI)" >&2
cargo fmt --all -- --check
cargo clippy -p lockstep-core -p lockstep-python -p lockstep-cli --all-targets -q -- -D warnings
CARGO_UNSTABLE_BUILD_STD=panic_abort,std \
  cargo clippy --target wasm32-unknown-unknown -p lockstep --tests -q -- -D warnings
CARGO_UNSTABLE_BUILD_STD=panic_abort,std \
  cargo clippy --target wasm32-unknown-unknown -p lockstep --features bench -q -- -D warnings
cargo test -p lockstep-core
# Includes the interpreter's fuzzer (py/tests/fuzz.rs): 3000 generated and
# mutated programs, 0 panics, runaways, crashes or leaks (about 20 s; the
# 100,000-program run is in scripts/test-long.sh).
cargo test -p lockstep-python -p lockstep-cli
# The NFKC stand-in patched under ruff's parser (vendor/unicode_normalization_web).
cargo test -p unicode-normalization@0.1.26
# The page's pure helpers (axis, editor indentation, speed scale), natively.
cargo test -p lockstep --lib

echo "== the Python corpus's expectations still are CPython's" >&2
# Re-runs python3 on every program of tests/python/ (twice, to catch
# nondeterminism): an expected output can never drift from CPython.
if command -v python3 >/dev/null; then
  # notes/08 runs CPython's `requests` against the bundled site (PyPI).
  python3 -c 'import requests' 2>/dev/null || python3 -m pip install -q 'requests==2.34.2' >&2
  python3 tests/python/expect.py --check
fi

echo "== the native command: cargo run --release -q -p lockstep-cli -- run FILE" >&2
cargo build --release -q -p lockstep-cli
out=$(cargo run --release -q -p lockstep-cli -- run tests/python/lang/001_int_arith.py)
[ "$out" = "$(cat tests/python/lang/001_int_arith.out)" ] || { echo "lockstep run: output differs from CPython's" >&2; exit 1; }

echo "== build dist/" >&2
scripts/build.sh

echo "== browser: wasm-pack test --headless --chrome" >&2
# Only CHROMEDRIVER is named, so the runner cannot pick geckodriver instead.
CARGO_UNSTABLE_BUILD_STD=panic_abort,std CHROMEDRIVER=/usr/bin/chromedriver \
  wasm-pack test --headless --chrome --mode no-install

echo "== end to end: headless Chromium against dist/" >&2
node --test --test-concurrency=1 tests/e2e/
