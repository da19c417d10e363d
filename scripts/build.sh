#!/usr/bin/env bash
# Builds the static site into dist/: index.html, www/, the wasm and its JS
# glue (pkg/), and the COOP/COEP service worker. Any static host can serve it.
#   scripts/build.sh            release build (optimised with wasm-opt)
#   scripts/build.sh --dev      faster, unoptimised
#   scripts/build.sh --bench    release, plus the bench page (bench.html and a
#                               second wasm with the bench entry points, in
#                               dist/bench-pkg/; used by scripts/bench.sh)
#   scripts/build.sh --names    release, keeping the wasm's function names
#                               (for a browser profile, scripts/wasm-sizes.py);
#                               not what ships: the names are ~1 MB
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

profile=release
bench=no
[ "${1:-}" = "--dev" ] && profile=dev
[ "${1:-}" = "--bench" ] && bench=yes
strip=(--strip-debug)
[ "${1:-}" = "--names" ] && strip=(-g)
outdir=$([ "$profile" = dev ] && echo debug || echo release)

# Threaded wasm: std rebuilt with atomics (flags in .cargo/config.toml).
export CARGO_UNSTABLE_BUILD_STD=panic_abort,std
rm -rf dist
mkdir -p dist

# The release wasm is tuned for size (the playground's budget is 600 KB
# gzipped with the interpreter): opt-level z, the interpreter included (at
# "s" it was 646 KB gzipped, at "z" 592 KB; ARCHITECTURE.md, "The wasm's
# size"), except the traced core (s); panics abort at
# once (no message formatting: a panic is a bug the native fuzzer and tests
# look for, and on a worker it traps either way). Measured in
# ARCHITECTURE.md, "The wasm's size". Native builds keep the plain release
# profile.
size_flags=()
if [ "$profile" = release ]; then
  export CARGO_UNSTABLE_PANIC_IMMEDIATE_ABORT=true
  size_flags=(
    --config 'profile.release.opt-level="z"'
    --config 'profile.release.package.lockstep-core.opt-level="z"'
    --config 'profile.release.panic="immediate-abort"'
  )
fi

# build <pkg dir> [cargo args...]: one wasm and its JS glue into dist/<pkg dir>.
build() {
  local out=$1
  shift
  cargo build --target wasm32-unknown-unknown --profile "$profile" -p lockstep ${size_flags[@]+"${size_flags[@]}"} "$@"
  wasm-bindgen --target web --out-dir "dist/$out" --no-typescript \
    "target/wasm32-unknown-unknown/$outdir/lockstep.wasm"
  # A silent single-threaded build is the classic failure: refuse to ship one.
  if ! grep -q 'shared: *true' "dist/$out/lockstep.js"; then
    echo "build.sh: dist/$out/lockstep.js does not create shared memory; the build is not threaded" >&2
    exit 1
  fi
  if [ "$profile" = release ]; then
    wasm-opt -Oz --enable-threads --enable-bulk-memory --enable-mutable-globals \
      --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types \
      ${strip[@]+"${strip[@]}"} --strip-producers \
      "dist/$out/lockstep_bg.wasm" -o "dist/$out/lockstep_bg.wasm"
  fi
}

# The bench build first, so target/ ends with the playground's wasm.
if [ "$bench" = yes ]; then
  build bench-pkg --features bench
  cp bench.html dist/
fi
build pkg

cp index.html dist/
cp -r www dist/www
# The Chinese catalog, fetched by www/boot.js only for a page in Chinese.
mkdir -p dist/www/i18n
cat core/i18n/zh/*.txt > dist/www/i18n/zh.txt
cp node_modules/coi-serviceworker/coi-serviceworker.min.js dist/
raw=$(stat -c %s dist/pkg/lockstep_bg.wasm)
gz=$(gzip -9 -c dist/pkg/lockstep_bg.wasm | wc -c)
echo "build.sh: dist/ ready (wasm $raw bytes, $gz gzipped)" >&2
