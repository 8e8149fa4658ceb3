#!/usr/bin/env bash
# `npm test`: installs what the suite needs, then runs all of it:
#   typecheck, unit and integration tests on PGlite and on a real PostgreSQL server
#   (DATABASE_URL if given, else a throwaway server started here), then Playwright e2e in
#   Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/../../.."
source packages/devkit/bin/lib.sh

ensure_pnpm
install_dependencies
ensure_chromium
if [ -n "${DATABASE_URL:-}" ]; then
  export TEST_POSTGRES_URL="$DATABASE_URL"
else
  start_throwaway_postgres
fi
# tests choose their databases themselves; the app under e2e uses PGlite unless E2E_DATABASE_URL is set
unset DATABASE_URL

log "Build and typecheck"
pnpm turbo run build typecheck --output-logs=errors-only

log "Unit and integration tests (PGlite + PostgreSQL)"
pnpm turbo run test --concurrency=1 --output-logs=full

log "End-to-end tests in Chromium"
pnpm --filter @consult/e2e e2e

log "All tests passed"
