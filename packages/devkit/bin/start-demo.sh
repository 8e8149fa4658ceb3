#!/usr/bin/env bash
# `npm start`: installs dependencies, builds, and starts the platform on its embedded default:
# PGlite and files under ./.data/, demo accounts seeded, mail to a demo mailbox page.
set -euo pipefail
cd "$(dirname "$0")/../../.."
source packages/devkit/bin/lib.sh

ensure_pnpm
install_dependencies
log "Building"
pnpm turbo run build --filter=@consult/platform... --output-logs=errors-only

export DATA_DIR="${DATA_DIR:-$PWD/.data}"
export NODE_ENV=production DEMO_MODE=1
export PORT="${PORT:-3000}" HOST="${HOST:-127.0.0.1}"
log "Starting (data in $DATA_DIR)"
cd platform
exec node build/node/main.js
