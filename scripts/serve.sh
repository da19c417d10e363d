#!/usr/bin/env bash
# Command 1: set up whatever is missing, build, and serve the page.
#   scripts/serve.sh [--port N] [--plain]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-tools.sh
scripts/build.sh
exec node scripts/serve.mjs "$@"
