#!/usr/bin/env bash
# Installs what building the page needs, skipping anything already present at
# the right version. Idempotent: a second run takes a few seconds.
# Everything comes from rustup's servers, crates.io or npm (no GitHub downloads).
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130
WASM_PACK_VERSION=0.15.1
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n== %s\n' "$*" >&2; }

step "Rust toolchain (from rust-toolchain.toml)"
# `rustup show` installs the pinned nightly with its components and target.
rustup show active-toolchain >/dev/null 2>&1 || true
rustup toolchain install "$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)" \
  --profile minimal --component rust-src,rustfmt,clippy --target wasm32-unknown-unknown >&2

# Host tools are built with the machine's stable toolchain, outside this
# folder, so that our nightly and .cargo/config.toml do not apply to them.
has_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"; }

if ! has_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  step "wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  # Not --locked: its lockfile names a webpki-roots version the registry lacks.
  (cd / && cargo +stable install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force)
fi
if ! has_version wasm-pack "$WASM_PACK_VERSION"; then
  step "wasm-pack $WASM_PACK_VERSION (about 3 minutes)"
  (cd / && cargo +stable install wasm-pack --version "$WASM_PACK_VERSION" --force)
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm packages (binaryen's wasm-opt, playwright-core, coi-serviceworker, axe-core)"
  npm ci --no-audit --no-fund >&2
fi
