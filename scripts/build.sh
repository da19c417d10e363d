#!/usr/bin/env bash
# Builds the static site into dist/: index.html, www/, the wasm and its JS
# glue (pkg/), and the COOP/COEP service worker. Any static host can serve it.
#   scripts/build.sh            release build (optimised with wasm-opt)
#   scripts/build.sh --dev      faster, unoptimised
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

profile=release
[ "${1:-}" = "--dev" ] && profile=dev
outdir=$([ "$profile" = dev ] && echo debug || echo release)

# Threaded wasm: std rebuilt with atomics (flags in .cargo/config.toml).
export CARGO_UNSTABLE_BUILD_STD=panic_abort,std
cargo build --target wasm32-unknown-unknown --profile "$profile" -p lockstep

rm -rf dist
mkdir -p dist
wasm-bindgen --target web --out-dir dist/pkg --no-typescript \
  "target/wasm32-unknown-unknown/$outdir/lockstep.wasm"

# A silent single-threaded build is the classic failure: refuse to ship one.
if ! grep -q 'shared: *true' dist/pkg/lockstep.js; then
  echo "build.sh: dist/pkg/lockstep.js does not create shared memory; the build is not threaded" >&2
  exit 1
fi

if [ "$profile" = release ]; then
  wasm-opt -Oz --enable-threads --enable-bulk-memory --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types \
    --strip-debug --strip-producers \
    dist/pkg/lockstep_bg.wasm -o dist/pkg/lockstep_bg.wasm
fi

cp index.html dist/
cp -r www dist/www
cp node_modules/coi-serviceworker/coi-serviceworker.min.js dist/
raw=$(stat -c %s dist/pkg/lockstep_bg.wasm)
gz=$(gzip -9 -c dist/pkg/lockstep_bg.wasm | wc -c)
echo "build.sh: dist/ ready (wasm $raw bytes, $gz gzipped)" >&2
